#!/usr/bin/env bash
# Usage: scripts/soak.sh [ROUNDS]
#
# The repetitions CI sizes down, as long as one likes: the 42-rank usage
# launches of every program (50 each, as a hang that struck one launch in
# 1000 needs), then galaxy's stop, kill, launcher-kill and resume tests
# ROUNDS times (default 20), with real MPI (MPI=openmpi|mpich). Slow: a
# soak, not a check for every change.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh"
cd "$H5MPI_ROOT"
rounds=${1:-20}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || h5mpi_die "ROUNDS=$rounds: want a positive number"
"$here/deps.sh" --test
h5mpi_setup
TMPDIR=$(mktemp -d /tmp/h5mpi-soak.XXXXXX)
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
H5MPI_USAGE_RUNS=50 go test -count=1 -timeout 0 -tags mpi -run '^TestUsageAt42Ranks$' ./internal/contract/
go test -count="$rounds" -timeout 0 -tags mpi -run '^(TestStopAndResume|TestSignalAndResume|TestKillAndResume|TestLauncherKilled)$' ./cmd/galaxy/
