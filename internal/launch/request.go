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
// MPI's mpirun's variables (with mpirun behind them, as for Rank); srun's
// step variables (SLURM_STEP_NUM_TASKS, SLURM_STEP_NUM_NODES,
// SLURM_STEP_TASKS_PER_NODE, with SLURM_NODEID choosing this node's
// count), which come before MPICH's because srun's PMI-2 plugin sets
// those too; MPICH's mpiexec's; and last Slurm's job variables
// (SLURM_NTASKS, SLURM_NNODES, SLURM_TASKS_PER_NODE), which describe the
// allocation, for a batch script's own process.
func Requested() Request {
	if r, ok := mpiLauncher(0, "Open MPI's mpirun"); ok {
		return r
	}
	if _, step := os.LookupEnv("SLURM_STEP_NUM_TASKS"); step {
		return slurm("srun", "SLURM_STEP_NUM_TASKS", "SLURM_STEP_NUM_NODES", "SLURM_STEP_TASKS_PER_NODE")
	}
	if r, ok := mpiLauncher(1, "MPICH's mpiexec"); ok {
		return r
	}
	if _, job := os.LookupEnv("SLURM_NTASKS"); job {
		return slurm("Slurm", "SLURM_NTASKS", "SLURM_NNODES", "SLURM_TASKS_PER_NODE")
	}
	return Request{}
}

// mpiLauncher reads launchers[i]'s size and local size, if that launcher
// is behind this process.
func mpiLauncher(i int, name string) (Request, bool) {
	l := launchers[i]
	n, err := strconv.Atoi(strings.TrimSpace(os.Getenv(l.size)))
	if err != nil || n < 1 || !vouched(l.reach) {
		return Request{}, false
	}
	r := Request{Launcher: name, Ranks: n, Vars: []string{l.size + "=" + os.Getenv(l.size)}}
	if m, err := strconv.Atoi(strings.TrimSpace(os.Getenv(l.local))); err == nil && m > 0 {
		r.Local = m
		r.Vars = append(r.Vars, l.local+"="+os.Getenv(l.local))
	}
	return r, true
}

// slurm reads Slurm's rank count, node count and tasks per node from the
// variables named.
func slurm(name, ranks, nodes, perNode string) Request {
	r := Request{Launcher: name}
	for _, v := range []struct {
		name string
		p    *int
	}{{ranks, &r.Ranks}, {nodes, &r.Nodes}} {
		s := os.Getenv(v.name)
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n > 0 {
			*v.p = n
			r.Vars = append(r.Vars, v.name+"="+s)
		}
	}
	if runs, ok := parseTasksPerNode(os.Getenv(perNode)); ok {
		r.PerNode = runs.expand()
		r.Vars = append(r.Vars, perNode+"="+os.Getenv(perNode))
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
