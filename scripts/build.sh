#!/usr/bin/env bash
# Usage: scripts/build.sh
#
# Builds every command with real MPI (-tags mpi) into bin/ (or $BIN), against the MPI
# chosen by MPI=openmpi|mpich|cray|auto and its parallel HDF5 (pkg-config,
# or HDF5_DIR / OLCF_HDF5_ROOT / CRAY_HDF5_PARALLEL_PREFIX). See env.sh.
set -euo pipefail
. "$(dirname "$0")/env.sh"
h5mpi_setup
command -v go >/dev/null || h5mpi_die "go not found: run scripts/deps.sh"
cd "$H5MPI_ROOT"
bin=${BIN:-$H5MPI_ROOT/bin}
mkdir -p "$bin"
cmds=$(cd cmd && for d in */; do [ "$d" = internal/ ] || printf '%s ' "${d%/}"; done)
cmds=${cmds% }
# Go modules missing from the cache are fetched first, go's lines about them
# into a log: the build and the tests then need nothing from the network.
if ! GOPROXY=off go list -deps -test -tags mpi ./... >/dev/null 2>&1; then
	log=$H5MPI_ROOT/build/logs/go-modules.log
	mkdir -p "$(dirname "$log")"
	echo "h5mpi: downloading Go modules (go's output: $log), then building $cmds with MPI=$MPI ..."
	if ! h5mpi_watch "downloading Go modules" "$log" go list -deps -test -tags mpi ./...; then
		tail -n 20 "$log" >&2
		h5mpi_die "go list -deps, which downloads the Go modules, failed; the end of $log is above"
	fi
	got=", Go modules downloaded in $h5mpi_took s"
else
	echo "h5mpi: building $cmds with MPI=$MPI ..."
fi
# The version the programs print (-version) and record in their files;
# "devel" where git cannot tell (no git, or not a repository).
version=$(git describe --always --dirty --tags 2>/dev/null) || version=devel
# cgo compiles HDF5's and MPI's bindings: most of a minute when nothing is cached.
h5mpi_watch "building" - go build -tags mpi \
	-ldflags "-X github.com/h5mpi/h5mpi/internal/job.Version=$version" -o "$bin/" ./cmd/...
# One MPI, the one asked for: a mixed link (both libmpich and Open MPI's
# libopen-pal) builds, then misbehaves at run time.
libs=$(ldd "$bin/hello")
case $MPI in
openmpi) want=libopen-pal bad=libmpich ;;
mpich) want=libmpich bad=libopen-pal ;;
*) want= bad= ;;
esac
if [ -n "$want" ] && { ! grep -q "$want" <<<"$libs" || grep -q "$bad" <<<"$libs"; }; then
	h5mpi_die "MPI=$MPI build of $bin/hello should link $want and not $bad; ldd says:
$libs"
fi
# run.sh reads this to start the binaries with the launcher of their MPI.
echo "$MPI" >"$bin/.mpi"
echo "h5mpi: built version $version into $bin in $h5mpi_took s${got:-}"
