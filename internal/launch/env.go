package launch

import (
	"fmt"
	"os"
	"strconv"
)

// launchers are the variables each kind of launcher gives its ranks: the
// rank, the job's size, and the ones a rank needs to reach the launcher
// (a PMIx server, a Hydra PMI socket), without which the rank and size
// are left from another job or shell, not this process's own. Slurm's
// are trusted as they are: a batch script holds them legitimately. In
// order of precedence: mpirun inside a Slurm job gives its own.
// The local size is the ranks on this node (see LocalSize; Slurm's,
// given per node as a list, is read apart).
var launchers = []struct {
	rank, size, local string
	reach             []string
}{
	{"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_LOCAL_SIZE", []string{"PMIX_NAMESPACE", "OMPI_MCA_orte_hnp_uri"}},
	{"PMI_RANK", "PMI_SIZE", "MPI_LOCALNRANKS", []string{"PMI_FD", "PMI_PORT"}},
	{"PMIX_RANK", "", "", []string{"PMIX_NAMESPACE"}},
	// SLURM_STEP_NUM_TASKS is set only in the tasks srun starts, not in
	// a batch script, so mpirun inside a batch job does not trip it.
	{"SLURM_PROCID", "SLURM_STEP_NUM_TASKS", "", nil},
}

// vouched reports whether a launcher that gives the variables of l is
// behind this process.
func vouched(reach []string) bool {
	if reach == nil {
		return true
	}
	for _, k := range reach {
		if os.Getenv(k) != "" {
			return true
		}
	}
	return false
}

// Rank is this process's rank as the launcher announces it in the
// environment (Open MPI, MPICH/Hydra, PMIx, Slurm), or 0. It is for
// decisions taken before MPI starts, such as printing usage only once.
func Rank() int {
	for _, l := range launchers {
		if v, err := strconv.Atoi(os.Getenv(l.rank)); err == nil && v >= 0 && vouched(l.reach) {
			return v
		}
	}
	return 0
}

// Size is the job's rank count as the launcher announces it (Open MPI,
// MPICH/Hydra, srun), or 0: for decisions taken before MPI starts.
func Size() int {
	for _, l := range launchers {
		if l.size == "" {
			continue
		}
		if v, err := strconv.Atoi(os.Getenv(l.size)); err == nil && v > 0 && vouched(l.reach) {
			return v
		}
	}
	return 0
}

// Stale lists, as NAME=value, the rank and size variables in the
// environment that no launcher stands behind (see launchers): left from
// another job or copied from one, and ignored.
func Stale() []string {
	var out []string
	for _, l := range launchers {
		if vouched(l.reach) {
			continue
		}
		for _, k := range []string{l.rank, l.size} {
			if v, ok := os.LookupEnv(k); ok && k != "" {
				out = append(out, k+"="+v)
			}
		}
	}
	return out
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
		return &MismatchError{Launched: n, text: fmt.Sprintf("srun started %d tasks but MPI sees 1: srun's MPI plugin (--mpi, SLURM_MPI_TYPE; now %s) does not suit the MPI this program was built with (pmix for Open MPI, pmi2 for MPICH, the site default for Cray MPICH)", n, plugin)}
	}
	return &MismatchError{Launched: n, text: fmt.Sprintf("the launcher started %d ranks but MPI sees 1: this program was built for another MPI (rebuild with MPI=... scripts/build.sh, or launch with the matching mpirun)", n)}
}

// MismatchError is Check's error: the launcher started Launched ranks,
// and MPI sees one, in each of them.
type MismatchError struct {
	Launched int
	text     string
}

func (e *MismatchError) Error() string { return e.text }
