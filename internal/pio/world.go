package pio

import (
	"log"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"syscall"
)

func init() {
	// MPI is initialised without thread support, so every MPI call must
	// come from the thread that initialised it: keep main on one thread.
	runtime.LockOSThread()
}

var exit = os.Exit

// Init starts MPI (a no-op in the stand-in). Call it once, after flags
// are parsed, so that a usage error exits before any rank starts.
//
// From then on SIGINT and SIGTERM (Ctrl-C, scancel, a Slurm time limit)
// end the process with status 128+signal after removing the partial files
// it created, so an interrupted job leaves neither a truncated file nor a
// stray NAME.partial; the launcher then ends the other ranks.
func Init() error {
	if err := initMPI(); err != nil {
		return err
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		removed := removePartials()
		code := 128 + int(s.(syscall.Signal))
		log.Printf("rank %d: %v: stopped%s", Rank(), s, removed)
		exit(code)
	}()
	return nil
}

// Finalize shuts MPI down at the end of a successful run.
func Finalize() { finalizeMPI() }

// Rank is this process's rank in MPI_COMM_WORLD.
func Rank() int { return rank() }

// Size is the number of ranks in MPI_COMM_WORLD.
func Size() int { return size() }

// Barrier waits for every rank.
func Barrier() error { return barrier() }

// MaxFloat64 returns the largest x over all ranks, on every rank.
func MaxFloat64(x float64) (float64, error) { return maxFloat64(x) }

// SumFloat64 returns the sum of x over all ranks, on every rank.
func SumFloat64(x float64) (float64, error) { return sumFloat64(x) }

// AllGatherFloat64 returns the x of every rank, concatenated in rank
// order (len(x)·Size() values), on every rank. Every rank must pass the
// same number of values. Collective.
func AllGatherFloat64(x []float64) ([]float64, error) { return allGatherFloat64(x) }

// Abort ends the whole job with the given status: MPI_Abort under MPI,
// so that ranks waiting in a collective do not hang.
func Abort(code int) { abort(code) }

// envSize is the job's rank count as the launcher announces it (Open MPI,
// MPICH/Hydra, srun), or 0.
func envSize() int {
	// SLURM_STEP_NUM_TASKS is set only in the tasks srun starts, not in
	// a batch script, so mpirun inside a batch job does not trip it.
	for _, k := range []string{"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_STEP_NUM_TASKS"} {
		if v, err := strconv.Atoi(os.Getenv(k)); err == nil && v > 0 {
			return v
		}
	}
	return 0
}

// EnvRank is this process's rank as the launcher announces it in the
// environment (Open MPI, MPICH/Hydra, PMIx, Slurm), or 0. It is for
// decisions taken before MPI starts, such as printing usage only once.
func EnvRank() int {
	for _, k := range []string{"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK", "SLURM_PROCID"} {
		if v, err := strconv.Atoi(os.Getenv(k)); err == nil && v >= 0 {
			return v
		}
	}
	return 0
}
