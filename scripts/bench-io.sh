#!/usr/bin/env bash
# Usage: [IOR=path/to/ior] [RANKS=2] [XFER=4m] scripts/bench-io.sh [DIR] [TOTAL_MIB] [REPEATS]
#
# The h5write -bench probe writing TOTAL_MIB (1024) in all from RANKS
# ranks into DIR (the current directory), flushed to storage before close
# (its default), with and without its check of the values read, beside dd bs=1M conv=fdatasync of the same size on the
# same disk, and, when IOR names an IOR built with HDF5, beside IOR on
# the same configuration (-a HDF5 -c -e --hdf5.noFill
# --hdf5.collectiveMetadata, the same block and transfer size, one
# repetition per run). The tools alternate, REPEATS (5) times each; every
# run prints a line, and the end a table of medians and ranges, MiB/s.
# BENCHMARKS.md records the figures. Page cache is not dropped: the reads
# of both probes come from memory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(cd "${1:-.}" && pwd)
total=${2:-1024}
reps=${3:-5}
ranks=${RANKS:-2}
xfer=${XFER:-4m}
block=$((total / ranks))m
"$here/build.sh" >/dev/null
bin="$(cd "$here/.." && pwd)/bin"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); disk: $(df -h "$dir" | awk 'NR==2 {print $1, $2}'); $ranks ranks, block $block, xfer $xfer"
figures=$(mktemp)
trap 'rm -f "$figures" "$dir/dd-bench.bin" "$dir/ior-bench.h5"' EXIT
for i in $(seq "$reps"); do
	# Checked (the default) and not, as IOR without -R.
	for check in true false; do
		"$here/run.sh" "$ranks" "$bin/h5write" -block "$block" -xfer "$xfer" -check=$check -json -o "$dir/h5write-bench.h5" |
			/usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin)
tool = "h5write" if r["settings"]["check"] else "h5write-nocheck"
for s in r["summary"]:
    print(tool, s["op"], "%.1f" % s["mean_mib_s"])' | tee -a "$figures"
	done
	ws=$(dd if=/dev/zero of="$dir/dd-bench.bin" bs=1M count="$total" conv=fdatasync 2>&1 | tail -n1)
	rm -f "$dir/dd-bench.bin"
	# "N bytes (...) copied, T s, R MB/s": MiB/s from N and T.
	echo "$ws" | awk '{for (i = 1; i <= NF; i++) if ($i == "s,") t = $(i - 1); printf "dd write %.1f\n", $1 / 1048576 / t}' | tee -a "$figures"
	if [ -n "${IOR:-}" ]; then
		"$here/run.sh" "$ranks" "$IOR" -a HDF5 -b "$block" -t "$xfer" -c -e -i 1 --hdf5.noFill --hdf5.collectiveMetadata -o "$dir/ior-bench.h5" |
			awk '/^Summary of all tests/ {s=1} s && ($1=="write" || $1=="read") {print "ior", $1, $2}' | tee -a "$figures"
	fi
done
/usr/bin/python3 - "$figures" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    tool, op, v = line.split()
    runs.setdefault((tool, op), []).append(float(v))
print("\n%-16s %-6s %10s %22s %5s" % ("tool", "op", "median", "range", "runs"))
for (tool, op), v in runs.items():
    print("%-16s %-6s %10.1f %22s %5d" % (tool, op, statistics.median(v), "%.1f-%.1f" % (min(v), max(v)), len(v)))
PY
