package stats

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

func TestPlan(t *testing.T) {
	for _, tc := range []struct {
		rows []int
		size int
		want [][]Piece // per rank
	}{
		{[]int{53786}, 3, [][]Piece{{{0, 0, 17929}}, {{0, 17929, 17929}}, {{0, 35858, 17928}}}},
		// The notebook's three files: 120 rows on each of 3 ranks.
		{[]int{60, 120, 180}, 3, [][]Piece{
			{{0, 0, 60}, {1, 0, 60}},
			{{1, 60, 60}, {2, 0, 60}},
			{{2, 60, 120}},
		}},
		{[]int{2, 0, 3}, 4, [][]Piece{{{0, 0, 2}}, {{2, 0, 1}}, {{2, 1, 1}}, {{2, 2, 1}}}},
		{[]int{1, 1}, 4, [][]Piece{{{0, 0, 1}}, {{1, 0, 1}}, nil, nil}},
		{[]int{0, 0}, 2, [][]Piece{nil, nil}},
	} {
		for r := 0; r < tc.size; r++ {
			if got := Plan(tc.rows, tc.size, r); !reflect.DeepEqual(got, tc.want[r]) {
				t.Errorf("Plan(%v, %d, %d) = %v, want %v", tc.rows, tc.size, r, got, tc.want[r])
			}
		}
	}
}

// Over random tables, the ranks' pieces cover every row of every input
// exactly once, in order, each rank's rows are its Split block, and Reads
// is the most reads any rank needs.
func TestPlanCovers(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 500; trial++ {
		rows := make([]int, 1+r.IntN(6))
		total := 0
		for i := range rows {
			if r.IntN(4) > 0 {
				rows[i] = r.IntN(50)
			}
			total += rows[i]
		}
		size, chunk := 1+r.IntN(9), 1+r.IntN(12)
		what := fmt.Sprintf("rows %v on %d ranks, chunk %d", rows, size, chunk)
		next := make([]int, len(rows)) // next row expected of each input
		last := -1                     // last input touched
		want := make([]int, len(rows))
		for rank := 0; rank < size; rank++ {
			_, n := pio.Split(total, size, rank)
			got := 0
			for _, p := range Plan(rows, size, rank) {
				if p.Count <= 0 || p.Input < last || p.Offset != next[p.Input] {
					t.Fatalf("%s: rank %d: piece %+v out of order", what, rank, p)
				}
				next[p.Input] += p.Count
				last = p.Input
				got += p.Count
				want[p.Input] = max(want[p.Input], (p.Count+chunk-1)/chunk)
			}
			if got != n {
				t.Fatalf("%s: rank %d has %d rows, Split gives %d", what, rank, got, n)
			}
		}
		if !reflect.DeepEqual(next, rows) {
			t.Fatalf("%s: rows covered %v", what, next)
		}
		if got := Reads(rows, size, chunk); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: Reads = %v, want %v", what, got, want)
		}
	}
}

func TestReads(t *testing.T) {
	for _, tc := range []struct {
		rows        []int
		size, chunk int
		want        []int
	}{
		{[]int{60, 120, 180}, 3, 1000, []int{1, 1, 1}},
		{[]int{60, 120, 180}, 3, 50, []int{2, 2, 3}},
		{[]int{60, 120, 180}, 1, 50, []int{2, 3, 4}},
		{[]int{1000}, 3, 7, []int{48}}, // 334 rows on rank 0
		{[]int{0, 5}, 2, 2, []int{0, 2}},
	} {
		if got := Reads(tc.rows, tc.size, tc.chunk); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Reads(%v, %d, %d) = %v, want %v", tc.rows, tc.size, tc.chunk, got, tc.want)
		}
	}
}

// The default chunk: 512 KiB of float64 where the rank reduces on the
// core it reads on, 1 MiB where a second CPU reduces (overlap).
func TestChunkRows(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		chunk := 512 << 10
		if procs == 2 && runtime.NumCPU() >= 2 {
			chunk = 1 << 20
		}
		for _, tc := range []struct{ chunk, cols, want int }{
			{0, 1, chunk / 8},
			{0, 5, chunk / 40},
			{0, 1 << 30, 1},
			{7, 5, 7},
		} {
			if got, err := ChunkRows(tc.chunk, tc.cols); err != nil || got != tc.want {
				t.Errorf("GOMAXPROCS %d of %d CPUs: ChunkRows(%d, %d) = %d, %v, want %d", procs, runtime.NumCPU(), tc.chunk, tc.cols, got, err, tc.want)
			}
		}
	}
	var se *setting.Error
	if _, err := ChunkRows(MaxChunkValues, 2); !errors.As(err, &se) || se.Name != "Chunk" {
		t.Errorf("ChunkRows(%d, 2): error %v, want a *setting.Error of Chunk", MaxChunkValues, err)
	}
}

// The settings go by their own names unless a command renders them.
func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		c    Config
		want string // "" for valid
	}{
		{Config{}, ""},
		{Config{Chunk: 10}, ""},
		{Config{Chunk: -1}, "Chunk -1: want a number of rows"},
		{Config{Chunk: -1}, "-chunk -1: want a number of rows"},
	} {
		err := tc.c.Validate()
		if strings.HasPrefix(tc.want, "-") {
			err = setting.Render(err, map[string]string{"Chunk": "-chunk"})
		}
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: unexpected error %v", tc.c, err)
		case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)):
			t.Errorf("%+v: error %v, want one starting %q", tc.c, err, tc.want)
		}
	}
}
