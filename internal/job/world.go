package job

import (
	"errors"
	"fmt"
	"log"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/launch"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

var exit = os.Exit

// Init starts MPI (a no-op in the stand-in). Call it once, after flags
// are parsed, so that a usage error exits before any rank starts.
//
// From then on SIGINT and SIGTERM (Ctrl-C, scancel, a Slurm time limit)
// end the process with status 128+signal after removing the partial files
// of its run, so an interrupted job leaves neither a truncated file nor a
// stray NAME.partial; the launcher then ends the other ranks. A signal
// that arrives while an output is being committed, or after, waits for
// the outcome (signals.go).
//
// A rank still in MPI_Init after H5MPI_INIT_LIMIT (default 10 minutes)
// quits with status 1, saying why (guardInit): another rank died while
// starting, and under srun the rest would otherwise wait for the time
// limit.
//
// A launch for another MPI (a *launch.MismatchError) is returned after
// all that, with MPI running as a world of one, for a program that
// reports it rather than ending on it (hello).
func Init() error {
	limit, err := initLimit()
	if err != nil {
		return err
	}
	stop := guardInit(limit)
	err = mpi.Init()
	stop()
	var mismatch *launch.MismatchError
	if err != nil && !errors.As(err, &mismatch) {
		return err
	}
	idleP()
	catchSignals()
	pio.SetGate(commits{})
	if mpi.World.Size() > 1 {
		go watchLauncher(os.Getppid(), launcherPoll)
	}
	return err
}

// idleP gives a rank that may run on one CPU a second P, idle. Go runs
// such a rank with one P, and its reads and writes are cgo calls into MPI
// and HDF5 of tens of microseconds or more: Go's monitor takes the only
// P from each call that lasts over 20 µs and then wakes every 20 µs
// while they go on. With an idle P it leaves them alone: on one core the
// probe's 1 MiB transfers write 1.16 times and read 1.07 times as fast,
// h5stats reads 1.06 times (BENCHMARKS.md). Work that would use the
// second P for a second CPU asks runtime.NumCPU, not GOMAXPROCS.
func idleP() {
	if runtime.GOMAXPROCS(0) < 2 {
		runtime.GOMAXPROCS(2)
	}
}

// InitLimitEnv sets how long a rank waits in MPI_Init (a duration such
// as 10m, or a number of seconds) before it gives up: DefaultInitLimit
// if unset.
const InitLimitEnv = "H5MPI_INIT_LIMIT"

// DefaultInitLimit is how long a rank waits in MPI_Init: far beyond a
// start of thousands of nodes, far short of a job's time limit.
const DefaultInitLimit = 10 * time.Minute

// initLimit is InitLimitEnv's duration, or DefaultInitLimit.
func initLimit() (time.Duration, error) {
	v := strings.TrimSpace(os.Getenv(InitLimitEnv))
	if v == "" {
		return DefaultInitLimit, nil
	}
	d, err := setting.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%q: want a positive duration, such as 10m or 600 (seconds)", InitLimitEnv, v)
	}
	return d, nil
}

// guardInit ends this process if MPI_Init has not returned within limit,
// saying why; stop, called once it has, disarms it. A rank that dies
// before or inside MPI_Init (a crash in the MPI library, a node lost at
// the start) leaves the others waiting in it for ever under srun, which
// ends a step's other tasks only with --kill-on-bad-exit, and so does a
// start-up exchange between Slurm's step daemons that failed (seen on an
// overloaded machine: "slurm_receive_msgs ... Socket timed out"):
// without the guard they would hold their nodes until the job's time
// limit.
func guardInit(limit time.Duration) (stop func()) {
	rank := launch.Rank() // MPI cannot say yet
	host, _ := os.Hostname()
	t := time.AfterFunc(limit, func() {
		failing.Store(true)
		log.Printf("rank %d on %s: MPI_Init has not returned after %v: a rank of this job died while starting, or the launcher's start-up exchange failed (its log says which); quitting rather than waiting for the job's time limit (%s sets the wait)",
			rank, host, limit, InitLimitEnv)
		exit(1)
	})
	return func() { t.Stop() }
}

// launcherPoll is how often a rank checks that its launcher lives.
const launcherPoll = time.Second

// watchLauncher quits this rank once its parent, the process that
// started it (mpirun or Open MPI's orted, MPICH's hydra proxy, Slurm's
// slurmstepd), is gone: the job is over for it, and a rank left running
// would hold its lock and its files open, and could write into an output
// another run then owns. The kernel hands an orphan to another parent,
// so a changed parent pid is the sign, whoever adopted it.
func watchLauncher(parent int, every time.Duration) {
	if parent <= 1 {
		return // started by init: there is no launcher to lose
	}
	for range time.Tick(every) {
		if os.Getppid() != parent {
			Quit(fmt.Errorf("the process that started this rank (pid %d, the MPI launcher or slurmstepd) is gone: the job is lost; quitting", parent))
		}
	}
}

// Finalize shuts MPI down at the end of a successful run. A signal held
// back since the last commit is reported, and the status stays 0: the
// run had done its work when the signal came. When the launcher asked
// for it (H5MPI_RESULT, set by scripts/run.sh and galaxy.sbatch), rank 0
// records there that the job completed, so that a launcher stopped by
// the same signal can still report success.
func Finalize() {
	first := mpi.World.Rank() == 0 // MPI_Comm_rank is not allowed after MPI_Finalize
	// Before MPI_Finalize: a launcher that was signalled may tear the job
	// down in it.
	if first {
		record("complete")
	}
	mpi.Finalize()
	if s := heldSignal(); s != nil && first {
		log.Printf("rank 0: %v came after the output was complete: finished normally", s)
	}
}

// ResultEnv names the file in which rank 0 records how the job ended:
// "complete", or "status N" for a job that every rank ended with Exit.
// A launcher reads it when its own status cannot tell: srun
// --kill-on-bad-exit, say, reports the ranks it killed once rank 0 had
// exited, not rank 0's status.
const ResultEnv = "H5MPI_RESULT"

// record writes outcome to the file ResultEnv names, if it names one.
func record(outcome string) {
	if p := os.Getenv(ResultEnv); p != "" {
		os.WriteFile(p, []byte(outcome+"\n"), 0o644)
	}
}

// Libraries names the MPI and HDF5 libraries linked in, on one line (for
// -version), such as "MPI: Open MPI v4.1.4, ...; HDF5 1.10.8". It needs
// no Init: MPI_Get_library_version may be called before MPI_Init.
func Libraries() string {
	// MPICH's version line holds a tab.
	mpi := strings.Join(strings.Fields(mpi.Version()), " ")
	return fmt.Sprintf("MPI: %s; HDF5 %s", mpi, h5.Version())
}
