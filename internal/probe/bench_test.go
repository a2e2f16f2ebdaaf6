package probe

import (
	"encoding/csv"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/h5mpi/h5mpi/internal/pio"
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

// phases makes the phases of op with one repetition per row of totals,
// a rank per column, each rank moving 1 MiB in one transfer.
func phases(op string, hosts []string, totals [][]float64) []Phase {
	node := pio.NodeOf(hosts)
	var ps []Phase
	for rep, row := range totals {
		p := Phase{Op: op, Rep: rep}
		for r, t := range row {
			p.Ranks = append(p.Ranks, RankPhase{Rank: r, Host: hosts[r], Node: node[r], Xfer: t, Total: t, Transfers: 1, Bytes: 1 << 20})
		}
		p.fill(1)
		ps = append(ps, p)
	}
	return ps
}

func TestSummarise(t *testing.T) {
	// 2 ranks, 1 MiB each: a phase moves 2 MiB; totals 1, 2, 3, 4 s make
	// 2, 1, 2/3, 1/2 MiB/s.
	hosts := []string{"a", "b"}
	s := summarise("write", phases("write", hosts, [][]float64{{1, 0.5}, {2, 1}, {3, 1}, {4, 2}}))
	bw := []float64{2, 1, 2.0 / 3, 0.5}
	mean := (bw[0] + bw[1] + bw[2] + bw[3]) / 4
	var sd float64
	for _, v := range bw {
		sd += (v - mean) * (v - mean)
	}
	want := Summary{Op: "write", Max: 2, Min: 0.5, Mean: mean, StdDev: math.Sqrt(sd / 4), MeanTime: 2.5, Reps: 4,
		SlowestRank: 0, SlowestHost: "a", SlowestTime: 2.5, MedianTime: (2.5 + 1.125) / 2, Transfers: 4, Bytes: 8 << 20}
	if math.Abs(s.StdDev-want.StdDev) > 1e-12 || math.Abs(s.Mean-want.Mean) > 1e-12 {
		t.Errorf("summarise: mean %v sd %v, want %v %v", s.Mean, s.StdDev, want.Mean, want.StdDev)
	}
	s.StdDev, s.Mean = want.StdDev, want.Mean
	if s != want {
		t.Errorf("summarise:\n%+v, want\n%+v", s, want)
	}
	if s := summarise("read", nil); s.Reps != 0 || s.Max != 0 {
		t.Errorf("summarise of nothing: %+v", s)
	}
}

// The slowest rank over the repetitions, against the median of the
// ranks; equals go to the lowest rank.
func TestSlowest(t *testing.T) {
	hosts := []string{"n0", "n0", "n1", "n1"}
	for _, tc := range []struct {
		totals [][]float64
		rank   int
		slow   float64
		median float64
	}{
		{[][]float64{{1, 1, 3, 1}}, 2, 3, 1},
		{[][]float64{{1, 2, 3, 4}, {1, 2, 3, 0}}, 2, 3, 2}, // means 1, 2, 3, 2
		{[][]float64{{2, 2, 2, 2}}, 0, 2, 2},
		{[][]float64{{1, 5, 1, 1}, {1, 1, 1, 1}, {1, 3, 1, 1}}, 1, 3, 1},
	} {
		s := summarise("read", phases("read", hosts, tc.totals))
		if s.SlowestRank != tc.rank || s.SlowestHost != hosts[tc.rank] || math.Abs(s.SlowestTime-tc.slow) > 1e-12 || math.Abs(s.MedianTime-tc.median) > 1e-12 {
			t.Errorf("%v: slowest rank %d on %s, %v s, median %v; want rank %d, %v s, median %v",
				tc.totals, s.SlowestRank, s.SlowestHost, s.SlowestTime, s.MedianTime, tc.rank, tc.slow, tc.median)
		}
	}
	s := summarise("write", phases("write", hosts, [][]float64{{1.2, 1.2, 1.92, 1.2}}))
	if got, want := s.slowest(), "slowest write: rank 2 on n1, 1.9200 s, 1.60x the median 1.2000 s (each rank's total, one rep)"; got != want {
		t.Errorf("slowest line:\n%s\nwant\n%s", got, want)
	}
}

func TestNodeIndex(t *testing.T) {
	if got := pio.NodeOf([]string{"b", "b", "a", "c", "a"}); fmt.Sprint(got) != "[0 0 1 2 1]" {
		t.Errorf("NodeOf: %v", got)
	}
}

// Every rank at the same count: the phase's count; a rank that fell
// short of the block's transfers marks the phase stopped.
func TestFill(t *testing.T) {
	p := Phase{Ranks: []RankPhase{{Open: 1, Xfer: 2, Close: 0.5, Total: 3.5, Transfers: 3, Bytes: 3 << 20}, {Open: 2, Xfer: 1, Close: 0.25, Total: 3.25, Transfers: 3, Bytes: 3 << 20}}}
	p.fill(4)
	if p.Open != 2 || p.Xfer != 2 || p.Close != 0.5 || p.Total != 3.5 || p.Bytes != 6<<20 || p.Transfers != 3 || !p.Stopped || p.MiBs != 6/3.5 || p.Ranks[1].MiBs != 3/3.25 {
		t.Errorf("fill: %+v", p)
	}
	p.fill(3)
	if p.Stopped {
		t.Errorf("fill: stopped at the full count")
	}
}

func TestReadBack(t *testing.T) {
	for _, tc := range []struct {
		hosts   []string
		shift   int
		dropped bool
		method  string
		own     int
	}{
		{[]string{"a", "a", "b", "b"}, 2, false, ReadOtherNode, 0},
		{[]string{"a", "a", "b", "b"}, 2, true, ReadOtherNodeDropped, 0},
		{[]string{"a", "a"}, 1, false, ReadNeither, 2},
		{[]string{"a", "a"}, 0, true, ReadDropped, 2},
		{[]string{"a", "a", "a", "b"}, 3, false, ReadNeither, 2}, // uneven nodes: ranks 1 and 2 read on their own node
	} {
		rb := readBack(tc.hosts, tc.shift, tc.dropped, "ext4")
		if rb.Method != tc.method || rb.OwnNode != tc.own || (rb.Warning != "") != (tc.method == ReadNeither) {
			t.Errorf("%v shift %d dropped %v: %+v, want %s with %d on their own node", tc.hosts, tc.shift, tc.dropped, rb, tc.method, tc.own)
		}
	}
	// On tmpfs nothing is dropped: the read-back is the page cache's.
	if rb := readBack([]string{"a", "a"}, 0, true, "tmpfs"); rb.Method != ReadNeither || !strings.Contains(rb.Warning, "tmpfs") {
		t.Errorf("dropped on tmpfs: %+v", rb)
	}
	if rb := readBack([]string{"a", "b"}, 1, true, "tmpfs"); rb.Method != ReadOtherNode || rb.Warning != "" {
		t.Errorf("another node's block, dropped on tmpfs: %+v", rb)
	}
}

// The CSV holds a row per rank and phase, with the JSON's numbers.
func TestCSV(t *testing.T) {
	hosts := []string{"n0", "n1", "n1"}
	r := &Report{Phases: append(phases("write", hosts, [][]float64{{0.1, 0.3, 1.0 / 3}}), phases("read", hosts, [][]float64{{0.01, 0.02, 0.03}})...)}
	var b strings.Builder
	if err := r.CSV(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 7 || strings.Join(rows[0], ",") != "rank,host,node,op,rep,open_s,xfer_s,close_s,total_s,transfers,bytes,mib_s,api" {
		t.Fatalf("CSV:\n%s", b.String())
	}
	if got, want := strings.Join(rows[3], ","), "2,n1,1,write,0,0,0.3333333333333333,0,0.3333333333333333,1,1048576,3,hdf5"; got != want {
		t.Errorf("row 3: %s, want %s", got, want)
	}
	if got := strings.Join(rows[4], ","); !strings.HasPrefix(got, "0,n0,0,read,0,") {
		t.Errorf("row 4: %s", got)
	}
}
