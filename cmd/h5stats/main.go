// Command h5stats computes per-column statistics of numeric HDF5 datasets
// too large for one node, every rank of an MPI job reading only its own
// rows, and can write the data min–max normalised into a new file.
//
// Usage:
//
//	h5stats [-chunk ROWS] [-json] [-normalize OUT.h5] [-ranks-report] [-v]
//	        [-hints k=v,...] [-collective] [-align SIZE[:THRESHOLD]] [-coll-metadata=false]
//	        [-strict-collective] [-show-hints] [-stripe-count N] [-stripe-size SIZE]
//	        FILE:DATASET [FILE:DATASET ...]
//	h5stats -version
//
// The inputs are datasets of any integer or float type, all with the
// same number of columns: a 1-D dataset is one column, a 2-D one has
// its second dimension's, and beyond, the dimensions after the first
// are flattened into columns, as numpy reduces along axis 0 (a galaxy
// file's pos_pt, (N, T, 3), gives each coordinate at each sample over
// the particles). Their
// rows, taken in order as one long table, are split across the ranks in
// balanced blocks, so a rank may read the end of one file and the start of
// the next: inputs of 60, 120 and 180 rows on 3 ranks give each rank 120
// rows. Each rank reads its rows in chunks of -chunk rows (by default as
// many as fill 512 KiB of float64 on a rank with one CPU, 1 MiB with
// more), so memory stays bounded whatever the
// size of the files, and summarises each chunk on a second goroutine
// while it reads the next: a rank holds two chunks, and uses two cores
// when it has them. Values are read as float64 (integers beyond 2^53
// lose precision).
//
// For every column rank 0 prints the count, min, max, mean and standard
// deviation (the population one, numpy's default: sqrt(Σ(x−mean)²/n)),
// every number to full precision; -json prints the same as JSON. Partial
// results are combined with a numerically stable pairwise merge, in rank
// order, never through sums of squares, so the result depends on -chunk
// and the rank count only by rounding.
//
// NaN and infinities give numpy's np.min, np.max, np.mean and np.std of
// the column: a NaN makes min, max, mean and std NaN; otherwise +Inf (or
// −Inf) makes the mean +Inf (or −Inf), both make it NaN, and either makes
// the std NaN, min and max being as usual. The count is every row, NaN
// and infinities included. Finite values give the exact mean and std,
// rounded, however near the float64 limits: blocks of values above 2^448
// or below 2^−400 in magnitude are summarised scaled by a power of two,
// so nothing overflows or underflows ([1e308, -1e308, 1e308] has mean
// 3.33e307 and std 9.43e307, where numpy's squares overflow to a std of
// inf), and the std of finite data, at most max |x|, is always finite. In JSON, NaN and
// infinities are the strings "NaN", "+Inf" and "-Inf".
//
// -normalize OUT.h5 reads the rows a second time and writes them mapped to
// [0, 1] column by column, (x − min) / (max − min) with the global min and
// max of the values other than NaN (numpy's nanmin and nanmax), into
// OUT.h5: one float64 dataset per input, of the input's shape, each rank
// writing its own rows. A constant column maps to 0 and NaN stays NaN;
// where max − min overflows, the terms are halved first, exactly, so min
// still maps to 0 and max to 1; a column whose min or max is infinite has
// no finite scale and maps to NaN. Each dataset keeps its input's name, groups included
// ("/run1/normal" is written as run1/normal, group run1 made as needed),
// except that when several inputs come to the same name, each gets "_K"
// appended, K its position among the inputs from 0 (three files with
// dataset "normal" give "normal_0", "normal_1" and "normal_2"). Names that
// still collide, or a dataset name another input needs as a group ("a"
// and "a/b"), are refused before any file is made. Each dataset
// carries the attributes "source" (FILE:DATASET) and "min" and "max" (per
// column), from which x = min + y·(max − min). OUT.h5 appears only when
// complete: bad input never leaves an OUT.h5 or OUT.h5.partial.
//
// Unlike the other h5mpi programs, h5stats transfers data independently by
// default: every read and write of a rank is one contiguous run of rows,
// the case where MPI-IO's collective buffering only adds a synchronisation
// per chunk (on 4 ranks of a 2-core machine, collective reads were ten
// times slower). -collective restores collective transfers, which some
// file systems may prefer; every rank makes the same calls either way.
// Reading a dataset of another type than float64 (integers, float32)
// converts, and HDF5 1.10 then does the collective reads as independent
// ones: rank 0 says so once (-strict-collective makes it an error).
// -align, -coll-metadata, -show-hints, -stripe-count and -stripe-size
// (the striping of -normalize's output) are pio's knobs, as in h5write.
//
// -ranks-report makes every rank print, on standard error, the rows of
// the table it read and which files and row ranges they came from. -v
// prints on standard error how long each pass took on the slowest rank,
// the read rate in MiB/s counted as 8-byte values, and the summary
// kernels rank 0 runs (avx512 or avx2 assembly, or go; all give the same
// bits).
//
// Example: the dataset of the Kosh notebook, 53786 rows of 5 columns, on
// 3 ranks, then its three files of 60, 120 and 180 rows normalised
// together:
//
//	$ scripts/run.sh 3 bin/h5stats -ranks-report my_data.h5:normal
//	h5stats: rank 0: 17929 rows, [0, 17929) of 53786: my_data.h5:normal rows [0, 17929) in 0.003 s
//	h5stats: rank 1: 17929 rows, [17929, 35858) of 53786: my_data.h5:normal rows [17929, 35858) in 0.003 s
//	h5stats: rank 2: 17928 rows, [35858, 53786) of 53786: my_data.h5:normal rows [35858, 53786) in 0.003 s
//	# 53786 rows, 5 columns, 1 input, 3 ranks
//	column  count                  min                max                   mean                 std
//	     0  53786   -4.030404248695601  4.406353522522504  -0.008857475565869188  0.9954890272299439
//	     1  53786  -2.9635162950749487  5.163613548281239     1.0017571599551376  1.0008686106242726
//	     2  53786   -2.199743508838311  5.749252171125532     1.9977432766312144  1.0001819199677486
//	     3  53786  -1.1126982215157133   7.02879415325305     3.0016740362696956  0.9978849692343168
//	     4  53786  0.10699401076944604  8.213191554268462     3.9930744607299764  0.9974518046636586
//	$ scripts/run.sh 3 bin/h5stats -json -normalize scaled.h5 my_data0.h5:normal my_data1.h5:normal my_data2.h5:normal
//	{
//	  "ranks": 3,
//	  "rows": 360,
//	  "columns": 5,
//	  "inputs": [
//	    {"file":"my_data0.h5","dataset":"normal","shape":[60,5]},
//	    {"file":"my_data1.h5","dataset":"normal","shape":[120,5]},
//	    {"file":"my_data2.h5","dataset":"normal","shape":[180,5]}
//	  ],
//	  "stats": [
//	    {"column":0,"count":360,"min":-3.3864073631082543,"max":2.945983635340633,"mean":-0.046428200127568806,"std":0.989545308750485},
//	    ...
//	  ]
//	}
//	$ h5ls scaled.h5
//	normal_0                 Dataset {60, 5}
//	normal_1                 Dataset {120, 5}
//	normal_2                 Dataset {180, 5}
//
// Bad input (a missing file or dataset, a dataset that is not numeric or
// is a scalar, column counts that differ) ends the job before any
// output is created, with "h5stats: rank R: input FILE:DATASET: REASON"
// and a non-zero status; bad flags exit with status 2.
package main

