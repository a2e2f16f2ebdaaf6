// Package cli holds what every h5mpi command does with its command line
// before MPI starts: parsing, usage errors that end the job without a
// hang, and -version. It needs neither MPI nor HDF5 (the launcher's
// environment comes from package launch), so that all of this happens
// before either is touched.
package cli

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/h5mpi/h5mpi/internal/launch"
)

// Parse parses the command line of flag.CommandLine. A bad flag, or a
// wrong number of arguments (nargs < 0: any number), prints the usage on
// the first rank only and ends the job with status 2, before MPI starts
// and before any file is touched (see exitUsage).
//
// Parse adds the flag -version, which prints one line on the first rank,
// the program (the first word of usage), Version and libs() (the
// libraries linked in: pio.Libraries), and ends the job with status 0.
// libs is a parameter, not an import, to keep this package free of MPI
// and HDF5.
func Parse(usage string, nargs int, libs func() string) {
	// A crash of the Go runtime itself (out of memory, say) prints one
	// line, not every goroutine's stack; GOTRACEBACK=all still shows them.
	debug.SetTraceback("none")
	fs := flag.CommandLine
	fs.Init(fs.Name(), flag.ContinueOnError)
	if launch.Rank() != 0 {
		fs.SetOutput(io.Discard)
	}
	version := fs.Bool("version", false, "print the version and the libraries linked in, and exit")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s\n", usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(os.Args[1:]); err != nil {
		if err == flag.ErrHelp {
			os.Exit(0)
		}
		exitUsage()
	}
	if *version {
		// Every rank exits 0, as for -help: only the first one prints.
		if launch.Rank() == 0 {
			name, _, _ := strings.Cut(usage, " ")
			fmt.Printf("%s h5mpi %s (%s)\n", name, Version, libs())
		}
		os.Exit(0)
	}
	if nargs >= 0 && fs.NArg() != nargs {
		Usagef("want %d arguments, got %d", nargs, fs.NArg())
	}
	if stale := launch.Stale(); len(stale) > 0 && launch.Rank() == 0 {
		log.Printf("note: %s in the environment, but no MPI launcher started this process: ignored (left from another job or shell; unset it)", strings.Join(stale, ", "))
	}
}

// Usagef reports a bad flag value like a bad flag: the message and the
// usage on the first rank, status 2 for the job.
func Usagef(format string, args ...any) {
	if launch.Rank() == 0 {
		log.Printf(format, args...)
	}
	flag.CommandLine.Usage()
	exitUsage()
}

// Usage reports a bad setting like a bad flag, as Usagef does. err is
// printed as it reads: a command renders it with its flags first
// (setting.Render), so that it names the flag the user gave.
func Usage(err error) {
	Usagef("%v", err)
}

// exitUsage ends a rank on a usage error: the first rank, which printed
// the usage, with status 2, the others silently with status 0. Every rank
// sees the same command line, so the job's status is 2 either way; but
// many ranks exiting non-zero outside MPI at once can hang Open MPI's
// mpirun for ever ("abort is already in progress"), while one cannot.
// The first rank also waits a moment before it exits, so that the others
// are gone by then: Open MPI's mpirun, made to abort a job while it is
// still starting or reaping many ranks, was seen to crash (once in 250
// launches of 42 ranks on a loaded machine). The launcher reports the
// first rank's status.
func exitUsage() {
	if launch.Rank() != 0 {
		os.Exit(0)
	}
	if launch.Size() > 1 {
		time.Sleep(usageLinger)
	}
	os.Exit(2)
}

// usageLinger is how long the first rank waits before its usage-error
// exit, in a job of several ranks.
const usageLinger = time.Second

// Version is h5mpi's version, printed by -version and recorded in the
// files the programs write. Builds stamp it with the repository's state:
//
//	go build -ldflags "-X github.com/h5mpi/h5mpi/internal/cli.Version=$(git describe --always --dirty --tags)"
//
// as scripts/build.sh and the tests' builds (internal/mpitest) do; a build
// that does not says "devel".
var Version = "devel"

// IsSet reports whether the flag was given on the command line.
func IsSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// IsTerminal reports whether f is a character device, such as a terminal.
func IsTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
