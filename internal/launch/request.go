package launch

import (
	"os"
	"strconv"
	"strings"
)

// Request is what the launcher was asked for, as far as its environment
// says: the rank count, the node count and the ranks on this node. A
// zero is unknown.
type Request struct {
	Launcher string // "srun", "Open MPI's mpirun", "MPICH's mpiexec" or ""
	Ranks    int    // the job's rank count (see Size)
	Nodes    int    // the node count: srun's alone
	Local    int    // the ranks on this node
	// PerNode is srun's tasks per node, in node order, expanded from
	// Slurm's compressed list ("2(x3),1" is 2, 2, 2, 1); nil otherwise.
	PerNode []int
	// Vars are the variables read, as NAME=value, for messages.
	Vars []string
}

// Requested reads the Request from the launcher's environment: Open
// MPI's and MPICH's variables (each only with its launcher behind it, as
// for Rank), then srun's step variables (SLURM_STEP_NUM_TASKS,
// SLURM_STEP_NUM_NODES, SLURM_STEP_TASKS_PER_NODE, with SLURM_NODEID
// choosing this node's count). Slurm's job variables (SLURM_NTASKS,
// SLURM_NNODES, SLURM_TASKS_PER_NODE) stand in for the step's when srun
// set none: they describe the allocation, which a step may use in part.
func Requested() Request {
	var r Request
	for i, l := range launchers[:2] {
		if l.size == "" || !vouched(l.reach) {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(os.Getenv(l.size)))
		if err != nil || n < 1 {
			continue
		}
		r.Launcher = [...]string{"Open MPI's mpirun", "MPICH's mpiexec"}[i]
		r.Ranks = n
		r.Vars = append(r.Vars, l.size+"="+os.Getenv(l.size))
		if m, err := strconv.Atoi(strings.TrimSpace(os.Getenv(l.local))); err == nil && m > 0 {
			r.Local = m
			r.Vars = append(r.Vars, l.local+"="+os.Getenv(l.local))
		}
		return r
	}
	names := [3]string{"SLURM_STEP_NUM_TASKS", "SLURM_STEP_NUM_NODES", "SLURM_STEP_TASKS_PER_NODE"}
	if _, step := os.LookupEnv(names[0]); step {
		r.Launcher = "srun"
	} else {
		names = [3]string{"SLURM_NTASKS", "SLURM_NNODES", "SLURM_TASKS_PER_NODE"}
		if _, job := os.LookupEnv(names[0]); !job {
			return r
		}
		r.Launcher = "Slurm"
	}
	for i, p := range []*int{&r.Ranks, &r.Nodes} {
		v := os.Getenv(names[i])
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 0 {
			*p = n
			r.Vars = append(r.Vars, names[i]+"="+v)
		}
	}
	if runs, ok := parseTasksPerNode(os.Getenv(names[2])); ok {
		r.PerNode = runs.expand()
		r.Vars = append(r.Vars, names[2]+"="+os.Getenv(names[2]))
		if id, err := strconv.Atoi(strings.TrimSpace(os.Getenv("SLURM_NODEID"))); err == nil && id >= 0 && id < len(r.PerNode) {
			r.Local = r.PerNode[id]
		}
	}
	return r
}

// expand lists the task count of every node, in order.
func (runs taskRuns) expand() []int {
	var out []int
	for _, r := range runs {
		for i := 0; i < r.nodes; i++ {
			out = append(out, r.tasks)
		}
	}
	return out
}
