package render

import (
	"os"

	"github.com/h5mpi/h5mpi/internal/outfile"
)

// atomicFile is written as NAME.partial under this run's claim on NAME
// (package outfile) and renamed to NAME on Commit, so a failed or killed
// run never leaves a truncated file under the final name, nor destroys a
// previous good one, and two runs never write one file.
type atomicFile struct {
	*os.File
	claim *outfile.Claim
}

func createAtomic(name string) (*atomicFile, error) {
	c, err := outfile.Take(name)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(c.Partial, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		c.Abandon()
		return nil, err
	}
	return &atomicFile{File: f, claim: c}, nil
}

func (a *atomicFile) Commit() error {
	if err := a.File.Close(); err != nil {
		a.Abort()
		return err
	}
	return a.claim.Commit()
}

// Abort removes the partial file, unless committed.
func (a *atomicFile) Abort() {
	a.File.Close()
	a.claim.Abandon()
}
