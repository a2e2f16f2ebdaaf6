//go:build mpi

package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// Integer extremes stay exact when ranks merge them: 2^62+k spread over
// 3 ranks, each holding one, and a uint64 column beside a negative int64
// one (two inputs of two columns).
func TestExactExtremesOverRanks(t *testing.T) {
	dir := t.TempDir()
	big := int64(1) << 62
	h5test.MustWrite(t, filepath.Join(dir, "i.h5"), h5test.Dataset{Name: "x", Dims: []uint{3, 2}, Data: []int64{big + 2, -big - 1, big + 3, 4, big + 1, 5}})
	h5test.MustWrite(t, filepath.Join(dir, "u.h5"), h5test.Dataset{Name: "x", Dims: []uint{1, 2}, Data: []uint64{1 << 63, 1<<64 - 1}})
	r := mpitest.MustRun(t, 3, time.Minute, dir, bin, "-json", "i.h5:x", "u.h5:x")
	out := strings.ReplaceAll(r.Stdout, " ", "")
	for _, want := range []string{
		`"column":0,"count":4,"min":4611686018427387905,"max":9223372036854775808,`,
		`"column":1,"count":4,"min":-4611686018427387905,"max":18446744073709551615,`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the JSON lacks %s:\n%s", want, r.Stdout)
		}
	}
}
