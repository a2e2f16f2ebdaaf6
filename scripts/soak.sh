#!/usr/bin/env bash
# Usage: scripts/soak.sh [--cluster] [ROUNDS]
#
# The repetitions CI sizes down, as long as one likes: the 42-rank usage
# launches of every program (50 each, as a hang that struck one launch in
# 1000 needs), then galaxy's stop, kill, launcher-kill and resume tests
# ROUNDS times (default 20), with real MPI (MPI=openmpi|mpich). With
# --cluster, instead, the lost-node tests (a node killed, a node cut off
# mid-run) ROUNDS times on the three-node Slurm cluster in namespaces
# (needs root). Slow: a soak, not a check for every change.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh"
cd "$H5MPI_ROOT"
cluster=0
if [ "${1:-}" = --cluster ]; then
	cluster=1
	shift
fi
rounds=${1:-20}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || h5mpi_die "ROUNDS=$rounds: want a positive number"
H5MPI_CLUSTER=$cluster "$here/deps.sh" --test
h5mpi_setup
TMPDIR=$(mktemp -d /tmp/h5mpi-soak.XXXXXX)
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
if [ $cluster = 1 ]; then
	go test -count="$rounds" -timeout 0 -tags cluster -run '^TestClusterLostNode$' -v ./slurm/ |
		grep --line-buffered -E '^(=== RUN|--- |\s|ok|FAIL|PASS)'
	exit "${PIPESTATUS[0]}"
fi
H5MPI_USAGE_RUNS=50 go test -count=1 -timeout 0 -tags mpi -run '^TestUsageAt42Ranks$' ./internal/contract/
go test -count="$rounds" -timeout 0 -tags mpi -run '^(TestStopAndResume|TestSignalAndResume|TestKillAndResume|TestLauncherKilled)$' ./cmd/galaxy/
