package sched_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/h5mpi/h5mpi/internal/sched"
)

// Blocks and Stocks together hand out every particle exactly once, in
// the given order within each group; a group's first block is one
// particle per rank, and each rank's first chunk one particle; no chunk
// exceeds MaxChunk.
func TestBlocksAndStocks(t *testing.T) {
	for _, tc := range []struct{ n, ranks, group, max int }{
		{1, 2, 2, 64}, {37, 5, 2, 7}, {1000, 8, 3, 64}, {20000, 64, 8, 64}, {5, 8, 4, 1},
	} {
		t.Run(fmt.Sprintf("n=%d/ranks=%d/group=%d/max=%d", tc.n, tc.ranks, tc.group, tc.max), func(t *testing.T) {
			order := sched.Order(sched.All(tc.n), func(i int32) float64 { return float64(i % 5) })
			sizes := sched.Groups(tc.ranks, tc.group)
			b := sched.NewBlocks(order, tc.ranks, sizes, tc.max)
			stocks := make([]*sched.Stock, len(sizes))
			for g := range stocks {
				stocks[g] = sched.NewStock(tc.n, tc.ranks, tc.max)
			}
			limit := sched.MaxChunk(tc.n, tc.ranks, tc.max)
			var blocks, got []int32
			first := make([]bool, len(sizes))
			seen := map[int]bool{}
			for busy := true; busy; {
				busy = false
				for g, s := range stocks {
					if s.Low() {
						c := slices.Clone(b.Next(g))
						if !first[g] && len(c) != min(sizes[g], len(c)) {
							t.Fatalf("group %d's first block has %d particles, want %d", g, len(c), sizes[g])
						}
						if len(c) > 0 && !first[g] && len(c) < sizes[g] && b.Remaining() > 0 {
							t.Fatalf("group %d's first block: %d particles with %d left", g, len(c), b.Remaining())
						}
						first[g] = true
						blocks = append(blocks, c...)
						s.Add(c, b.Remaining())
					}
					for r := g * tc.group; r < min((g+1)*tc.group, tc.ranks); r++ {
						c := s.Next(r)
						switch {
						case len(c) > limit:
							t.Fatalf("chunk of %d, limit %d", len(c), limit)
						case !seen[r] && len(c) > 1:
							t.Fatalf("rank %d's first chunk has %d particles", r, len(c))
						}
						if len(c) > 0 {
							seen[r] = true
						}
						got = append(got, c...)
					}
					busy = busy || !s.Over() || s.Remaining() > 0
				}
			}
			if !slices.Equal(blocks, order) {
				t.Fatalf("blocks handed out %v, want %v", blocks, order)
			}
			slices.Sort(got)
			if !slices.Equal(got, sched.All(tc.n)) {
				t.Fatalf("chunks handed out %v, want each of 0..%d once", got, tc.n-1)
			}
		})
	}
}

// A stopped Stock hands out nothing more and asks for no block.
func TestStockStop(t *testing.T) {
	s := sched.NewStock(100, 2, 8)
	s.Add(sched.All(10), 90)
	s.Next(0)
	s.Stop()
	if c := s.Next(1); len(c) != 0 || s.Remaining() != 0 || s.Low() || !s.Over() {
		t.Fatalf("after Stop: chunk %v, %d held, low %v, over %v", c, s.Remaining(), s.Low(), s.Over())
	}
}

// Groups do not cost efficiency where rank 0 is not the limit: 20000
// and 10^6 particles on 128 and 1024 ranks in groups of 8 and 56, with
// answers 100 µs late and free, stay within 0.95 of the bound.
func TestReplayGroups(t *testing.T) {
	base := measured(t)
	for _, n := range []int{20000, 1000000} {
		cost := repeat(base, n)
		order := sched.Order(sched.All(n), baseDifficulty(base))
		for _, p := range []int{128, 1024} {
			for _, g := range []int{8, 56} {
				net := sched.Net{Latency: latency}
				r := sched.Replay(cost, order, sched.Plan{Ranks: p, MaxChunk: 64, Group: g, Root: net, Local: net})
				t.Logf("N %d groups of %d: %v, %d blocks", n, g, r, r.Blocks)
				if r.Efficiency < 0.95*r.Bound {
					t.Errorf("N %d groups of %d: %v: want at least 0.95 of the bound", n, g, r)
				}
			}
		}
	}
}

// Stock.Block sizes blocks as Blocks.Next does: first one particle per
// rank of the group, then doubling, never more than the stock holds.
func TestStockBlock(t *testing.T) {
	s := sched.NewStock(10000, 64, 64)
	s.Add(sched.All(1000), 9000)
	var sizes []int
	for c := s.Block(3, 4); len(c) > 0; c = s.Block(3, 4) {
		sizes = append(sizes, len(c))
	}
	if want := []int{4, 8, 16, 20, 20}; !slices.Equal(sizes[:5], want) {
		t.Fatalf("block sizes %v, want %v first", sizes, want)
	}
	sum := 0
	for _, k := range sizes {
		sum += k
	}
	if sum != 1000 || s.Remaining() != 0 {
		t.Fatalf("handed %d of 1000, %d left", sum, s.Remaining())
	}
}
