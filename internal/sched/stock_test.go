package sched_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/h5mpi/h5mpi/internal/sched"
)

// The stocks of a tree hand out every particle exactly once: blocks
// of at most MaxRanges ranges, each dispenser's first block for w ranks
// w particles, each rank's first chunk one particle, no chunk above
// MaxChunk. The hand-out is driven in rounds: every dispenser low on
// stock takes a block from its parent, and every rank takes a chunk.
func TestStockTree(t *testing.T) {
	for _, tc := range []struct{ n, ranks, group, fan, max int }{
		{1, 2, 2, 0, 64}, {37, 5, 2, 0, 7}, {1000, 8, 3, 2, 64}, {20000, 64, 4, 3, 64}, {5, 8, 4, 2, 1}, {3000, 40, 2, 2, 16},
	} {
		t.Run(fmt.Sprintf("n=%d/ranks=%d/group=%d/fan=%d/max=%d", tc.n, tc.ranks, tc.group, tc.fan, tc.max), func(t *testing.T) {
			order := sched.Order(sched.All(tc.n), func(i int32) float64 { return float64(i % 5) })
			parent := sched.Tree(sched.GroupLeaders(tc.ranks, tc.group), tc.fan)
			w := sched.Weights(parent)
			stock := map[int]*sched.Stock{0: sched.NewRoot(order, tc.ranks, tc.max)}
			for _, q := range parent {
				if q > 0 && stock[q] == nil {
					stock[q] = sched.NewStock(order, tc.ranks, tc.max)
				}
			}
			limit := sched.MaxChunk(tc.n, tc.ranks, tc.max)
			var got []int32
			first := map[int]bool{}
			for busy := true; busy; {
				busy = false
				for r := 1; r < tc.ranks; r++ {
					s := stock[r]
					if s == nil || !s.Low() {
						continue
					}
					up := stock[parent[r]]
					if up.Remaining() == 0 && !up.Over() {
						continue
					}
					b := up.Take(r, w[r], 0)
					k := 0
					for _, x := range b {
						k += x.Len()
					}
					switch {
					case len(b) > sched.MaxRanges:
						t.Fatalf("rank %d: block of %d ranges", r, len(b))
					case !first[r] && k != min(w[r], k):
						t.Fatalf("rank %d's first block has %d particles, want at most %d", r, k, w[r])
					}
					first[r] = true
					s.Add(b, up.Left())
				}
				for r := 0; r < tc.ranks; r++ {
					s := stock[r]
					if s == nil {
						s = stock[parent[r]]
					}
					c := s.Chunk(nil, r, 0)
					switch {
					case len(c) > limit:
						t.Fatalf("chunk of %d, limit %d", len(c), limit)
					case !first[-1-r] && len(c) > 1:
						t.Fatalf("rank %d's first chunk has %d particles", r, len(c))
					}
					if len(c) > 0 {
						first[-1-r] = true
					}
					got = append(got, c...)
				}
				for _, s := range stock {
					busy = busy || !s.Over() || s.Remaining() > 0
				}
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
	s := sched.NewStock(sched.All(100), 2, 8)
	s.Add([]sched.Range{{0, 10}}, 90)
	s.Take(0, 1, 0)
	s.Stop()
	if c := s.Take(1, 1, 0); len(c) != 0 || s.Remaining() != 0 || s.Low() || !s.Over() {
		t.Fatalf("after Stop: chunk %v, %d held, low %v, over %v", c, s.Remaining(), s.Low(), s.Over())
	}
}

// A block for 4 ranks is first 4 particles, then doubles, never more
// than the stock holds nor limit; it spans the ranges it must.
func TestStockBlock(t *testing.T) {
	s := sched.NewStock(sched.All(10000), 64, 64)
	s.Add([]sched.Range{{0, 10}, {20, 1010}}, 9000)
	var sizes []int
	for c := s.Take(3, 4, 0); len(c) > 0; c = s.Take(3, 4, 0) {
		k := 0
		for _, r := range c {
			k += r.Len()
		}
		if len(sizes) == 1 && !slices.Equal(c, []sched.Range{{4, 10}, {20, 22}}) {
			t.Fatalf("second block %v, want [{4 10} {20 22}]", c)
		}
		sizes = append(sizes, k)
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
	s = sched.NewRoot(sched.All(100), 1, 64)
	if c := s.Take(0, 1, 0); len(c) != 1 {
		t.Fatalf("first chunk %v", c)
	}
	if c := s.Take(0, 1, 1); len(c) != 1 || c[0].Len() != 1 {
		t.Fatalf("chunk limited to 1: %v", c)
	}
}

// Tree: a rank asks its group's leader, the leaders of each fan groups
// the lowest of them, up until at most fan are left, which ask rank 0.
func TestTree(t *testing.T) {
	for _, tc := range []struct {
		ranks, group, fan int
		parent, weight    []int
	}{
		{1, 1, 0, []int{-1}, []int{1}},
		{4, 4, 0, []int{-1, 0, 0, 0}, []int{4, 1, 1, 1}},
		{5, 2, 0, []int{-1, 0, 0, 2, 0}, []int{5, 1, 2, 1, 1}},
		{10, 2, 2, []int{-1, 0, 0, 2, 0, 4, 4, 6, 0, 8}, []int{10, 1, 2, 1, 4, 1, 2, 1, 2, 1}},
		{10, 2, 32, []int{-1, 0, 0, 2, 0, 4, 0, 6, 0, 8}, []int{10, 1, 2, 1, 2, 1, 2, 1, 2, 1}},
	} {
		p := sched.Tree(sched.GroupLeaders(tc.ranks, tc.group), tc.fan)
		if w := sched.Weights(p); !slices.Equal(p, tc.parent) || !slices.Equal(w, tc.weight) {
			t.Errorf("%d ranks, groups of %d, fan %d: parents %v, weights %v; want %v, %v", tc.ranks, tc.group, tc.fan, p, w, tc.parent, tc.weight)
		}
	}
}

// poll is the wait of a dispenser's own rank for its own chunk, in
// evaluations: 50 µs, a look for messages every 50 µs (galaxy's
// pollEvery).
const poll = 1250

// The tree does not cost efficiency where rank 0 is not the limit:
// 20000 and 10^6 particles on 128 and 1024 ranks in groups of 8 and 56,
// one level (fan 0) or as many as groups of 2 make, with answers 100 µs
// late and free, stay within 0.95 of the bound.
func TestReplayTree(t *testing.T) {
	base := measured(t)
	for _, n := range []int{20000, 1000000} {
		cost := repeat(base, n)
		order := sched.Order(sched.All(n), baseDifficulty(base))
		for _, p := range []int{128, 1024} {
			for _, g := range []int{8, 56} {
				for _, fan := range []int{0, 2} {
					net := sched.Net{Latency: latency}
					parent := sched.Tree(sched.GroupLeaders(p, g), fan)
					r := sched.Replay(cost, order, sched.Plan{Ranks: p, MaxChunk: 64, Parent: parent, Node: g, Root: net, Local: net, Poll: poll})
					t.Logf("N %d groups of %d fan %d: %v, %d blocks", n, g, fan, r, r.Blocks)
					if r.Efficiency < 0.95*r.Bound {
						t.Errorf("N %d groups of %d fan %d: %v: want at least 0.95 of the bound", n, g, fan, r)
					}
				}
			}
		}
	}
}
