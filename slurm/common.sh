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
# srun's MPI plugin for the MPI the binaries were built with (build.sh
# records it in .mpi), as scripts/run.sh chooses it.
. "$ROOT/scripts/env.sh"
plugin=$(MPI=$(cat "$BIN/.mpi" 2>/dev/null || true) h5mpi_srun_mpi)
if [ -n "$plugin" ]; then
	export SLURM_MPI_TYPE=$plugin
fi
echo "$SLURM_JOB_NAME: job $SLURM_JOB_ID on $(hostname) at $(date -Iseconds), binaries in $BIN"
