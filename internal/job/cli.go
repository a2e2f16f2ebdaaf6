package job

// The command line, before MPI starts: parsing, usage errors that end
// the job without a hang, and -version. None of it starts MPI (the
// launcher's environment comes from package launch; MPI allows its
// library version to be asked before MPI_Init).

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

// Parse parses args, the command line without the program's name, into
// fs. It returns whether the command is to end now and, if so, its
// status: the caller returns that status at once, before MPI starts and
// before any file is touched.
//
// A bad flag, or a wrong number of arguments (nargs < 0: any number),
// prints the usage on stderr on the first rank only and ends the command
// with usageStatus. -help prints the usage likewise and ends it with
// status 0.
//
// Parse adds the flag -version, which prints one line on stdout on the
// first rank, the program (the first word of usage), Version and the
// libraries linked in (Libraries), and ends the command with status 0 on
// every rank.
//
// Messages of its own (a wrong argument count, a launcher's variables
// left in the environment) go through the standard logger, which the
// command has pointed at stderr with its prefix.
func Parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer, usage string, nargs int) (status int, stop bool) {
	// A crash of the Go runtime itself (out of memory, say) prints one
	// line, not every goroutine's stack; GOTRACEBACK=all still shows them.
	debug.SetTraceback("none")
	fs.Init(fs.Name(), flag.ContinueOnError)
	fs.SetOutput(stderr)
	if launch.Rank() != 0 {
		fs.SetOutput(io.Discard)
	}
	version := fs.Bool("version", false, "print the version and the libraries linked in, and exit")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s\n", usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0, true
		}
		return usageStatus(), true
	}
	if *version {
		// Every rank ends with 0, as for -help: only the first one prints.
		if launch.Rank() == 0 {
			name, _, _ := strings.Cut(usage, " ")
			fmt.Fprintf(stdout, "%s h5mpi %s (%s)\n", name, Version, Libraries())
		}
		return 0, true
	}
	if nargs >= 0 && fs.NArg() != nargs {
		return Usagef(fs, "want %d arguments, got %d", nargs, fs.NArg()), true
	}
	if _, err := initLimit(); err != nil {
		return Usagef(fs, "%v", err), true
	}
	if stale := launch.Stale(); len(stale) > 0 && launch.Rank() == 0 {
		log.Printf("note: %s in the environment, but no MPI launcher started this process: ignored (left from another job or shell; unset it)", strings.Join(stale, ", "))
	}
	return 0, false
}

// Usagef reports a bad flag value like a bad flag: the message (through
// the standard logger) and the usage of fs on the first rank. It returns
// the status the command ends with (see usageStatus), for the caller to
// return at once.
func Usagef(fs *flag.FlagSet, format string, args ...any) int {
	if launch.Rank() == 0 {
		log.Printf(format, args...)
	}
	fs.Usage()
	return usageStatus()
}

// Usage reports a bad setting like a bad flag, as Usagef does. err is
// printed as it reads: a command renders it with its flags first
// (setting.Render), so that it names the flag the user gave.
func Usage(fs *flag.FlagSet, err error) int {
	return Usagef(fs, "%v", err)
}

// usageStatus is the status of a rank ending on a usage error: 2 on the
// first rank, which printed the usage, 0 on the others, which say
// nothing. Every rank sees the same command line, so the job's status is
// 2 either way; but many ranks exiting non-zero outside MPI at once can
// hang Open MPI's mpirun for ever ("abort is already in progress"), while
// one cannot. The first rank also waits a moment before it returns, so
// that the others are gone by the time it exits: Open MPI's mpirun, made
// to abort a job while it is still starting or reaping many ranks, was
// seen to crash (once in 250 launches of 42 ranks on a loaded machine).
// The launcher reports the first rank's status.
func usageStatus() int {
	if launch.Rank() != 0 {
		return 0
	}
	if launch.Size() > 1 {
		time.Sleep(usageLinger)
	}
	return 2
}

// usageLinger is how long the first rank waits before it returns its
// usage-error status, in a job of several ranks.
const usageLinger = time.Second

// Version is h5mpi's version, printed by -version and recorded in the
// files the programs write. Builds stamp it with the repository's state:
//
//	go build -ldflags "-X github.com/h5mpi/h5mpi/internal/job.Version=$(git describe --always --dirty --tags)"
//
// as scripts/build.sh and the tests' builds (internal/mpitest) do; a build
// that does not says "devel".
var Version = "devel"

// IsSet reports whether the flag was given on the command line fs parsed.
func IsSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// IsTerminal reports whether w is a file that is a character device,
// such as a terminal; any other writer is not.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
