#!/usr/bin/env bash
# Usage: scripts/demo.sh
#
# The main job, from a fresh machine: installs what is missing, builds, says
# hello on 4 ranks, runs the 42-rank parallel write test of the Frontier
# hands-on and shows its h5dump listing, then simulates the galaxy
# collision on all cores. Output files go to demo/ (or
# $DEMO_DIR).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh"
"$here/deps.sh"
"$here/build.sh"
bin="$H5MPI_ROOT/bin"
out=${DEMO_DIR:-$H5MPI_ROOT/demo}
mkdir -p "$out"
cd "$out"

printf '\n$ scripts/run.sh 4 bin/hello\n'
"$here/run.sh" 4 "$bin/hello"

printf '\n$ scripts/run.sh 42 bin/h5write\n'
"$here/run.sh" 42 "$bin/h5write"
printf '\n$ h5dump output.h5\n'
h5dump output.h5

n=$(nproc)
printf '\n$ scripts/run.sh %d bin/galaxy\n' "$n"
"$here/run.sh" "$n" "$bin/galaxy"
printf '\n$ h5dump -H galaxy.hdf5 | grep -A2 DATASET\n'
h5dump -H galaxy.hdf5 | grep -A2 DATASET

printf '\n$ bin/animate -png 200\n'
"$bin/animate" -png 200
ls -l galaxy_collision.gif galaxy_collision.png
