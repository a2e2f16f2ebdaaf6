#!/bin/bash
# Usage: slurm/submit-galaxy.sh [SBATCH OPTIONS...]
#
# Submits the galaxy simulation, then the animation to run only if the
# simulation succeeds (--dependency=afterok), and prints both job ids.
# Options (such as -A PROJECT) go to both sbatch calls; RANKS, OUT and the
# other variables of galaxy.sbatch and animate.sbatch pass through the
# environment.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# Both jobs use this repository, found here once rather than by each job.
H5MPI_ROOT=${H5MPI_ROOT:-$(dirname "$here")}
export H5MPI_ROOT
sim=$(sbatch --parsable "$@" "$here/galaxy.sbatch")
sim=${sim%%;*}
if [ -n "${OUT:-}" ] && [ -z "${IN:-}" ]; then
	export IN=$OUT # animate what galaxy wrote
	unset OUT
fi
anim=$(sbatch --parsable --dependency="afterok:$sim" "$@" "$here/animate.sbatch")
anim=${anim%%;*}
echo "galaxy job $sim"
echo "animate job $anim (after galaxy succeeds)"
