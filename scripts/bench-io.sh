#!/usr/bin/env bash
# Usage: scripts/bench-io.sh [DIR] [TOTAL_MIB] [REPEATS]
#
# The h5write -bench probe on 1, 2 and 4 ranks writing TOTAL_MIB (1024) in
# all into DIR (the current directory), beside dd writing and reading the
# same size on the same disk, REPEATS (3) times each. Prints one line per
# run; BENCHMARKS.md records the figures. Page cache is not dropped: the
# figures are what a user sees, not the raw device.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(cd "${1:-.}" && pwd)
total=${2:-1024}
reps=${3:-3}
"$here/build.sh" >/dev/null
bin="$(cd "$here/.." && pwd)/bin"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); disk: $(df -h "$dir" | awk 'NR==2 {print $1, $2}')"
for i in $(seq "$reps"); do
	for n in 1 2 4; do
		"$here/run.sh" "$n" "$bin/h5write" -bench $((total / n)) -o "$dir/h5write-bench.h5" 2>&1 | grep 'bench:'
	done
	f="$dir/dd-bench.bin"
	w=$(dd if=/dev/zero of="$f" bs=1M count="$total" 2>&1 | tail -n1)
	ws=$(dd if=/dev/zero of="$f" bs=1M count="$total" conv=fdatasync 2>&1 | tail -n1)
	r=$(dd if="$f" of=/dev/null bs=1M 2>&1 | tail -n1)
	rm -f "$f"
	echo "dd write: $w"
	echo "dd write+fdatasync: $ws"
	echo "dd read: $r"
done
