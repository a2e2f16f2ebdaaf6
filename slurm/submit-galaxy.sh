#!/bin/bash
# Usage: slurm/submit-galaxy.sh [SBATCH OPTIONS...] [-- GALAXY ARGUMENTS...]
#
# Submits the galaxy simulation and prints its job id. A job stopped at
# its time limit resubmits itself with -resume (up to H5MPI_RESUBMITS, 3,
# times: galaxy.sbatch), with the same options; the job that completes
# the file submits the animation (animate.sbatch) on it. Options (such as
# -A PROJECT) go to every galaxy job, and the arguments after -- to
# galaxy; RANKS, OUT, GIF (the animation's name) and the other variables
# of galaxy.sbatch pass through the environment.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# Every job uses this repository, found here once rather than by each job.
H5MPI_ROOT=${H5MPI_ROOT:-$(dirname "$here")}
opts=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	opts+=("$1")
	shift
done
[ $# -gt 0 ] && shift # the --
# The options, quoted for the jobs to resubmit with.
H5MPI_SBATCH_ARGS=$(printf '%q ' ${opts[@]+"${opts[@]}"})
H5MPI_ANIMATE=1
export H5MPI_ROOT H5MPI_SBATCH_ARGS H5MPI_ANIMATE
sim=$(sbatch --parsable ${opts[@]+"${opts[@]}"} "$here/galaxy.sbatch" "$@")
echo "galaxy job ${sim%%;*}"
echo "animate: submitted by the galaxy job that completes the file (resubmissions with -resume: up to ${H5MPI_RESUBMITS:-3})"
