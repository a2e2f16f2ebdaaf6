package preflight

import (
	"fmt"
	"strings"

	"github.com/h5mpi/h5mpi/internal/launch"
)

// checkRanks compares the world's size with the launcher's request. A
// world of one where the launcher started more is a program that does
// not see the job it was started in: built without MPI, or for another
// MPI than the launcher's, or srun with the wrong MPI plugin; each such
// process runs alone as rank 0.
func checkRanks(req launch.Request, world int, real bool) Check {
	c := Check{Name: "ranks", OK: true}
	asked := ""
	if len(req.Vars) > 0 {
		asked = " (" + strings.Join(req.Vars, ", ") + ")"
	}
	switch {
	case req.Ranks == 0:
		c.Line = fmt.Sprintf("%d, no launcher's request to compare with (started by hand, or by a launcher h5mpi does not know)", world)
	case world == 1 && req.Ranks > 1 && req.Launcher == "Slurm":
		c.OK = false
		c.Line = fmt.Sprintf("expected %d, as the job's allocation says%s, found a world of 1: this process was started by the batch script itself, not by srun, which starts the job's tasks (srun bin/hello)", req.Ranks, asked)
	case world == 1 && req.Ranks > 1 && !real:
		c.OK = false
		c.Line = fmt.Sprintf("expected %d, as %s was asked%s, found a world of 1: this program was built without MPI (the mpi build tag), so each of the %d processes runs alone as rank 0: build it with scripts/build.sh", req.Ranks, req.Launcher, asked, req.Ranks)
	case world == 1 && req.Ranks > 1:
		c.OK = false
		why := "MPI sees 1"
		if err := launch.Check(world); err != nil {
			why = err.Error()
		}
		c.Line = fmt.Sprintf("expected %d, as %s was asked%s, found a world of 1, in each of the %d processes: %s", req.Ranks, req.Launcher, asked, req.Ranks, why)
	case world != req.Ranks:
		c.OK = false
		c.Line = fmt.Sprintf("expected %d, as %s was asked%s, found %d", req.Ranks, req.Launcher, asked, world)
	default:
		c.Line = fmt.Sprintf("%d, as %s was asked%s", world, req.Launcher, asked)
	}
	return c
}

// checkNodes compares the nodes and each node's rank count with what the
// launcher says: srun's node count and tasks per node, each MPI
// launcher's ranks on the node (facts' Local, 0 unknown).
func checkNodes(req launch.Request, nodes []node, facts []rankFacts) Check {
	c := Check{Name: "nodes", OK: true}
	var bad, found []string
	for _, n := range nodes {
		found = append(found, fmt.Sprintf("%s %d", n.host, len(n.ranks)))
		want := facts[n.ranks[0]].Local
		if want > 0 && want != len(n.ranks) {
			bad = append(bad, fmt.Sprintf("%s: expected %d ranks, found %d", n.host, want, len(n.ranks)))
		}
	}
	if req.Nodes > 0 && req.Nodes != len(nodes) {
		bad = append([]string{fmt.Sprintf("expected %d %s, found %d", req.Nodes, plural(req.Nodes, "node"), len(nodes))}, bad...)
	}
	perNode := "ranks per node " + strings.Join(found, ", ")
	if len(bad) > 0 {
		c.OK = false
		c.Line = strings.Join(bad, "; ") + " (" + perNode + ")"
		return c
	}
	c.Line = fmt.Sprintf("%d %s, %s", len(nodes), plural(len(nodes), "node"), perNode)
	if req.Launcher != "" {
		c.Line += ", as " + req.Launcher + " was asked"
	}
	return c
}
