#!/usr/bin/env bash
# Usage: scripts/demo.sh
#
# The main job, from a fresh machine: installs what is missing (deps.sh,
# without the tests' extras), builds, says hello on 4 ranks, runs the 42-rank
# parallel write test of the Frontier hands-on and shows its h5dump listing,
# then simulates the galaxy collision on all cores and renders its GIF.
# Output files go to demo/ (or $DEMO_DIR); every command shown runs as shown
# from the directory it names, and the demo ends by listing its files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh"
"$here/deps.sh"
"$here/build.sh"
out=${DEMO_DIR:-$H5MPI_ROOT/demo}
mkdir -p "$out"
out=$(cd "$out" && pwd)
# The paths shown: the demo directory as seen from where the user stands,
# the repository as seen from the demo directory.
case $out in
"$PWD") shown=. ;;
"$PWD"/*) shown=${out#"$PWD"/} ;;
*) shown=$out ;;
esac
case $out in
"$H5MPI_ROOT"/*/*) r=$H5MPI_ROOT ;;
"$H5MPI_ROOT"/*) r=.. ;;
*) r=$H5MPI_ROOT ;;
esac
cd "$out"

# run CMD...: shows CMD, then runs it.
run() { echo "\$ $*"; "$@"; }
echo "\$ cd $shown"
run "$r/scripts/run.sh" 4 "$r/bin/hello"
run "$r/scripts/run.sh" 42 "$r/bin/h5write"
run h5dump output.h5
run "$r/scripts/run.sh" "$(nproc)" "$r/bin/galaxy"
run "$r/bin/animate" -png 200

echo "h5mpi: the demo's files:"
entry() { printf '  %-*s %5s  %s\n' $((${#out} + 22)) "$out/$1" "$(du -h --apparent-size "$1" | cut -f1)" "$2"; }
entry output.h5 "the 42-rank write test: rank r wrote element r (h5dump above)"
entry galaxy.hdf5 "the collision: 1000 particles and the nucleus at 2200 times"
entry galaxy_collision.gif "its animation, 1100 frames"
entry galaxy_collision.png "frame 200 of it, a still"
echo "The still: $out/galaxy_collision.png (open it in an image viewer, or copy it to a machine with a display)"
