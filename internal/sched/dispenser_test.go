package sched_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/h5mpi/h5mpi/internal/sched"
)

// Every particle is handed out exactly once, in the given order, in
// chunks that start at one particle per rank, double, never exceed the
// maximum, and shrink at the end.
func TestRootStock(t *testing.T) {
	for _, tc := range []struct{ n, ranks, max int }{
		{1, 1, 64}, {7, 3, 64}, {1000, 2, 64}, {1000, 42, 64}, {20000, 8, 7}, {5, 8, 1}, {100, 1, 100},
	} {
		t.Run(fmt.Sprintf("n=%d/ranks=%d/max=%d", tc.n, tc.ranks, tc.max), func(t *testing.T) {
			order := sched.Order(sched.All(tc.n), func(i int32) float64 { return float64(i % 5) })
			d := sched.NewRoot(order, tc.ranks, tc.max)
			var got []int32
			last := make([]int, tc.ranks)
			for r := 0; d.Remaining() > 0; r = (r + 1) % tc.ranks {
				c := d.Chunk(nil, r, 0)
				switch {
				case len(c) == 0:
					t.Fatalf("empty chunk with %d left", d.Remaining())
				case len(c) > tc.max:
					t.Fatalf("chunk of %d, max %d", len(c), tc.max)
				case last[r] == 0 && len(c) != 1:
					t.Fatalf("rank %d's first chunk has %d particles, want 1", r, len(c))
				case last[r] > 0 && len(c) > 2*last[r]:
					t.Fatalf("rank %d: chunk of %d after one of %d", r, len(c), last[r])
				}
				last[r] = len(c)
				got = append(got, c...)
			}
			if !slices.Equal(got, order) {
				t.Fatalf("handed out %v, want %v", got, order)
			}
			if c := d.Chunk(nil, 0, 0); len(c) != 0 {
				t.Fatalf("after the end: %v", c)
			}
		})
	}
}

func TestStop(t *testing.T) {
	d := sched.NewRoot(sched.All(100), 2, 8)
	d.Chunk(nil, 0, 0)
	d.Stop()
	if c := d.Chunk(nil, 1, 0); len(c) != 0 || d.Remaining() != 0 {
		t.Fatalf("after Stop: chunk %v, %d remaining", c, d.Remaining())
	}
}

// Order sorts hardest first, keeps index order among equals, and is a
// permutation of its input.
func TestOrder(t *testing.T) {
	todo := []int32{9, 3, 4, 7, 1, 0}
	got := sched.Order(todo, func(i int32) float64 { return float64(i % 3) })
	for k := 1; k < len(got); k++ {
		a, b := got[k-1]%3, got[k]%3
		if a < b || (a == b && got[k-1] > got[k]) {
			t.Fatalf("order %v: %d before %d", got, got[k-1], got[k])
		}
	}
	s := slices.Clone(got)
	slices.Sort(s)
	if !slices.Equal(s, []int32{0, 1, 3, 4, 7, 9}) {
		t.Fatalf("order %v is not a permutation of %v", got, todo)
	}
}
