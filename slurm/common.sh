# Sourced by the sbatch scripts once they have found the repository (ROOT):
# the site's modules where there are any, the binaries, and the launcher.
# The finding cannot live here, in the file it finds: each script has the
# same three lines for it (H5MPI_ROOT, scontrol's Command=, the submit
# directory).

# As the hands-on's scripts do: let srun inside the job see the job's own
# environment, whatever --export the job was submitted with.
unset SLURM_EXPORT_ENV

# The modules the binaries were built with. H5MPI_MODULES names them
# (separated by spaces; empty: load none), and each must load. Unset, it
# is Cray's pair, loaded where the site has them: elsewhere (a cluster
# with Lmod but no Cray environment) they are missing and the job goes on
# without them. module is-avail asks Lmod and Environment Modules 4+
# quietly; an older module command without it loads only H5MPI_MODULES.
if command -v module >/dev/null 2>&1; then
	if [ -n "${H5MPI_MODULES+set}" ]; then
		read -r -a mods <<<"$H5MPI_MODULES"
		for m in ${mods[@]+"${mods[@]}"}; do
			if ! module load "$m"; then
				echo "$SLURM_JOB_NAME: module load $m failed (H5MPI_MODULES=\"$H5MPI_MODULES\")" >&2
				exit 1
			fi
		done
	else
		for m in PrgEnv-gnu cray-hdf5-parallel; do
			if module is-avail "$m" >/dev/null 2>&1; then
				module load "$m"
			else
				echo "$SLURM_JOB_NAME: no module $m here: not loaded (H5MPI_MODULES names others)"
			fi
		done
	fi
fi

BIN=${H5MPI_BIN:-$ROOT/bin}
for p in "$@"; do
	if [ ! -x "$BIN/$p" ]; then
		echo "$SLURM_JOB_NAME: $BIN/$p not found: build first with scripts/build.sh" >&2
		exit 1
	fi
done
# srun's MPI plugin for the MPI the binaries were built with (build.sh
# records it in .mpi), as scripts/run.sh chooses it; and a rank that dies
# ends the step's others at once (srun --kill-on-bad-exit).
. "$ROOT/scripts/env.sh"
h5mpi_kill_bad_exit
plugin=$(MPI=$(cat "$BIN/.mpi" 2>/dev/null || true) h5mpi_srun_mpi)
if [ -n "$plugin" ]; then
	export SLURM_MPI_TYPE=$plugin
fi
echo "$SLURM_JOB_NAME: job $SLURM_JOB_ID on $(hostname) at $(date -Iseconds), repository $ROOT, binaries in $BIN"
