// Command h5write is the parallel HDF5 write test: all ranks of an MPI job
// create one file together and each writes its own part of one dataset.
// With -bench or -block it is an I/O bandwidth probe for a new system,
// measuring what IOR measures with its HDF5 backend.
//
// Usage:
//
//	h5write [-o output.h5] [-d test] [-per-rank K] [-hints k=v,...] [-independent] [knobs]
//	h5write -block SIZE [-xfer SIZE] [-reps N] [-sync=false] [-read-other auto|on|off] [-fpp] [-api hdf5|mpiio|both]
//	        [-chunk SIZE] [-deadline DURATION] [-check=false] [-drop-cache] [-json] [-csv FILE] [-plot FILE.png]
//	        [-keep] [-o FILE] [-d NAME] [-hints k=v,...] [-independent] [knobs]
//	h5write -bench MiB ...      (the same as -block MiBm)
//	h5write -version
//
// where knobs are pio's: [-align SIZE[:THRESHOLD]] [-coll-metadata=false]
// [-strict-collective] [-show-hints] [-stripe-count N] [-stripe-size SIZE].
//
// Without -bench, h5write creates a dataset of 32-bit little-endian
// integers with K elements per rank (1 by default), rank r writes r into
// elements [r·K, (r+1)·K), and rank 0 prints "N MPI ranks have finished
// writing!". The file appears under its final name only once complete.
//
// # The probe
//
// With -block SIZE (or -bench MiB), every rank writes SIZE bytes of
// float64 into its own contiguous block of one dataset, in transfers of
// -xfer bytes (default the block, up to 64m), then reads a block back
// and checks every value. Sizes take IOR's suffixes k, m, g (binary:
// 1m = 1 MiB); the block must be a multiple of the transfer. The figures
// follow IOR (-a HDF5, with -b, -t, -i, -e, -C, -F, -D as named below):
//
//   - -reps N (IOR -i): N repetitions of a write phase and a read phase.
//     For each, the table gives the time to open (create or open the file
//     and the dataset), to transfer, to close (the flush included), their
//     total and the bandwidth, all of the slowest rank and from a common
//     barrier; then per phase the maximum, minimum, mean and standard
//     deviation (over the repetitions as a population, as IOR's summary)
//     of the bandwidth, and the mean time. MiB/s are 2^20 bytes a second.
//     The table's xfers column is the transfers each rank made.
//   - Each rank's own figures: every rank's open, transfer and close
//     times, transfers and bytes, for every phase and repetition, are in
//     the JSON (a list "ranks" per phase) and, with -csv FILE, in a CSV
//     file of one row per rank, phase and repetition (columns rank, host,
//     node, op, rep, open_s, xfer_s, close_s, total_s, transfers, bytes,
//     mib_s, api; node numbers the hosts in order of first appearance). The
//     summary names per phase the slowest rank, by its total time averaged
//     over the repetitions, its host, and that time against the median of
//     the ranks' ("slowest write: rank 3 on nodeB, 1.9200 s, 1.60x the
//     median 1.2000 s"). A rank's times include its waits for the others
//     inside collective calls, so with collective transfers the ranks'
//     times are close; -independent shows a straggler best.
//   - -plot FILE.png draws each rank's write and read rate (its bytes over
//     its total time) in every repetition, one mark each, in two panels,
//     the ranks grouped by node (host names below) and a dashed line at
//     the median, so that a slow rank or node stands out (with -api both,
//     HDF5's phases; the CSV has both, in its api column). The CSV and the
//     plot are written by rank 0 when the run ends, as NAME.partial renamed
//     when complete, and claimed before the first phase: a name that
//     cannot be written ends the run before any I/O.
//   - Sync (IOR -e): the write phase flushes the file to storage
//     (H5Fflush, which syncs through MPI-IO) before closing it, so that
//     the write figure is the storage's, not memory's. On by default;
//     -sync=false leaves it out and measures the page cache.
//   - -read-other (IOR -C): rank r reads the block of rank r+s, s the
//     ranks per node, so that on several nodes no rank reads back what its
//     own node wrote and may still hold in its page cache. auto, the
//     default, does so when the job spans nodes; on forces it (on one
//     node, s is 1: the next rank's block).
//   - -drop-cache: between the write and the read phase, every rank syncs
//     the file and evicts all of it from its node's page cache
//     (posix_fadvise POSIX_FADV_DONTNEED; with -fpp, its own file), so the
//     read-back comes from storage. The whole file, not only the rank's
//     block: with collective buffering the MPI-IO aggregators write other
//     ranks' blocks, and on another node. Untimed. The report says where
//     the read-back came from: "another node's block" (every rank reads a
//     block written on another node), "dropped cache", both, or "neither",
//     with a warning that the read figure is the page cache's (on tmpfs,
//     where nothing can be evicted, "neither" too). Only Linux on amd64
//     and arm64.
//   - -fpp (IOR -F): a file per rank, FILE.00000000 and so on, each
//     through MPI-IO on that rank alone; removed after each repetition
//     unless -keep keeps the last one's.
//   - -api hdf5|mpiio|both (h5bench's raw against observed rate): what
//     the file is written and read through. hdf5, the default, is the
//     dataset above; mpiio writes and reads the same bytes (each rank's
//     block of float64 at the same offsets, no HDF5 header) through
//     MPI-IO alone, MPI_File_write_at_all and read_at_all (write_at and
//     read_at with -independent), with the same hints and sync
//     (MPI_File_sync), in a file of its own, FILE.mpiio, under the same
//     rules (claimed, written as FILE.mpiio.partial, renamed, removed
//     after each repetition unless -keep); both runs each repetition
//     through both, HDF5 first in even repetitions and MPI-IO first in
//     odd ones, on the same blocks, transfers and ranks, and ends the report with HDF5's overhead per phase:
//     "HDF5/MPI-IO write time ratio 1.07", HDF5's mean time over
//     MPI-IO's. The table's lines and the JSON's phases and summaries
//     carry their api. HDF5's own knobs (-chunk, -align, collective
//     metadata) do not apply to the raw file; -fpp takes hdf5 only.
//   - -chunk SIZE: a chunked dataset, chunks of SIZE bytes, instead of a
//     contiguous one. -independent: independent instead of collective
//     transfers. -align and -coll-metadata: see the knobs below.
//   - -deadline DURATION (IOR -D, stonewalling with wear-out): each
//     phase ends after that long, all ranks at the same transfer count
//     (the ranks decide together before each transfer, so none gets
//     ahead: the count is the largest any rank reached, and the file holds
//     every block up to it), and the report gives the count (xfers) and
//     the bytes actually moved (and "deadline" on the phase's line); the
//     read phase reads what was written.
//   - Every value read is checked: element i of the dataset holds
//     float64(i), so a misplaced block is caught, and a mismatch ends the
//     job naming the rank, the file, the element, its byte offset in its
//     owner's block and the value found. -check=false leaves the check
//     out, as IOR does without -R: checking streams every buffer through
//     the processor's caches, which lowers the read figure when the data
//     comes from a fast page cache.
//   - -json prints the whole report as one JSON document instead of the
//     table: settings, hints applied, every phase with each rank's
//     figures, the summary, the read-back method, the MPI and HDF5
//     versions and each rank's host.
//
// Filling and checking buffers are left out of the times; the ranks meet
// before each transfer, so that no rank's filling or checking holds up
// another's collective transfer. The bench file
// follows the rules of every output (claimed, written as NAME.partial,
// renamed when complete) and is removed afterwards unless -keep is given.
//
// # Knobs
//
// MPI-IO hints come from -hints over the H5MPI_HINTS environment variable
// (for example "striping_factor=16,romio_cb_write=enable"). The other
// knobs of parallel HDF5 each have an environment variable too, which the
// flag overrides, and apply to every h5mpi program:
//
//   - -align SIZE[:THRESHOLD] (H5MPI_ALIGN): objects of at least THRESHOLD
//     bytes (default SIZE) start at multiples of SIZE, such as the Lustre
//     stripe size (H5Pset_alignment).
//   - -coll-metadata (H5MPI_COLL_METADATA): collective metadata reads and
//     writes, on by default; -coll-metadata=false turns them off.
//   - -strict-collective (H5MPI_STRICT_COLLECTIVE=1): when HDF5 does a
//     transfer asked to be collective as independent I/O (a type
//     conversion, a filter, a selection it cannot merge), rank 0 warns
//     once with HDF5's cause; strict, that is an error.
//   - -show-hints (H5MPI_SHOW_HINTS=1): rank 0 prints the hints MPI
//     applied to each file (MPICH's ROMIO lists all it uses, Open MPI's
//     OMPIO those it was given), and on Lustre the file's layout.
//   - -stripe-count N and -stripe-size SIZE (H5MPI_STRIPE_COUNT,
//     H5MPI_STRIPE_SIZE): the Lustre striping of each file created,
//     handed to MPI-IO as the hints striping_factor and striping_unit;
//     without -align, objects align on the stripe size. On Lustre, rank 0
//     warns once if the layout applied is another; elsewhere it notes once
//     that striping does not apply.
//
// A create or open that fails on HDF5's file lock (some Lustre and NFS
// mounts refuse locks, errno 524) says so and names
// HDF5_USE_FILE_LOCKING=FALSE, which pio honours.
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
//	$ scripts/run.sh 2 bin/h5write -block 256m -xfer 4m -reps 3 -drop-cache -csv probe.csv -plot probe.png -o /work/probe.h5
//	2 ranks on 1 node(s) (2 on the first), one shared file /work/probe.h5, dataset test
//	block 256 MiB per rank, transfer 4 MiB, 512 MiB in all; collective transfers, contiguous, flushed to storage before close
//	rank r reads its own block; alignment none; collective metadata true
//	read-back: dropped cache
//	Open MPI v4.1.4, package: Debian OpenMPI, ident: 4.1.4, repo rev: v4.1.4, May 26, 2022; HDF5 1.10.8
//	hints applied: none
//
//	access   bw(MiB/s) block(KiB)  xfer(KiB)   open(s)   xfer(s)  close(s)  total(s)  MiB moved   xfers  rep
//	write       185.29     262144       4096    0.1249    2.1756    0.4857    2.7632     512.00      64    0
//	read        277.26     262144       4096    0.0206    1.8216    0.0125    1.8466     512.00      64    0
//	write       855.47     262144       4096    0.0173    0.1032    0.4780    0.5985     512.00      64    1
//	read       2749.35     262144       4096    0.0047    0.1808    0.0008    0.1862     512.00      64    1
//	write       623.59     262144       4096    0.0140    0.1857    0.6352    0.8211     512.00      64    2
//	read        738.20     262144       4096    0.0083    0.6844    0.0091    0.6936     512.00      64    2
//
//	summary max(MiB/s) min(MiB/s) mean(MiB/s)    stddev   mean(s) reps
//	write       855.47     185.29      554.78    277.89    1.3942    3
//	read       2749.35     277.26     1254.94   1073.33    0.9088    3
//
//	slowest write: rank 0 on vm, 1.3875 s, 1.03x the median 1.3464 s (each rank's total, mean of 3 reps)
//	slowest read: rank 1 on vm, 0.9052 s, 1.01x the median 0.9002 s (each rank's total, mean of 3 reps)
//	$ head -3 probe.csv
//	rank,host,node,op,rep,open_s,xfer_s,close_s,total_s,transfers,bytes,mib_s,api
//	0,vm,0,write,0,0.120599225,2.175566961,0.467007226,2.763173412,64,268435456,92.64709876268887,hdf5
//	1,vm,0,write,0,0.12486609,1.902871911,0.485705594,2.513443595,64,268435456,101.85229559527872,hdf5
//
// Without -drop-cache, on one node, the read-back line says "neither"
// and a warning follows: the read figure is then the page cache's.
//
// HDF5 against MPI-IO alone in one run, on a 2-core machine shared with
// other work (the ratios vary from run to run there; 5 repetitions or
// more, and the mean times' ratio, say more):
//
//	$ scripts/run.sh 2 bin/h5write -block 256m -xfer 4m -reps 2 -api both -o /work/probe.h5
//	2 ranks on 1 node(s) (2 on the first), one shared file /work/probe.h5 through HDF5 and /work/probe.h5.mpiio through MPI-IO alone, in turn, dataset test
//	block 256 MiB per rank, transfer 4 MiB, 512 MiB in all; collective transfers, contiguous, flushed to storage before close
//	rank r reads its own block; alignment none; collective metadata true
//	read-back: neither
//	warning: 2 of 2 ranks read back a block written on their own node, whose page cache may hold it: the read figure is the page cache's, not the storage's
//	Open MPI v4.1.4, package: Debian OpenMPI, ident: 4.1.4, repo rev: v4.1.4, May 26, 2022; HDF5 1.10.8
//	hints applied: none
//	hints applied (MPI-IO alone): none
//
//	access   bw(MiB/s) block(KiB)  xfer(KiB)   open(s)   xfer(s)  close(s)  total(s)  MiB moved   xfers  rep api
//	write       152.26     262144       4096    0.0948    2.7041    0.5637    3.3626     512.00      64    0 hdf5
//	read      13702.94     262144       4096    0.0097    0.0271    0.0011    0.0374     512.00      64    0 hdf5
//	write       172.09     262144       4096    0.0214    2.4979    0.4559    2.9752     512.00      64    0 mpiio
//	read      18271.86     262144       4096    0.0011    0.0265    0.0005    0.0280     512.00      64    0 mpiio
//	write       670.18     262144       4096    0.0041    0.2929    0.4669    0.7640     512.00      64    1 mpiio
//	read      19789.70     262144       4096    0.0042    0.0215    0.0002    0.0259     512.00      64    1 mpiio
//	write       730.88     262144       4096    0.0105    0.1169    0.5731    0.7005     512.00      64    1 hdf5
//	read       6954.22     262144       4096    0.0066    0.0720    0.0005    0.0736     512.00      64    1 hdf5
//
//	summary max(MiB/s) min(MiB/s) mean(MiB/s)    stddev   mean(s) reps api
//	write       730.88     152.26      441.57    289.31    2.0316    2 hdf5
//	read      13702.94    6954.22    10328.58   3374.36    0.0555    2 hdf5
//	write       670.18     172.09      421.14    249.04    1.8696    2 mpiio
//	read      19789.70   18271.86    19030.78    758.92    0.0269    2 mpiio
//
//	slowest write: rank 1 on vm, 2.0316 s, 1.09x the median 1.8568 s (each rank's total, mean of 2 reps)
//	slowest read: rank 1 on vm, 0.0527 s, 1.01x the median 0.0522 s (each rank's total, mean of 2 reps)
//	slowest write (mpiio): rank 1 on vm, 1.8696 s, 1.07x the median 1.7531 s (each rank's total, mean of 2 reps)
//	slowest read (mpiio): rank 0 on vm, 0.0269 s, 1.10x the median 0.0246 s (each rank's total, mean of 2 reps)
//
//	HDF5/MPI-IO write time ratio 1.09 (mean 2.0316 s against 1.8696 s, 2 reps each)
//	HDF5/MPI-IO read time ratio 2.06 (mean 0.0555 s against 0.0269 s, 2 reps each)
//
// Errors on any rank print "h5write: rank R: MESSAGE" and end the whole
// job with a non-zero status; bad flags exit with status 2.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"maps"
	"os"

	"github.com/h5mpi/h5mpi/internal/job"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/probe"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// flags are the command's names for the settings of probe.Config (and
