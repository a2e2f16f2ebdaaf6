# Sourced by the sbatch scripts once they have found the repository (ROOT):
# the site's modules where there are any, the binaries, and the launcher.

# As the hands-on's scripts do: let srun inside the job see the job's own
# environment, whatever --export the job was submitted with.
unset SLURM_EXPORT_ENV

# On a Cray system the compilers, MPI and parallel HDF5 the binaries were
# built with come from modules; elsewhere there is no module command.
if command -v module >/dev/null 2>&1; then
	module load PrgEnv-gnu cray-hdf5-parallel
fi

BIN=${H5MPI_BIN:-$ROOT/bin}
for p in "$@"; do
	if [ ! -x "$BIN/$p" ]; then
		echo "$SLURM_JOB_NAME: $BIN/$p not found: build first with scripts/build.sh" >&2
		exit 1
	fi
done
# Debian's MPICH speaks PMI-1/2, not the PMIx that Open MPI wants: without
# this srun would start it as N one-rank jobs. Cray MPICH (.mpi says cray)
# and Open MPI keep the site's default plugin, as does the user's own
# SLURM_MPI_TYPE. scripts/env.sh's launcher does the same.
if [ -z "${SLURM_MPI_TYPE:-}" ] && [ "$(cat "$BIN/.mpi" 2>/dev/null)" = mpich ]; then
	export SLURM_MPI_TYPE=pmi2
fi
echo "$SLURM_JOB_NAME: job $SLURM_JOB_ID on $(hostname) at $(date -Iseconds), binaries in $BIN"
