package probe

import (
	"math"
	"testing"
)

func TestReadShift(t *testing.T) {
	for _, tc := range []struct {
		mode                 string
		n, nodes, perNode, w int
	}{
		{"auto", 4, 1, 4, 0},
		{"", 4, 1, 4, 0},
		{"auto", 8, 2, 4, 4},
		{"off", 8, 2, 4, 0},
		{"on", 8, 2, 4, 4},
		{"on", 4, 1, 4, 1}, // one node: the next rank
		{"on", 1, 1, 1, 0},
		{"auto", 6, 3, 2, 2},
	} {
		if got := readShift(tc.mode, tc.n, tc.nodes, tc.perNode); got != tc.w {
			t.Errorf("readShift(%q, %d ranks, %d nodes, %d per node) = %d, want %d", tc.mode, tc.n, tc.nodes, tc.perNode, got, tc.w)
		}
	}
}

func TestLayout(t *testing.T) {
	nodes, per := layout([]string{"a", "a", "b", "b", "c", "c"})
	if nodes != 3 || per != 2 {
		t.Errorf("layout: %d nodes, %d per node; want 3, 2", nodes, per)
	}
}

func TestFirstWrong(t *testing.T) {
	buf := []float64{10, 11, 12, 13}
	if i := firstWrong(buf, 10); i != -1 {
		t.Errorf("firstWrong of a good buffer: %d", i)
	}
	buf[2] = 99
	if i := firstWrong(buf, 10); i != 2 {
		t.Errorf("firstWrong: %d, want 2", i)
	}
	e := &CheckError{File: "p.h5", Dataset: "test", Index: 1026, Owner: 1, Offset: 16, Got: 99, Want: 1026}
	if got, want := e.Error(), "read check: p.h5: test element 1026 (byte 16 of rank 1's block) is 99, want 1026"; got != want {
		t.Errorf("CheckError: %q, want %q", got, want)
	}
}

func TestSummarise(t *testing.T) {
	s := summarise("write", []float64{100, 200, 300, 400}, []float64{1, 2, 3, 4})
	want := Summary{Op: "write", Max: 400, Min: 100, Mean: 250, StdDev: math.Sqrt(12500), MeanTime: 2.5, Reps: 4}
	if s != want {
		t.Errorf("summarise: %+v, want %+v", s, want)
	}
	if s := summarise("read", nil, nil); s.Reps != 0 || s.Max != 0 {
		t.Errorf("summarise of nothing: %+v", s)
	}
}
