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
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/h5mpi/h5mpi/internal/cli"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/probe"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// flags are the command's names for the settings of probe.Config.
var flags = setting.Names{
	"Out": "-o", "Dataset": "-d", "PerRank": "-per-rank", "Block": "-block", "Xfer": "-xfer",
	"Reps": "-reps", "ReadOther": "-read-other", "Chunk": "-chunk", "Deadline": "-deadline",
}

// sizeFlag is a size flag as IOR takes them ("4m"), into *p.
func sizeFlag(p *int64, name, usage string) {
	flag.Func(name, usage, func(s string) error {
		v, err := setting.ParseSize(s)
		*p = v
		return err
	})
}

func main() {
	defer pio.Recover()
	log.SetPrefix("h5write: ")
	log.SetFlags(0)
	c := probe.Config{Flags: flags}
	flag.StringVar(&c.Out, "o", "output.h5", "output `file`")
	flag.StringVar(&c.Dataset, "d", "test", "dataset `name` (a path such as run1/test makes its groups)")
	flag.IntVar(&c.PerRank, "per-rank", 1, "elements written by each rank")
	bench := flag.Int("bench", 0, "bandwidth probe: `MiB` of float64 written and read back by each rank (as -block MiB m)")
	sizeFlag(&c.Block, "block", "bandwidth probe: `SIZE` written and read back by each rank, such as 256m (IOR -b)")
	sizeFlag(&c.Xfer, "xfer", "probe: `SIZE` per rank of one transfer call (IOR -t; default the block, up to 64m)")
	flag.IntVar(&c.Reps, "reps", 1, "probe: repetitions (IOR -i)")
	sync := flag.Bool("sync", true, "probe: flush the file to storage before the write's close (IOR -e); -sync=false measures the page cache")
	flag.StringVar(&c.ReadOther, "read-other", "auto", "probe: read another rank's block, shifted by the ranks per node (IOR -C): `auto` (when the job spans nodes), on or off")
	flag.BoolVar(&c.FPP, "fpp", false, "probe: a file per rank, FILE.RANK (IOR -F)")
	sizeFlag(&c.Chunk, "chunk", "probe: a chunked dataset in chunks of `SIZE` (default contiguous)")
	deadline := flag.Float64("deadline", 0, "probe: end each phase after `SECONDS` and report the bytes moved (IOR -D)")
	jsonOut := flag.Bool("json", false, "probe: print the whole report as one JSON document")
	flag.BoolVar(&c.Keep, "keep", false, "probe: keep the file (or files) of the last repetition")
	flag.StringVar(&c.Options.Hints, "hints", "", "MPI-IO hints as `key=value,...` (added to $H5MPI_HINTS)")
	flag.BoolVar(&c.Options.Independent, "independent", false, "independent instead of collective transfers")
	c.Options.Knobs.Flags(flag.CommandLine)
	cli.Parse("h5write [flags]", 0, pio.Libraries)

	c.NoSync = !*sync
	c.Deadline = time.Duration(*deadline * float64(time.Second))
	if *bench != 0 {
		if cli.IsSet("block") {
			cli.Usagef("-bench and -block: give one")
		}
		c.Block = int64(*bench) << 20
		c.Flags = setting.Names{}
		for k, v := range flags {
			c.Flags[k] = v
		}
		c.Flags["Block"] = "-bench"
		if *bench < 0 {
			c.Block = int64(*bench)
		}
	}
	if err := c.Validate(); err != nil {
		cli.Usage(err, c.Flags)
	}
	if _, err := pio.ParseHints(c.Options.Hints); err != nil {
		cli.Usagef("-hints: %v", err)
	}
	if err := c.Options.Knobs.Validate(); err != nil {
		cli.Usagef("-align: %v", err)
	}

	if err := pio.Init(); err != nil {
		pio.Fatal(err)
	}
	if c.Block > 0 {
		rep, err := probe.Bench(c)
		if err != nil {
			pio.Fatal(err)
		}
		if pio.Rank() == 0 {
			if err := print(rep, *jsonOut); err != nil {
				pio.Fatal(err)
			}
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

// print writes the probe's report on stdout, as a table or as JSON.
func print(rep *probe.Report, asJSON bool) error {
	if !asJSON {
		return rep.Text(os.Stdout)
	}
	e := json.NewEncoder(os.Stdout)
	e.SetIndent("", "  ")
	return e.Encode(rep)
}
