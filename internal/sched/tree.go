package sched

// The tree of dispensers. One rank 0 answering every rank saturates at
// Frontier's sizes (Replay, with rank 0's answer cost measured:
// BENCHMARKS.md), so from TreeFrom ranks on the ranks of each node (a
// group) ask their group's leader, the group's lowest rank, and the
// leaders of each Fan consecutive groups ask the lowest of them, and so
// on up until at most Fan leaders are left, which ask rank 0. Every
// dispenser is a Stock: it serves its children and asks its parent the
// same way at every level, rank 0's holding the whole order.

// TreeFrom is the number of ranks from which the tree engages by
// default: below it rank 0 answers every rank, which is simpler, and
// which Replay shows is as good there (BENCHMARKS.md).
const TreeFrom = 1024

// Fan is how many dispensers of a level one dispenser of the level
// above serves by default: with groups of a Frontier node's 56 ranks,
// a level per 32 nodes, as chosen by Replay (BENCHMARKS.md).
const Fan = 32

// GroupLeaders returns the leader of each of ranks ranks in groups of
// size consecutive ranks: the group's lowest rank.
func GroupLeaders(ranks, size int) []int {
	size = max(size, 1)
	lead := make([]int, max(ranks, 0))
	for r := range lead {
		lead[r] = r - r%size
	}
	return lead
}

// Tree returns each rank's parent, the rank it asks for work (-1 for
// rank 0), given the leader of each rank's group (lead[r] is the lowest
// rank of r's group, lead[0] is 0): a rank asks its group's leader, and
// the leaders of each fan consecutive groups ask the lowest of them, and
// so on while more than fan leaders are left, which ask rank 0. fan 0 or
// 1: the groups' leaders ask rank 0.
func Tree(lead []int, fan int) []int {
	parent := make([]int, len(lead))
	var top []int
	for r, l := range lead {
		if l != r {
			parent[r] = l
		} else {
			top = append(top, r)
		}
	}
	for fan > 1 && len(top) > fan {
		var next []int
		for k, r := range top {
			if k%fan == 0 {
				next = append(next, r)
			} else {
				parent[r] = top[k-k%fan]
			}
		}
		top = next
	}
	for _, r := range top {
		parent[r] = 0
	}
	if len(parent) > 0 {
		parent[0] = -1
	}
	return parent
}

// Weights returns how many ranks each rank serves, itself included: 1
// for a rank that leads no dispenser. A rank's blocks are sized by it.
func Weights(parent []int) []int {
	w := make([]int, len(parent))
	for r := range w {
		w[r] = 1
	}
	// A parent is always a lower rank than its children.
	for r := len(parent) - 1; r > 0; r-- {
		w[parent[r]] += w[r]
	}
	return w
}
