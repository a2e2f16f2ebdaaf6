package launch

import (
	"os"
	"strings"
	"testing"
)

// vars are every variable the package reads; each case starts with none
// set, whatever launcher runs the test.
var vars = []string{
	"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK", "SLURM_PROCID",
	"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_STEP_NUM_TASKS", "SLURM_MPI_TYPE",
	"PMIX_NAMESPACE", "OMPI_MCA_orte_hnp_uri", "PMI_FD", "PMI_PORT",
}

func setEnv(t *testing.T, env map[string]string) {
	t.Helper()
	for _, k := range vars {
		t.Setenv(k, "") // restores the variable after the test
		os.Unsetenv(k)
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
}

func TestRankAndSize(t *testing.T) {
	for _, c := range []struct {
		name       string
		env        map[string]string
		rank, size int
	}{
		{"no launcher", nil, 0, 0},
		{"Open MPI", map[string]string{"OMPI_COMM_WORLD_RANK": "3", "OMPI_COMM_WORLD_SIZE": "42", "PMIX_NAMESPACE": "1"}, 3, 42},
		{"MPICH Hydra", map[string]string{"PMI_RANK": "1", "PMI_SIZE": "2", "PMI_FD": "6"}, 1, 2},
		{"Hydra, PMI port", map[string]string{"PMI_RANK": "1", "PMI_SIZE": "2", "PMI_PORT": "h:1"}, 1, 2},
		{"PMIx rank only", map[string]string{"PMIX_RANK": "5", "PMIX_NAMESPACE": "1"}, 5, 0},
		{"srun", map[string]string{"SLURM_PROCID": "7", "SLURM_STEP_NUM_TASKS": "8"}, 7, 8},
		// mpirun inside a batch job: Open MPI's variables come first.
		{"mpirun under Slurm", map[string]string{"OMPI_COMM_WORLD_RANK": "2", "OMPI_COMM_WORLD_SIZE": "4", "OMPI_MCA_orte_hnp_uri": "x", "SLURM_PROCID": "0"}, 2, 4},
		{"garbage skipped", map[string]string{"OMPI_COMM_WORLD_RANK": "x", "PMI_RANK": "4", "OMPI_COMM_WORLD_SIZE": "", "PMI_SIZE": "6", "PMI_FD": "6", "PMIX_NAMESPACE": "1"}, 4, 6},
		{"negative rank, zero size ignored", map[string]string{"OMPI_COMM_WORLD_RANK": "-1", "OMPI_COMM_WORLD_SIZE": "0", "PMI_SIZE": "3", "PMI_FD": "6", "PMIX_NAMESPACE": "1"}, 0, 3},
		// Left from another job: no launcher to reach.
		{"stale Open MPI", map[string]string{"OMPI_COMM_WORLD_RANK": "1", "OMPI_COMM_WORLD_SIZE": "4"}, 0, 0},
		{"stale Hydra", map[string]string{"PMI_RANK": "2", "PMI_SIZE": "4"}, 0, 0},
		{"stale Open MPI under Hydra", map[string]string{"OMPI_COMM_WORLD_RANK": "1", "OMPI_COMM_WORLD_SIZE": "4", "PMI_RANK": "2", "PMI_SIZE": "3", "PMI_FD": "6"}, 2, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			setEnv(t, c.env)
			if r, s := Rank(), Size(); r != c.rank || s != c.size {
				t.Errorf("Rank, Size = %d, %d; want %d, %d", r, s, c.rank, c.size)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		name    string
		env     map[string]string
		mpiSize int
		want    string // in the error; "" for none
	}{
		{"no launcher", nil, 1, ""},
		{"one rank", map[string]string{"OMPI_COMM_WORLD_SIZE": "1"}, 1, ""},
		{"sizes agree", map[string]string{"PMI_SIZE": "4", "PMI_FD": "6"}, 4, ""},
		{"wrong MPI", map[string]string{"PMI_SIZE": "4", "PMI_FD": "6"}, 1, "the launcher started 4 ranks but MPI sees 1: this program was built for another MPI"},
		{"stale size", map[string]string{"OMPI_COMM_WORLD_SIZE": "4"}, 1, ""},
		{"srun, no plugin", map[string]string{"SLURM_STEP_NUM_TASKS": "2"}, 1, "srun started 2 tasks but MPI sees 1: srun's MPI plugin (--mpi, SLURM_MPI_TYPE; now none)"},
		{"srun, wrong plugin", map[string]string{"SLURM_STEP_NUM_TASKS": "3", "SLURM_MPI_TYPE": "pmix"}, 1, "srun started 3 tasks but MPI sees 1: srun's MPI plugin (--mpi, SLURM_MPI_TYPE; now pmix)"},
		{"srun, right plugin", map[string]string{"SLURM_STEP_NUM_TASKS": "3", "SLURM_MPI_TYPE": "pmi2"}, 3, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			setEnv(t, c.env)
			err := Check(c.mpiSize)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("Check(%d) = %v, want nil", c.mpiSize, err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("Check(%d) = %v, want an error with %q", c.mpiSize, err, c.want)
			}
		})
	}
}

func TestStale(t *testing.T) {
	setEnv(t, map[string]string{"OMPI_COMM_WORLD_SIZE": "4", "PMI_RANK": "1", "PMI_SIZE": "2", "PMI_FD": "6"})
	if got, want := strings.Join(Stale(), " "), "OMPI_COMM_WORLD_SIZE=4"; got != want {
		t.Errorf("Stale() = %q, want %q", got, want)
	}
	setEnv(t, map[string]string{"OMPI_COMM_WORLD_SIZE": "4", "PMIX_NAMESPACE": "7"})
	if s := Stale(); len(s) != 0 {
		t.Errorf("Stale() = %q under Open MPI, want none", s)
	}
}
