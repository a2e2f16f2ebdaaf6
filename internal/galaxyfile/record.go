package galaxyfile

import (
	"errors"
	"fmt"

	"github.com/h5mpi/h5mpi/internal/pio"
)

// RecordError is a partial file whose per-particle record does not hold
// together: a value out of range, or a particle marked done whose other
// records say it was never integrated (a bit flip, a torn write, a tool
// that edited the file). A resume trusting it would commit a file with
// particles that were never computed.
type RecordError struct {
	Path    string // the file read
	Dataset string
	Index   int   // the particle
	Value   int64 // its value there
	Why     string
}

func (e *RecordError) Error() string {
	return fmt.Sprintf("%s: %s[%d] = %d: %s: its record of the particles done does not hold together (edited or damaged)",
		e.Path, e.Dataset, e.Index, e.Value, e.Why)
}

// recordPiece is how many particles Done checks at once: 17 bytes each.
const recordPiece = 1 << 16

// Done reads the record of complete particles and checks it: done[i] is
// 1 once particle i's rows and diagnostics are durable, 0 while it is to
// do. Every value must be in range (done_pt 0 or 1, the counts never
// negative), and a particle marked done must have been integrated: it
// took evaluations and accepted steps, and at least one evaluation per
// step tried. Anything else is a *RecordError naming the dataset, the
// particle and the value. Independent: for one rank alone.
func (g *File) Done() ([]uint8, error) {
	name := g.Path()
	if g.resumed {
		name += pio.PartialSuffix
	}
	done := make([]uint8, g.n)
	k := min(recordPiece, g.n)
	evals, steps, rejected := make([]int64, k), make([]int32, k), make([]int32, k)
	for lo := 0; lo < g.n; lo += recordPiece {
		k := min(recordPiece, g.n-lo)
		off, cnt := []int{lo}, []int{k}
		if err := errors.Join(pio.Read(g.done, off, cnt, done[lo:lo+k]), pio.Read(g.evals, off, cnt, evals[:k]),
			pio.Read(g.steps, off, cnt, steps[:k]), pio.Read(g.rejected, off, cnt, rejected[:k])); err != nil {
			return nil, err
		}
		for j := 0; j < k; j++ {
			i := lo + j
			bad := func(dataset string, v int64, why string) error {
				return &RecordError{Path: name, Dataset: dataset, Index: i, Value: v, Why: why}
			}
			d, e, s, r := done[i], evals[j], int64(steps[j]), int64(rejected[j])
			switch {
			case d > 1:
				return nil, bad(DonePt, int64(d), "want 0 (to do) or 1 (done)")
			case e < 0:
				return nil, bad(EvalsPt, e, "a count of evaluations cannot be negative")
			case s < 0:
				return nil, bad(StepsPt, s, "a count of steps cannot be negative")
			case r < 0:
				return nil, bad(RejectedPt, r, "a count of steps cannot be negative")
			case d == 0:
			case e == 0:
				return nil, bad(EvalsPt, e, fmt.Sprintf("%s[%d] = 1 marks the particle done, but it was never integrated (no evaluations)", DonePt, i))
			case s == 0:
				return nil, bad(StepsPt, s, fmt.Sprintf("%s[%d] = 1 marks the particle done, but it was never integrated (no steps)", DonePt, i))
			case e < s+r:
				return nil, bad(EvalsPt, e, fmt.Sprintf("fewer evaluations than the %d steps tried (%s %d, %s %d)", s+r, StepsPt, s, RejectedPt, r))
			}
		}
	}
	return done, nil
}
