package launch

import (
	"reflect"
	"testing"
)

// localVars are every variable LocalSize reads; each case sets its own
// and clears the rest, so the test's own environment cannot leak in.
var localVars = []string{
	"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS", "PMIX_NAMESPACE", "OMPI_MCA_orte_hnp_uri", "PMI_FD", "PMI_PORT",
	"SLURM_STEP_TASKS_PER_NODE", "SLURM_NTASKS_PER_NODE", "SLURM_NODEID",
}

func setLocalEnv(t *testing.T, env map[string]string) {
	t.Helper()
	for _, name := range localVars {
		t.Setenv(name, env[name])
	}
}

func TestLocalSize(t *testing.T) {
	for _, c := range []struct {
		name string
		env  map[string]string
		want int
	}{
		{"nothing", nil, 1},
		{"open mpi", map[string]string{"OMPI_COMM_WORLD_LOCAL_SIZE": "6", "PMIX_NAMESPACE": "ns"}, 6},
		{"open mpi's, no launcher behind it", map[string]string{"OMPI_COMM_WORLD_LOCAL_SIZE": "6"}, 1},
		{"mpich hydra", map[string]string{"MPI_LOCALNRANKS": "3", "PMI_FD": "5"}, 3},
		{"hydra's, no launcher behind it", map[string]string{"MPI_LOCALNRANKS": "3"}, 1},
		{"open mpi before slurm", map[string]string{"OMPI_COMM_WORLD_LOCAL_SIZE": "2", "OMPI_MCA_orte_hnp_uri": "u", "SLURM_STEP_TASKS_PER_NODE": "8"}, 2},
		{"bad open mpi falls through", map[string]string{"OMPI_COMM_WORLD_LOCAL_SIZE": "x", "PMIX_NAMESPACE": "ns", "MPI_LOCALNRANKS": "5", "PMI_PORT": "p"}, 5},
		{"zero is not a count", map[string]string{"MPI_LOCALNRANKS": "0", "PMI_FD": "5"}, 1},
		{"slurm plain", map[string]string{"SLURM_NTASKS_PER_NODE": "4"}, 4},
		{"slurm repeat, node 1", map[string]string{"SLURM_STEP_TASKS_PER_NODE": "2(x3)", "SLURM_NODEID": "1"}, 2},
		{"slurm list, node 1", map[string]string{"SLURM_STEP_TASKS_PER_NODE": "4,3", "SLURM_NODEID": "1"}, 3},
		{"slurm list, node 0", map[string]string{"SLURM_STEP_TASKS_PER_NODE": "4,3", "SLURM_NODEID": "0"}, 4},
		{"slurm list, no node id: max", map[string]string{"SLURM_STEP_TASKS_PER_NODE": "3,4"}, 4},
		{"slurm mixed, node 3", map[string]string{"SLURM_STEP_TASKS_PER_NODE": "2(x3),1", "SLURM_NODEID": "3"}, 1},
		{"slurm mixed, node 2", map[string]string{"SLURM_STEP_TASKS_PER_NODE": "2(x3),1", "SLURM_NODEID": "2"}, 2},
		{"slurm node id past the list: max", map[string]string{"SLURM_STEP_TASKS_PER_NODE": "1,5(x2)", "SLURM_NODEID": "9"}, 5},
		{"step before job option", map[string]string{"SLURM_STEP_TASKS_PER_NODE": "2", "SLURM_NTASKS_PER_NODE": "8"}, 2},
		{"malformed step list falls to ntasks", map[string]string{"SLURM_STEP_TASKS_PER_NODE": "2(y3)", "SLURM_NTASKS_PER_NODE": "8"}, 8},
	} {
		t.Run(c.name, func(t *testing.T) {
			setLocalEnv(t, c.env)
			if got := LocalSize(); got != c.want {
				t.Errorf("LocalSize() = %d, want %d (env %v)", got, c.want, c.env)
			}
		})
	}
}

func TestParseTasksPerNode(t *testing.T) {
	for _, c := range []struct {
		in   string
		want taskRuns
		ok   bool
	}{
		{"4", taskRuns{{4, 1}}, true},
		{"2(x3)", taskRuns{{2, 3}}, true},
		{"4,3", taskRuns{{4, 1}, {3, 1}}, true},
		{" 2(x3), 1 ", taskRuns{{2, 3}, {1, 1}}, true},
		{"", nil, false},
		{"2(x)", nil, false},
		{"2(x0)", nil, false},
		{"2(3)", nil, false},
		{"2(x3", nil, false},
		{"0", nil, false},
		{"4,,3", nil, false},
		{"a", nil, false},
	} {
		got, ok := parseTasksPerNode(c.in)
		if ok != c.ok || !reflect.DeepEqual(got, c.want) {
			t.Errorf("parseTasksPerNode(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
