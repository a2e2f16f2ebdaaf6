package galaxy

import (
	"fmt"
	"slices"

	"github.com/h5mpi/h5mpi/internal/mpi"
)

// checkpoint makes the rows written so far durable and only then records
// them as done, durably: after a crash a resumed run redoes at most what
// came since. A run whose lock was taken over meanwhile fails here,
// naming the run that took it. Collective.
func (r *runner) checkpoint() error {
	if err := r.f.Held(); err != nil {
		return err
	}
	if err := r.f.Flush(); err != nil {
		return err
	}
	if err := r.markDone(); err != nil {
		return err
	}
	if err := r.f.Flush(); err != nil {
		return err
	}
	// What the file's record holds now, for the progress lines.
	done, err := mpi.World.SumFloat64(float64(r.done))
	if err != nil {
		return err
	}
	if w := r.c.Progress; w != nil {
		fmt.Fprintf(w, "galaxy: checkpoint: %d of %d particles recorded\n", r.prior+int(done), r.total)
	}
	return nil
}

// markDone records the rows written since the last record as done.
func (r *runner) markDone() error {
	if len(r.written) == 0 {
		return nil
	}
	slices.Sort(r.written)
	if err := r.f.MarkDone(r.written); err != nil {
		return err
	}
	r.written = r.written[:0]
	return nil
}
