package launch

import (
	"fmt"
	"os"
	"reflect"
	"testing"
)

// requestVars are every variable Requested reads.
var requestVars = []string{
	"OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_LOCAL_SIZE", "PMIX_NAMESPACE", "OMPI_MCA_orte_hnp_uri",
	"PMI_SIZE", "MPI_LOCALNRANKS", "PMI_FD", "PMI_PORT",
	"SLURM_STEP_NUM_TASKS", "SLURM_STEP_NUM_NODES", "SLURM_STEP_TASKS_PER_NODE",
	"SLURM_NTASKS", "SLURM_NNODES", "SLURM_TASKS_PER_NODE", "SLURM_NODEID",
}

func setRequestEnv(t *testing.T, env map[string]string) {
	t.Helper()
	for _, k := range requestVars {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
}

func TestRequested(t *testing.T) {
	for _, c := range []struct {
		name string
		env  map[string]string
		want Request
	}{
		{"nothing", nil, Request{}},
		{"Open MPI", map[string]string{"OMPI_COMM_WORLD_SIZE": "4", "OMPI_COMM_WORLD_LOCAL_SIZE": "2", "PMIX_NAMESPACE": "x"},
			Request{Launcher: "Open MPI's mpirun", Ranks: 4, Local: 2, Vars: []string{"OMPI_COMM_WORLD_SIZE=4", "OMPI_COMM_WORLD_LOCAL_SIZE=2"}}},
		{"stale Open MPI", map[string]string{"OMPI_COMM_WORLD_SIZE": "4"}, Request{}},
		{"MPICH", map[string]string{"PMI_SIZE": "3", "MPI_LOCALNRANKS": "3", "PMI_FD": "5"},
			Request{Launcher: "MPICH's mpiexec", Ranks: 3, Local: 3, Vars: []string{"PMI_SIZE=3", "MPI_LOCALNRANKS=3"}}},
		{"srun 2(x3)", map[string]string{"SLURM_STEP_NUM_TASKS": "6", "SLURM_STEP_NUM_NODES": "3", "SLURM_STEP_TASKS_PER_NODE": "2(x3)", "SLURM_NODEID": "1", "SLURM_NTASKS": "9"},
			Request{Launcher: "srun", Ranks: 6, Nodes: 3, Local: 2, PerNode: []int{2, 2, 2},
				Vars: []string{"SLURM_STEP_NUM_TASKS=6", "SLURM_STEP_NUM_NODES=3", "SLURM_STEP_TASKS_PER_NODE=2(x3)"}}},
		{"srun uneven, last node", map[string]string{"SLURM_STEP_NUM_TASKS": "5", "SLURM_STEP_NUM_NODES": "2", "SLURM_STEP_TASKS_PER_NODE": "3,2", "SLURM_NODEID": "1"},
			Request{Launcher: "srun", Ranks: 5, Nodes: 2, Local: 2, PerNode: []int{3, 2},
				Vars: []string{"SLURM_STEP_NUM_TASKS=5", "SLURM_STEP_NUM_NODES=2", "SLURM_STEP_TASKS_PER_NODE=3,2"}}},
		{"batch script", map[string]string{"SLURM_NTASKS": "4", "SLURM_NNODES": "2", "SLURM_TASKS_PER_NODE": "2(x2)"},
			Request{Launcher: "Slurm", Ranks: 4, Nodes: 2, PerNode: []int{2, 2},
				Vars: []string{"SLURM_NTASKS=4", "SLURM_NNODES=2", "SLURM_TASKS_PER_NODE=2(x2)"}}},
		{"mpirun in a batch script", map[string]string{"OMPI_COMM_WORLD_SIZE": "2", "OMPI_MCA_orte_hnp_uri": "u", "SLURM_NTASKS": "4"},
			Request{Launcher: "Open MPI's mpirun", Ranks: 2, Vars: []string{"OMPI_COMM_WORLD_SIZE=2"}}},
		// srun's PMI-2 plugin sets MPICH's variables too.
		{"srun --mpi=pmi2", map[string]string{"SLURM_STEP_NUM_TASKS": "4", "SLURM_STEP_NUM_NODES": "2", "SLURM_STEP_TASKS_PER_NODE": "2(x2)", "SLURM_NODEID": "0", "PMI_SIZE": "4", "PMI_FD": "7"},
			Request{Launcher: "srun", Ranks: 4, Nodes: 2, Local: 2, PerNode: []int{2, 2},
				Vars: []string{"SLURM_STEP_NUM_TASKS=4", "SLURM_STEP_NUM_NODES=2", "SLURM_STEP_TASKS_PER_NODE=2(x2)"}}},
		{"malformed per node", map[string]string{"SLURM_STEP_NUM_TASKS": "2", "SLURM_STEP_TASKS_PER_NODE": "2(y3)"},
			Request{Launcher: "srun", Ranks: 2, Vars: []string{"SLURM_STEP_NUM_TASKS=2"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			setRequestEnv(t, c.env)
			if got := Requested(); !reflect.DeepEqual(got, c.want) {
				t.Errorf("Requested() = %+v, want %+v", got, c.want)
			}
		})
	}
}

func ExampleRequested() {
	// As srun sets them for 7 tasks on 3 nodes, on the second node.
	os.Setenv("SLURM_STEP_NUM_TASKS", "7")
	os.Setenv("SLURM_STEP_NUM_NODES", "3")
	os.Setenv("SLURM_STEP_TASKS_PER_NODE", "3,2(x2)")
	os.Setenv("SLURM_NODEID", "1")
	defer func() {
		for _, k := range []string{"SLURM_STEP_NUM_TASKS", "SLURM_STEP_NUM_NODES", "SLURM_STEP_TASKS_PER_NODE", "SLURM_NODEID"} {
			os.Unsetenv(k)
		}
	}()
	r := Requested()
	fmt.Println(r.Launcher, r.Ranks, r.Nodes, r.PerNode, r.Local)
	// Output:
	// srun 7 3 [3 2 2] 2
}
