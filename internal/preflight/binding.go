package preflight

import (
	"fmt"
	"strings"
)

// RankCPUs is one rank's CPU set.
type RankCPUs struct {
	Rank int
	CPUs CPUSet
}

// Overlap is two bound ranks of a node that share CPUs.
type Overlap struct {
	A, B   int    // the ranks, A < B
	Shared CPUSet // the CPUs both may run on
}

// Overlaps finds, among the ranks of one node (in rank order) whose CPUs
// are all of node's, the ranks that are not bound (their mask holds
// every CPU of the node), and every pair of bound ranks whose CPUs
// overlap: two ranks bound to the same CPUs share them, each at half
// speed at best, the classic result of an srun -c or --cpu-bind that
// does not match the job. Unbound ranks overlap with everything by
// design, and are left to the scheduler.
func Overlaps(ranks []RankCPUs, node CPUSet) (overlaps []Overlap, unbound []int) {
	var bound []RankCPUs
	for _, r := range ranks {
		if r.CPUs.Covers(node) {
			unbound = append(unbound, r.Rank)
		} else {
			bound = append(bound, r)
		}
	}
	for i, a := range bound {
		for _, b := range bound[i+1:] {
			if s := a.CPUs.And(b.CPUs); len(s) > 0 {
				overlaps = append(overlaps, Overlap{A: a.Rank, B: b.Rank, Shared: s})
			}
		}
	}
	return overlaps, unbound
}

// formatNodeCPUs is a node's line: "node1: rank 0 cpus 0-3, rank 1 cpus 4-7".
func formatNodeCPUs(host string, ranks []RankCPUs) string {
	var parts []string
	for _, r := range ranks {
		parts = append(parts, fmt.Sprintf("rank %d cpus %v", r.Rank, r.CPUs))
	}
	return host + ": " + strings.Join(parts, ", ")
}

// checkBinding judges the CPU sets of every node's ranks.
func checkBinding(nodes []node, facts []rankFacts) Check {
	c := Check{Name: "cpu binding", OK: true}
	var bad []string
	unboundRanks := 0
	for _, n := range nodes {
		var rs []RankCPUs
		var nodeCPUs CPUSet
		for _, r := range n.ranks {
			cpus, _ := ParseCPUList(facts[r].CPUs)
			rs = append(rs, RankCPUs{Rank: r, CPUs: cpus})
			nodeCPUs, _ = ParseCPUList(facts[r].NodeCPUs)
		}
		c.Details = append(c.Details, formatNodeCPUs(n.host, rs))
		over, unbound := Overlaps(rs, nodeCPUs)
		for _, o := range over {
			bad = append(bad, fmt.Sprintf("%s: ranks %d and %d share cpus %v", n.host, o.A, o.B, o.Shared))
		}
		if len(unbound) > 0 {
			unboundRanks += len(unbound)
			c.Notes = append(c.Notes, fmt.Sprintf("%s: %s not bound: %s every CPU of the node (%v), where the kernel moves %s about", n.host, rankList(unbound), mayRun(len(unbound)), nodeCPUs, them(len(unbound))))
		}
	}
	switch {
	case len(bad) > 0:
		c.OK = false
		c.Line = fmt.Sprintf("expected bound ranks on separate CPUs, found %s (check srun's -c/--cpus-per-task and --cpu-bind, or mpirun's --bind-to and --map-by)", strings.Join(bad, "; "))
	case unboundRanks == len(facts):
		c.Line = "no rank is bound to CPUs"
		c.Notes = []string{"each rank may run on every CPU of its node, where the kernel moves it about (srun --cpu-bind=cores or mpirun --bind-to core bind them)"}
	default:
		c.Line = "no two bound ranks share a CPU"
	}
	return c
}

func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func mayRun(n int) string {
	if n == 1 {
		return "it may run on"
	}
	return "they may run on"
}

// rankList is "rank 3" or "ranks 0, 1 and 2" (or "ranks 0-7" for a run).
func rankList(r []int) string {
	if len(r) == 1 {
		return fmt.Sprintf("rank %d", r[0])
	}
	consecutive := true
	for i := 1; i < len(r); i++ {
		consecutive = consecutive && r[i] == r[i-1]+1
	}
	if consecutive && len(r) > 2 {
		return fmt.Sprintf("ranks %d-%d", r[0], r[len(r)-1])
	}
	s := make([]string, len(r))
	for i, x := range r {
		s[i] = fmt.Sprint(x)
	}
	return "ranks " + strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
