#!/usr/bin/env bash
# Usage: scripts/bench-galaxy.sh [DIR] [REPEATS]
#
# The galaxy figures of BENCHMARKS.md: wall time of the default run
# (1000 particles, 2200 samples, 35000 s) on 2 ranks, REPEATS (5) times,
# launcher start-up included; then each rank's peak resident memory for
# 20000 particles on 2 ranks (GNU time's maximum RSS) and their load
# balance; peak memory and time for 10^4 and 10^5 particles of 100
# samples. Files go to DIR (a temporary directory) and are removed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${1:-${TMPDIR:-/tmp}}/bench-galaxy.XXXXXX")
trap 'rm -rf "$dir"' EXIT
reps=${2:-5}
"$here/build.sh" >/dev/null
bin="$(cd "$here/.." && pwd)/bin"
[ -x /usr/bin/time ] || { echo "bench-galaxy: /usr/bin/time missing: run scripts/deps.sh --test" >&2; exit 1; }
cd "$dir"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for i in $(seq "$reps"); do
	s=$(date +%s.%N)
	"$here/run.sh" 2 "$bin/galaxy" >/dev/null
	e=$(date +%s.%N)
	echo "default run, 2 ranks: $(awk "BEGIN {printf \"%.3f\", $e - $s}") s wall"
done
"$here/run.sh" 2 /usr/bin/time -f 'rank peak RSS: %M KiB, %e s wall' "$bin/galaxy" -n 20000 -o big.hdf5 2>&1 |
	grep -E 'peak RSS|Simulating|load balance'
ls -l big.hdf5 | awk '{printf "20000-particle file: %.0f MiB\n", $5/1048576}'
# Scale: peak memory per rank and time per particle, 10^4 and 10^5
# particles of 100 samples on 2 ranks.
for n in 10000 100000; do
	"$here/run.sh" 2 /usr/bin/time -f "n=$n: rank peak RSS %M KiB, %e s wall" "$bin/galaxy" -n "$n" -steps 100 -o scale.hdf5 2>&1 |
		grep -E 'peak RSS|load balance'
	rm -f scale.hdf5
done
