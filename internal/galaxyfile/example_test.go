//go:build !mpi

// The example runs in the one-rank stand-in (go test ./internal/galaxyfile),
// so its output is checked; with -tags mpi and N ranks, each rank writes
// the particles it integrated.

package galaxyfile_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/h5mpi/h5mpi/internal/galaxyfile"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/pio"
)

// A galaxy file's life: created with its layout and attributes, the
// nucleus's track written once, each chunk of particles written as it is
// ready and marked done at a checkpoint, committed at Close; then read by
// animate's reader (OpenSerial), here the first and last samples of
// particle 1.
func Example() {
	dir, err := os.MkdirTemp("", "galaxyfile-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "galaxy.hdf5")

	const n, steps = 2, 3 // particles, time samples
	g, err := galaxyfile.Create(path, pio.Options{}, n, steps, galaxyfile.Attrs{N: n, Steps: steps, TEnd: 2, Seed: 1, Program: "example"})
	if err != nil {
		log.Fatal(err)
	}
	track := []float64{0, 0, 0, 1, 0, 0, 2, 0, 0} // the nucleus: (x, y, z) at each sample
	if err := g.WriteShared(true, track, make([]float64, len(track)), []float64{0, 1, 2}); err != nil {
		log.Fatal(err)
	}
	c := &galaxyfile.Chunk{Rows: []int32{0, 1}, Evals: []int64{120, 130}, Steps: []int32{10, 11}, Rejected: []int32{0, 1}}
	for i := range c.Rows {
		for j := 0; j < steps; j++ {
			c.Pos = append(c.Pos, float64(10*i+j), 0, 0)
			c.Vel = append(c.Vel, 1, 0, 0)
		}
	}
	if err := g.WriteChunk(c); err != nil {
		log.Fatal(err)
	}
	if err := g.Flush(); err != nil { // durable before it is recorded
		log.Fatal(err)
	}
	if err := g.MarkDone(c.Rows); err != nil {
		log.Fatal(err)
	}
	if err := g.Close(); err != nil {
		log.Fatal(err)
	}

	r, err := galaxyfile.OpenSerial(path)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	pt, nuc := make([]float64, 2*n*3), make([]float64, 2*3)
	if err := r.ReadFrames(0, steps-1, 2, pt, nuc); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d particles, %d samples\n", r.N(), r.T())
	// Particle i at frame j: row i·2+j of (n, 2, 3).
	fmt.Println("particle 1 at t=0 and t=2:", pt[(1*2+0)*3:][:3], pt[(1*2+1)*3:][:3])
	fmt.Println("nucleus at t=2:", nuc[3:6])
	mpi.Finalize()
	// Output:
	// 2 particles, 3 samples
	// particle 1 at t=0 and t=2: [10 0 0] [12 0 0]
	// nucleus at t=2: [2 0 0]
}
