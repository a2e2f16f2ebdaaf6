package launch

import (
	"os"
	"strconv"
	"strings"
)

// LocalSize returns how many ranks of this job run on this node, as the
// MPI launcher tells its processes: OMPI_COMM_WORLD_LOCAL_SIZE (Open MPI),
// MPI_LOCALNRANKS (MPICH's hydra), each only with its launcher behind it
// (as for Rank), then Slurm's SLURM_STEP_TASKS_PER_NODE or
// SLURM_NTASKS_PER_NODE (srun). Slurm's lists such as "2(x3),1" or "4,3"
// give one count per node: this node's is taken by SLURM_NODEID, or the
// largest when that index is missing or out of range, so that an
// estimate of memory per rank errs towards less. Without any of these,
// or with values that do not parse, it returns 1.
func LocalSize() int {
	for _, l := range launchers {
		if l.local == "" || !vouched(l.reach) {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv(l.local))); err == nil && n > 0 {
			return n
		}
	}
	node := -1
	if id, err := strconv.Atoi(strings.TrimSpace(os.Getenv("SLURM_NODEID"))); err == nil && id >= 0 {
		node = id
	}
	// The step's own layout first: inside srun it is what this program
	// was launched with, while the job's may differ.
	for _, name := range []string{"SLURM_STEP_TASKS_PER_NODE", "SLURM_NTASKS_PER_NODE"} {
		if runs, ok := parseTasksPerNode(os.Getenv(name)); ok {
			return runs.on(node)
		}
	}
	return 1
}

// taskRun is one item of Slurm's tasks-per-node list: tasks ranks on each
// of nodes consecutive nodes.
type taskRun struct{ tasks, nodes int }

// taskRuns is a parsed tasks-per-node list, in node order.
type taskRuns []taskRun

// on returns the task count of node index node, or the largest count when
// node is negative or beyond the list.
func (runs taskRuns) on(node int) int {
	max := 0
	for _, r := range runs {
		if node >= 0 && node < r.nodes {
			return r.tasks
		}
		node -= r.nodes
		if r.tasks > max {
			max = r.tasks
		}
	}
	return max
}

// parseTasksPerNode parses Slurm's compressed tasks-per-node list, e.g.
// "2(x3),1" (2 tasks on each of 3 nodes, then 1) or a plain "4". It reports
// false for an empty or malformed list or a count below 1.
func parseTasksPerNode(s string) (taskRuns, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, false
	}
	var runs taskRuns
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		nodes := 1
		if i := strings.IndexByte(item, '('); i >= 0 {
			if !strings.HasSuffix(item, ")") || !strings.HasPrefix(item[i+1:], "x") {
				return nil, false
			}
			r, err := strconv.Atoi(item[i+2 : len(item)-1])
			if err != nil || r < 1 {
				return nil, false
			}
			nodes = r
			item = item[:i]
		}
		n, err := strconv.Atoi(item)
		if err != nil || n < 1 {
			return nil, false
		}
		runs = append(runs, taskRun{tasks: n, nodes: nodes})
	}
	return runs, true
}
