#!/usr/bin/env bash
# Usage: scripts/bench-cluster.sh [REPEATS]
#
# The cost of crossing nodes, on the namespace cluster of
# scripts/cluster-local.sh (started here with 3 nodes if it is not
# running, and then stopped again): the same srun from the machine on 1
# node and on 3, REPEATS (3) times each, with the binaries of build/bin-$MPI
# (built here):
#   hello     12 ranks: srun's allocation, launch and MPI start-up
#   galaxy    6 ranks, the default run (1000 particles, 2200 samples;
#             into build/)
#   h5write   6 ranks, -bench 64 (MiB per rank; into build/)
# The nodes share the machine's cores: the point is the network's cost,
# not speed. Prints one line per run; BENCHMARKS.md records the figures.
# Hold the Slurm lock around it: flock /work/slurm.lock scripts/bench-cluster.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
reps=${1:-3}
. "$here/env.sh"
h5mpi_setup
bin=$root/build/bin-$MPI
BIN=$bin "$here/build.sh" >/dev/null
started=0
if ! "$here/cluster-local.sh" status >/dev/null 2>&1; then
	"$here/cluster-local.sh" start 3
	started=1
fi
cleanup() { [ $started = 0 ] || "$here/cluster-local.sh" stop; }
trap cleanup EXIT
eval "$("$here/cluster-local.sh" env)"
plugin=$(h5mpi_srun_mpi)
run() { srun ${plugin:+--mpi=$plugin} "$@"; }
work=$root/build/bench-cluster
mkdir -p "$work"
cd "$work"
echo "machine: $(nproc) cores; MPI=$MPI; cluster nodes of $(nproc) CPUs on one bridge"
# secs CMD...: CMD's wall time in seconds, its output to the file out.
secs() {
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >out 2>&1 || { cat out >&2; return 1; }
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}
for i in $(seq "$reps"); do
	for n in 1 3; do
		echo "hello   -N $n -n 12: $(secs run -N "$n" -n 12 "$bin/hello") s"
		echo "galaxy  -N $n -n 6:  $(secs run -N "$n" -n 6 "$bin/galaxy" -o galaxy.hdf5) s"
		echo "h5write -N $n -n 6:  $(secs run -N "$n" -n 6 "$bin/h5write" -bench 64 -o bench.h5) s; $(awk '($1 == "write" || $1 == "read") && !seen[$1]++ {printf "%s %s MiB/s  ", $1, $2}' out)"
	done
done
rm -f galaxy.hdf5 bench.h5 out
