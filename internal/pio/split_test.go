package pio

import "testing"

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		n, size int
		counts  []int
	}{
		{53786, 3, []int{17929, 17929, 17928}},
		{10, 4, []int{3, 3, 2, 2}},
		{3, 7, []int{1, 1, 1, 0, 0, 0, 0}},
		{0, 2, []int{0, 0}},
		{1000, 42, nil},
		{42, 42, nil},
		{5, 1, []int{5}},
	} {
		next := 0
		for r := 0; r < tc.size; r++ {
			off, cnt := Split(tc.n, tc.size, r)
			if off != next {
				t.Errorf("Split(%d, %d, %d): offset %d, want %d (blocks must tile)", tc.n, tc.size, r, off, next)
			}
			if tc.counts != nil && cnt != tc.counts[r] {
				t.Errorf("Split(%d, %d, %d): count %d, want %d", tc.n, tc.size, r, cnt, tc.counts[r])
			}
			if lo, hi := tc.n/tc.size, (tc.n+tc.size-1)/tc.size; cnt < lo || cnt > hi {
				t.Errorf("Split(%d, %d, %d): count %d outside [%d, %d]", tc.n, tc.size, r, cnt, lo, hi)
			}
			next = off + cnt
		}
		if next != tc.n {
			t.Errorf("Split(%d, %d, ·): blocks cover %d items, want %d", tc.n, tc.size, next, tc.n)
		}
	}
}

func TestSplitPanics(t *testing.T) {
	for _, tc := range [][3]int{{-1, 2, 0}, {4, 0, 0}, {4, 2, 2}, {4, 2, -1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Split%v did not panic", tc)
				}
			}()
			Split(tc[0], tc[1], tc[2])
		}()
	}
}
