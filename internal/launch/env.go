package launch

import (
	"fmt"
	"os"
	"strconv"
)

// Rank is this process's rank as the launcher announces it in the
// environment (Open MPI, MPICH/Hydra, PMIx, Slurm), or 0. It is for
// decisions taken before MPI starts, such as printing usage only once.
func Rank() int {
	for _, k := range []string{"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK", "SLURM_PROCID"} {
		if v, err := strconv.Atoi(os.Getenv(k)); err == nil && v >= 0 {
			return v
		}
	}
	return 0
}

// Size is the job's rank count as the launcher announces it (Open MPI,
// MPICH/Hydra, srun), or 0: for decisions taken before MPI starts.
func Size() int {
	// SLURM_STEP_NUM_TASKS is set only in the tasks srun starts, not in
	// a batch script, so mpirun inside a batch job does not trip it.
	for _, k := range []string{"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_STEP_NUM_TASKS"} {
		if v, err := strconv.Atoi(os.Getenv(k)); err == nil && v > 0 {
			return v
		}
	}
	return 0
}

// Check compares the rank count MPI sees, once started, with the
// launcher's. A program built for one MPI and started by another's
// launcher, or by srun with the wrong plugin, runs as N separate one-rank
// jobs, all writing as rank 0: Check returns an error saying which case
// it is and what to change.
func Check(mpiSize int) error {
	n := Size()
	if n <= 1 || mpiSize != 1 {
		return nil
	}
	if _, srun := os.LookupEnv("SLURM_STEP_NUM_TASKS"); srun {
		plugin := os.Getenv("SLURM_MPI_TYPE") // unset for none
		if plugin == "" {
			plugin = "none"
		}
		return fmt.Errorf("srun started %d tasks but MPI sees 1: srun's MPI plugin (--mpi, SLURM_MPI_TYPE; now %s) does not suit the MPI this program was built with (pmix for Open MPI, pmi2 for MPICH, the site default for Cray MPICH)", n, plugin)
	}
	return fmt.Errorf("the launcher started %d ranks but MPI sees 1: this program was built for another MPI (rebuild with MPI=... scripts/build.sh, or launch with the matching mpirun)", n)
}
