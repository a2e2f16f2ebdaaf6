package probe

import (
	"fmt"
	"io"
	"os"

	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/outfile"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// output is a file of the report (the CSV, the plot) that rank 0 writes
// once the run is over. It is claimed before the first phase, so that a
// name that cannot be written (no such directory, no permission, another
// run's) ends the run before any I/O, and written as NAME.partial, renamed
// to NAME once complete (package outfile): a failed or killed run leaves
// no truncated file under the final name.
type output struct {
	name  string // the setting that named it ("CSV", "Plot")
	claim *outfile.Claim
	f     *os.File
	write func(io.Writer) error
}

// claimOutputs claims on rank 0 each named output of c (those with a
// path), checked against the bench file and each other. Collective: every
// rank returns the same verdict, and only rank 0's outputs hold files.
func claimOutputs(c Config, rep *Report) ([]*output, error) {
	var outs []*output
	add := func(name, path string, write func(io.Writer) error) {
		if path != "" {
			outs = append(outs, &output{name: name, write: write})
		}
	}
	add("CSV", c.CSV, rep.CSV)
	add("Plot", c.Plot, rep.PNG)
	if len(outs) == 0 || mpi.World.Rank() != 0 {
		return outs, pio.Agree(nil)
	}
	paths := map[string]string{"CSV": c.CSV, "Plot": c.Plot}
	var err error
	for _, o := range outs {
		path := paths[o.name]
		others := []string{c.Out}
		for n, p := range paths {
			if n != o.name {
				others = append(others, p)
			}
		}
		if outfile.SameFile(path, c.Out) {
			err = setting.Bad(o.name, path, "is the probe's file too (%v): name another file", setting.Name("Out"))
			break
		}
		if err = outfile.CheckTarget(o.name, path, others...); err != nil {
			break
		}
		if o.claim, err = outfile.Take(path); err != nil {
			break
		}
		if o.f, err = os.OpenFile(o.claim.Partial, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644); err != nil {
			break
		}
	}
	if err != nil {
		abandon(outs)
	}
	return outs, pio.Agree(err)
}

// writeOutputs writes and commits rank 0's outputs. Collective.
func writeOutputs(outs []*output) error {
	var err error
	for _, o := range outs {
		if o.f == nil {
			continue
		}
		if err = o.write(o.f); err == nil {
			err = o.f.Close()
		}
		if err == nil {
			err = o.claim.Commit()
		}
		if err != nil {
			err = fmt.Errorf("write %s: %w", o.claim.Path, err)
			break
		}
	}
	if err != nil {
		abandon(outs)
	}
	return pio.Agree(err)
}

// abandon removes the outputs' partial files and locks, if any.
func abandon(outs []*output) {
	for _, o := range outs {
		if o.f != nil {
			o.f.Close()
		}
		if o.claim != nil {
			o.claim.Abandon()
		}
	}
}
