#!/usr/bin/env bash
# Usage: scripts/run.sh N PROGRAM [ARGS...]
#
# Runs PROGRAM on N MPI ranks with the launcher matching the build:
# srun -n N inside a Slurm allocation, otherwise mpirun (Open MPI, with
# oversubscription allowed, and its root permission variables set when
# run as root) or mpiexec.mpich (MPICH). The MPI is $MPI if set, else the
# one scripts/build.sh recorded beside PROGRAM, else whatever is installed.
# The exit status is the job's.
set -euo pipefail
. "$(dirname "$0")/env.sh"

if [ $# -lt 2 ] || ! [[ "$1" =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: scripts/run.sh N PROGRAM [ARGS...]" >&2
	exit 2
fi
n=$1
shift
if [ -z "${MPI:-}" ] && [ -f "$(dirname "$1")/.mpi" ]; then
	MPI=$(cat "$(dirname "$1")/.mpi")
fi
MPI=${MPI:-auto}
[ "$MPI" = auto ] && MPI=$(h5mpi_detect_mpi)
export MPI
if [ "$(id -u)" = 0 ]; then
	export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
h5mpi_kill_bad_exit
launcher=$(h5mpi_launcher)
# Outside a batch allocation mpirun starts every rank on this machine, where
# shared memory is the only transport needed; naming it spares each launch
# Open MPI's probing of UCX and OFI (0.3 s down to 0.1 s for 2 ranks here).
# Its name is vader up to Open MPI 4 and sm from 5 on (vader only an
# alias there): the launcher's mpirun --version, a few ms, says which.
# Settings of the user's own are kept.
if [ "$MPI" = openmpi ] && [ -z "${SLURM_JOB_ID:-}${PBS_NODEFILE:-}${LSB_DJOB_HOSTFILE:-}${OMPI_MCA_orte_default_hostfile:-}" ]; then
	if [ -z "${OMPI_MCA_btl:-}" ]; then
		shm=vader
		# "mpirun (Open MPI) 5.0.3": the first number after "Open MPI".
		if [[ $("${launcher%% *}" --version 2>/dev/null) =~ Open\ MPI\)?\ v?([0-9]+)\. ]] && [ "${BASH_REMATCH[1]}" -ge 5 ]; then
			shm=sm
		fi
		export OMPI_MCA_btl=self,$shm
	fi
	export OMPI_MCA_pml=${OMPI_MCA_pml:-ob1}
fi
# The job's status is the launcher's, with one correction: Open MPI's
# mpirun exits 1 whenever it was itself signalled, even when the ranks
# had completed the job (committed its output, printed Success!) and held
# the signal back. Rank 0 records a completed job in $H5MPI_RESULT, and a
# signalled run that completed reports 0. A caller that set H5MPI_RESULT
# keeps the record in its own file.
if [ -n "${H5MPI_RESULT:-}" ]; then
	result=$H5MPI_RESULT
	: 2>/dev/null >"$result" || h5mpi_die "H5MPI_RESULT=$result: cannot write the job's result there"
else
	result=$(mktemp "${TMPDIR:-/tmp}/h5mpi-result.XXXXXX")
	trap 'rm -f "$result"' EXIT
fi
signalled=
for s in INT TERM HUP; do
	trap "signalled=$s; kill -$s \$pid 2>/dev/null" $s
done
H5MPI_RESULT=$result $launcher "$n" "$@" &
pid=$!
set +e
while :; do
	wait $pid
	status=$?
	# A trapped signal cuts wait short (status > 128): wait on.
	[ -n "$signalled" ] && [ $status -gt 128 ] && kill -0 $pid 2>/dev/null && continue
	break
done
if [ $status != 0 ] && [ -n "$signalled" ] && [ "$(cat "$result")" = complete ]; then
	echo "run.sh: SIG$signalled came after the job had completed: status 0 (the launcher said $status)" >&2
	status=0
fi
exit $status
