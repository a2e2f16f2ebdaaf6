//go:build !mpi

package stats

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/pio"
)

// overlapInputs writes two files of 50 and 30 rows of 3 columns and
// returns their sources, as Scan finds them.
func overlapInputs(t *testing.T) []Source {
	t.Helper()
	dir := t.TempDir()
	var inputs []Input
	for n, rows := range []int{50, 30} {
		p := filepath.Join(dir, fmt.Sprintf("in%d.h5", n))
		h5test.MustWrite(t, p, h5test.Dataset{Name: "x", Dims: []uint{uint(rows), 3}, Data: table(rows, 3, uint64(n))})
		inputs = append(inputs, Input{p, "x"})
	}
	srcs, err := Scan(inputs, pio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return srcs
}

// cpus runs f with GOMAXPROCS 1 (overlap reduces on the reading
// goroutine) and 2 (on another one).
func cpus(t *testing.T, f func(t *testing.T)) {
	for _, n := range []int{1, 2} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", n), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
			f(t)
		})
	}
}

// overlap hands reduce the chunks each reads, in order, from at most two
// buffers.
func TestOverlapOrder(t *testing.T) { cpus(t, testOverlapOrder) }

func testOverlapOrder(t *testing.T) {
	srcs := overlapInputs(t)
	for _, chunk := range []int{1, 7, 50, 100} {
		var want [][]float64
		err := newReader(srcs, chunk, pio.Options{}).each(func(_ int, _, _ []int, rows []float64) error {
			want = append(want, slices.Clone(rows))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var got [][]float64
		buffers := map[*float64]bool{}
		err = newReader(srcs, chunk, pio.Options{}).overlap(func(rows []float64) {
			got = append(got, slices.Clone(rows))
			buffers[&rows[:cap(rows)][0]] = true
		})
		if err != nil {
			t.Fatalf("chunk %d: %v", chunk, err)
		}
		if len(got) != len(want) {
			t.Fatalf("chunk %d: %d chunks reduced, want %d", chunk, len(got), len(want))
		}
		for k := range want {
			if !slices.Equal(got[k], want[k]) {
				t.Fatalf("chunk %d: chunk %d reduced is %v, want %v", chunk, k, got[k], want[k])
			}
		}
		if n := len(buffers); n > 2 {
			t.Errorf("chunk %d: %d buffers, want at most 2", chunk, n)
		}
	}
}

// A panic in reduce stops the reads and comes back as an error that
// names the input; no chunk is reduced after it.
func TestOverlapReduceFails(t *testing.T) { cpus(t, testOverlapReduceFails) }

func testOverlapReduceFails(t *testing.T) {
	srcs := overlapInputs(t)
	for _, at := range []int{0, 3, 7} { // the chunks of 10 rows: 5 in the first input, 3 in the second
		calls := 0
		rd := newReader(srcs, 10, pio.Options{})
		err := rd.overlap(func(rows []float64) {
			calls++
			if calls-1 == at {
				panic("bad chunk")
			}
		})
		if err == nil || !strings.Contains(err.Error(), "internal error") || !strings.Contains(err.Error(), "bad chunk") {
			t.Fatalf("panic at chunk %d: error %v", at, err)
		}
		if at < 5 && !strings.Contains(err.Error(), "in0.h5:x") {
			t.Errorf("panic at chunk %d: error %q does not name the input", at, err)
		}
		if calls != at+1 {
			t.Errorf("panic at chunk %d: reduce called %d times after it", at, calls-at-1)
		}
	}
}

// A read error, here in the second input, comes back once every chunk
// read before it is reduced.
func TestOverlapReadFails(t *testing.T) { cpus(t, testOverlapReadFails) }

func testOverlapReadFails(t *testing.T) {
	srcs := overlapInputs(t)
	srcs[1].Dataset = "missing"
	calls := 0
	err := newReader(srcs, 10, pio.Options{}).overlap(func(rows []float64) { calls++ })
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("error %v, want the missing dataset's", err)
	}
	if calls != 5 {
		t.Errorf("%d chunks reduced, want the first input's 5", calls)
	}
}