import (
	"flag"
	"io"
	"log"
	"os"

	"github.com/h5mpi/h5mpi/internal/job"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/outfile"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
	"github.com/h5mpi/h5mpi/internal/stats"
)

const usage = "h5stats [flags] FILE:DATASET [FILE:DATASET ...]"

// flags are the command's names for the settings of stats.Config (and
// pio's): every error is rendered with them (setting.Render).
var flags = map[string]string{"Hints": "-hints", "Align": "-align", "StrictCollective": "-strict-collective", "StripeCount": "-stripe-count", "StripeSize": "-stripe-size", "Chunk": "-chunk", "Normalize": "-normalize"}

// options are the command's flags.
type options struct {
	chunk   int
	asJSON  bool
	norm    string
	ranks   bool
	verbose bool
	hints   string
	coll    bool
	knobs   pio.Knobs
}

// define defines the command's flags in fs, -version aside (job.Parse's).
func define(fs *flag.FlagSet) *options {
	o := new(options)
	fs.IntVar(&o.chunk, "chunk", 0, "`rows` per read (default: 512 KiB of float64 per read on a rank with one CPU, 1 MiB with more)")
	fs.BoolVar(&o.asJSON, "json", false, "print the statistics as JSON")
	fs.StringVar(&o.norm, "normalize", "", "write the min-max normalised rows into `OUT.h5`")
	fs.BoolVar(&o.ranks, "ranks-report", false, "every rank reports the files and rows it read (on stderr)")
	fs.BoolVar(&o.verbose, "v", false, "report the time and read rate of each pass (on stderr)")
	fs.StringVar(&o.hints, "hints", "", "MPI-IO hints as `key=value,...` (added to $H5MPI_HINTS)")
	fs.BoolVar(&o.coll, "collective", false, "collective instead of independent transfers")
	job.KnobFlags(fs, &o.knobs)
	return o
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is the command with its command line args (without the program's
// name) and its output streams; it returns the exit status. A usage error,
// -help and -version return before MPI starts.
func run(args []string, stdout, stderr io.Writer) int {
	defer job.Recover()
	log.SetOutput(stderr)
	log.SetPrefix("h5stats: ")
	log.SetFlags(0)
	fs := flag.NewFlagSet("h5stats", flag.ContinueOnError)
	o := define(fs)
	if status, stop := job.Parse(fs, args, stdout, stderr, usage, -1); stop {
		return status
	}
	c, status, stop := configure(fs, o)
	if stop {
		return status
	}

	if err := job.Init(); err != nil {
		job.Fatal(setting.Render(err, flags))
	}
	res, err := stats.Run(c)
	if err != nil {
		job.Fatal(setting.Render(err, flags))
	}
	if mpi.World.Rank() == 0 {
		if err := report(stdout, c, o, res); err != nil {
			job.Fatal(setting.Render(err, flags))
		}
	}
	job.Finalize()
	return 0
}

// configure makes the run's stats.Config from the parsed command line fs
// and its flags o, checking everything that can be checked before MPI
// starts. A usage error is reported as job.Usagef does, and configure
// returns stop with the status the command ends with.
func configure(fs *flag.FlagSet, o *options) (c stats.Config, status int, stop bool) {
	if fs.NArg() == 0 {
		return c, job.Usagef(fs, "no input: want at least one FILE:DATASET"), true
	}
	if err := (pio.Options{Hints: o.hints, Knobs: o.knobs}).Validate(); err != nil {
		return c, job.Usage(fs, setting.Render(err, flags)), true
	}
	c = stats.Config{
		Chunk:     o.chunk,
		Normalize: o.norm,
		Options:   pio.Options{Hints: o.hints, Independent: !o.coll, Knobs: o.knobs},
		Version:   job.Version,
	}
	if err := c.Validate(); err != nil {
		return c, job.Usage(fs, setting.Render(err, flags)), true
	}
	for _, arg := range fs.Args() {
		in, err := stats.ParseInput(arg)
		if err != nil {
			return c, job.Usagef(fs, "%v", err), true
		}
		c.Inputs = append(c.Inputs, in)
	}
	if c.Normalize != "" {
		names, err := stats.OutputNames(c.Inputs)
		if err != nil {
			return c, job.Usagef(fs, "-normalize: %v", err), true
		}
		c.Names = names
		for _, in := range c.Inputs {
			if outfile.SameFile(in.File, c.Normalize) {
				return c, job.Usagef(fs, "-normalize %s: would replace input %v", c.Normalize, in), true
			}
		}
	}
	if o.ranks {
		c.Report = func(line string) { log.Print(line) }
	}
	return c, 0, false
}

// report prints, on rank 0, the statistics on w as a table or as JSON,
// and with -v each pass's time and read rate through the logger.
func report(w io.Writer, c stats.Config, o *options, res *stats.Result) error {
	var err error
	if o.asJSON {
		err = stats.WriteJSON(w, res)
	} else {
		err = stats.WriteTable(w, res)
	}
	if err != nil || !o.verbose {
		return err
	}
	mib := float64(res.Values()) * 8 / (1 << 20)
	log.Printf("read: %d ranks, %.1f MiB in %.3f s: %.1f MiB/s (chunk %d rows), %s kernels",
		res.Ranks, mib, res.Read.Seconds(), mib/res.Read.Seconds(), res.Chunk, stats.Kernels())
	if c.Normalize != "" {
		log.Printf("normalize: %s written in %.3f s", c.Normalize, res.Normalize.Seconds())
	}
	return nil
}