// pio's): every error is rendered with them (setting.Render).
var flags = map[string]string{
	"Hints": "-hints", "Align": "-align", "StrictCollective": "-strict-collective", "StripeCount": "-stripe-count", "StripeSize": "-stripe-size",
	"Out": "-o", "Dataset": "-d", "PerRank": "-per-rank", "Block": "-block", "Xfer": "-xfer",
	"Reps": "-reps", "ReadOther": "-read-other", "Chunk": "-chunk", "Deadline": "-deadline",
	"CSV": "-csv", "Plot": "-plot", "DropCache": "-drop-cache",
	"API": "-api", "FPP": "-fpp",
}

// sizeFlag is a size flag of fs as IOR takes them ("4m"), into *p.
func sizeFlag(fs *flag.FlagSet, p *int64, name, usage string) {
	fs.Func(name, usage, func(s string) error {
		v, err := setting.ParseSize(s)
		*p = v
		return err
	})
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is the command with its command line args (without the program's
// name) and its output streams; it returns the exit status. A usage error,
// -help and -version return before MPI starts.
func run(args []string, stdout, stderr io.Writer) int {
	flags := flags // renamed in this run alone (-bench)
	defer job.Recover()
	log.SetOutput(stderr)
	log.SetPrefix("h5write: ")
	log.SetFlags(0)
	fs := flag.NewFlagSet("h5write", flag.ContinueOnError)
	var c probe.Config
	fs.StringVar(&c.Out, "o", "output.h5", "output `file`")
	fs.StringVar(&c.Dataset, "d", "test", "dataset `name` (a path such as run1/test makes its groups)")
	fs.IntVar(&c.PerRank, "per-rank", 1, "elements written by each rank")
	bench := fs.Int("bench", 0, "bandwidth probe: `MiB` of float64 written and read back by each rank (the same as -block MiBm)")
	sizeFlag(fs, &c.Block, "block", "bandwidth probe: `SIZE` written and read back by each rank, such as 256m (IOR -b)")
	sizeFlag(fs, &c.Xfer, "xfer", "probe: `SIZE` per rank of one transfer call (IOR -t; default the block, up to 64m)")
	fs.IntVar(&c.Reps, "reps", 1, "probe: repetitions (IOR -i)")
	sync := fs.Bool("sync", true, "probe: flush the file to storage before the write's close (IOR -e); -sync=false measures the page cache")
	fs.StringVar(&c.ReadOther, "read-other", "auto", "probe: read another rank's block, shifted by the ranks per node (IOR -C): `mode` auto (when the job spans nodes), on or off")
	fs.BoolVar(&c.FPP, "fpp", false, "probe: a file per rank, FILE.RANK (IOR -F)")
	fs.StringVar(&c.API, "api", "hdf5", "probe: write and read through `api` hdf5, mpiio (the same bytes through MPI-IO alone, in FILE.mpiio) or both (alternating, with HDF5's time ratio)")
	sizeFlag(fs, &c.Chunk, "chunk", "probe: a chunked dataset in chunks of `SIZE` (default contiguous)")
	fs.Func("deadline", "probe: end each phase after this `duration` (90s, 1m; a bare number is seconds) and report the bytes moved (IOR -D)", func(s string) (err error) {
		c.Deadline, err = setting.ParseDuration(s)
		return err
	})
	check := fs.Bool("check", true, "probe: check every value read; -check=false leaves it out, as IOR does without -R")
	jsonOut := fs.Bool("json", false, "probe: print the whole report as one JSON document")
	fs.StringVar(&c.CSV, "csv", "", "probe: write each rank's times of every phase and repetition to `file` as CSV")
	fs.StringVar(&c.Plot, "plot", "", "probe: draw each rank's write and read rate per repetition, grouped by node, into `file` as PNG")
	fs.BoolVar(&c.DropCache, "drop-cache", false, "probe: evict the file from the page cache between write and read (fsync, posix_fadvise DONTNEED on every rank)")
	fs.BoolVar(&c.Keep, "keep", false, "probe: keep the file (or files) of the last repetition")
	fs.StringVar(&c.Options.Hints, "hints", "", "MPI-IO hints as `key=value,...` (added to $H5MPI_HINTS)")
	fs.BoolVar(&c.Options.Independent, "independent", false, "independent instead of collective transfers")
	job.KnobFlags(fs, &c.Options.Knobs)
	if status, stop := job.Parse(fs, args, stdout, stderr, "h5write [flags]", 0); stop {
		return status
	}

	c.NoSync, c.NoCheck = !*sync, !*check
	// Zero means "the default" to the library; on the command line it is
	// a mistake.
	if job.IsSet(fs, "xfer") && c.Xfer == 0 {
		return job.Usagef(fs, "-xfer 0: want a positive size (without -xfer: the block, up to 64m)")
	}
	if c.Reps == 0 {
		return job.Usagef(fs, "-reps 0: want at least 1 repetition")
	}
	if *bench != 0 {
		if job.IsSet(fs, "block") {
			return job.Usagef(fs, "-bench and -block: give one")
		}
		c.Block = int64(*bench) << 20
		// The block is what -bench gave: this run names it so.
		flags = maps.Clone(flags)
		flags["Block"] = "-bench"
		if *bench < 0 {
			c.Block = int64(*bench)
		}
	}
	if err := c.Validate(); err != nil {
		return job.Usage(fs, setting.Render(err, flags))
	}
	if err := c.Options.Validate(); err != nil {
		return job.Usage(fs, setting.Render(err, flags))
	}

	if err := job.Init(); err != nil {
		job.Fatal(setting.Render(err, flags))
	}
	if c.Block > 0 {
		rep, err := probe.Bench(c)
		if err != nil {
			job.Fatal(setting.Render(err, flags))
		}
		if mpi.World.Rank() == 0 {
			if err := print(stdout, rep, *jsonOut); err != nil {
				job.Fatal(setting.Render(err, flags))
			}
		}
	} else {
		if err := probe.WriteRanks(c); err != nil {
			job.Fatal(setting.Render(err, flags))
		}
		if mpi.World.Rank() == 0 {
			fmt.Fprintf(stdout, "%d MPI ranks have finished writing!\n", mpi.World.Size())
		}
	}
	job.Finalize()
	return 0
}

// print writes the probe's report on w, as a table or as JSON.
func print(w io.Writer, rep *probe.Report, asJSON bool) error {
	if !asJSON {
		return rep.Text(w)
	}
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	return e.Encode(rep)
}
