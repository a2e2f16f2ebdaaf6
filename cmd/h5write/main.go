// Command h5write is the parallel HDF5 write test: all ranks of an MPI job
// create one file together and each writes its own part of one dataset.
// With -bench it is an I/O bandwidth probe for a new system.
//
// Usage:
//
//	h5write [-o output.h5] [-d test] [-per-rank K] [-bench MiB [-keep]] [-hints k=v,...] [-independent]
//	h5write -version
//
// Without -bench, h5write creates a dataset of 32-bit little-endian
// integers with K elements per rank (1 by default), rank r writes r into
// elements [r·K, (r+1)·K), and rank 0 prints "N MPI ranks have finished
// writing!". The file appears under its final name only once complete.
//
// With -bench MiB, every rank writes MiB mebibytes of float64 into its own
// contiguous block with collective writes, reads the block back and checks
// it, and rank 0 prints the aggregate write and read bandwidth. The bench
// file is removed afterwards unless -keep is given.
//
// MPI-IO hints come from -hints and from the H5MPI_HINTS environment
// variable (for example "striping_factor=16,romio_cb_write=enable").
//
// Example: the 42-rank test of the Frontier hands-on, and a probe:
//
//	$ scripts/run.sh 42 bin/h5write
//	42 MPI ranks have finished writing!
//	$ h5dump output.h5
//	HDF5 "output.h5" {
//	GROUP "/" {
//	   DATASET "test" {
//	      DATATYPE  H5T_STD_I32LE
//	      DATASPACE  SIMPLE { ( 42 ) / ( 42 ) }
//	      DATA {
//	      (0): 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
//	      (19): 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
//	      (35): 35, 36, 37, 38, 39, 40, 41
//	      }
//	   }
//	}
//	}
//	$ scripts/run.sh 4 bin/h5write -bench 256 -o /lustre/scratch/probe.h5
//	h5write: bench: 4 ranks, file 1024.0 MiB: write 812.4 MiB/s (1.260 s), read 2301.7 MiB/s (0.445 s)
//
// Errors on any rank print "h5write: rank R: MESSAGE" and end the whole
// job with a non-zero status; bad flags exit with status 2.
package main

import (
	"flag"
	"fmt"
	"log"

	"github.com/h5mpi/h5mpi/internal/cli"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/probe"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// flags are the command's names for the settings of probe.Config.
var flags = setting.Names{"Out": "-o", "Dataset": "-d", "PerRank": "-per-rank", "MiB": "-bench"}

func main() {
	defer pio.Recover()
	log.SetPrefix("h5write: ")
	log.SetFlags(0)
	var (
		out     = flag.String("o", "output.h5", "output `file`")
		dset    = flag.String("d", "test", "dataset `name` (a path such as run1/test makes its groups)")
		perRank = flag.Int("per-rank", 1, "elements written by each rank")
		bench   = flag.Int("bench", 0, "bandwidth probe: `MiB` of float64 written and read back by each rank")
		keep    = flag.Bool("keep", false, "with -bench, keep the bench file")
		hints   = flag.String("hints", "", "MPI-IO hints as `key=value,...` (added to $H5MPI_HINTS)")
		indep   = flag.Bool("independent", false, "independent instead of collective transfers")
	)
	cli.Parse("h5write [flags]", 0, pio.Libraries)
	c := probe.Config{
		Out: *out, Dataset: *dset, PerRank: *perRank, MiB: *bench, Keep: *keep,
		Options: pio.Options{Hints: *hints, Independent: *indep},
		Flags:   flags,
	}
	if err := c.Validate(); err != nil {
		cli.Usage(err, flags)
	}
	if _, err := pio.ParseHints(*hints); err != nil {
		cli.Usagef("-hints: %v", err)
	}

	if err := pio.Init(); err != nil {
		pio.Fatal(err)
	}
	if c.MiB > 0 {
		res, err := probe.Bench(c)
		if err != nil {
			pio.Fatal(err)
		}
		if pio.Rank() == 0 {
			log.Printf("bench: %v", res)
		}
	} else {
		if err := probe.WriteRanks(c); err != nil {
			pio.Fatal(err)
		}
		if pio.Rank() == 0 {
			fmt.Printf("%d MPI ranks have finished writing!\n", pio.Size())
		}
	}
	pio.Finalize()
}
