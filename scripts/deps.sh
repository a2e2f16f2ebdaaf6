#!/usr/bin/env bash
# Usage: scripts/deps.sh
#
# Installs what h5mpi needs to build and test, if it is missing:
#   MPI=openmpi (default) | mpich | all   which MPI and parallel HDF5
#   Go 1.22 or later, gcc and pkg-config for cgo, h5dump (hdf5-tools),
#   h5py for the tests, GNU time for the benchmarks;
#   H5MPI_SLURM=1: also Slurm and munge, for the Slurm tests.
# On Debian/Ubuntu as root it runs apt-get (update first); not as root it
# prints the apt-get line to run. On a cluster with environment modules it
# installs nothing and prints the modules to load instead.
set -euo pipefail
. "$(dirname "$0")/env.sh"

if [ -n "${CRAY_MPICH_DIR:-}" ] || { command -v module >/dev/null 2>&1 && ! command -v apt-get >/dev/null; }; then
	cat <<'MSG'
h5mpi: this looks like a cluster with environment modules; nothing installed.
Load the compilers, MPI and parallel HDF5 before scripts/build.sh, e.g. on Frontier:
    module load PrgEnv-gnu cray-hdf5-parallel
    module load go        # or a Go 1.22+ toolchain on PATH
MSG
	exit 0
fi

# python3-h5py: the tests read galaxy files with h5py, the original's reader;
# time: scripts/bench-galaxy.sh measures peak memory with /usr/bin/time.
pkgs=(pkg-config gcc libc6-dev hdf5-tools python3-h5py python3-numpy time)
case "${MPI:-openmpi}" in
openmpi | auto) pkgs+=(openmpi-bin libopenmpi-dev libhdf5-openmpi-dev) ;;
mpich) pkgs+=(mpich libmpich-dev libhdf5-mpich-dev) ;;
all) pkgs+=(openmpi-bin libopenmpi-dev libhdf5-openmpi-dev mpich libmpich-dev libhdf5-mpich-dev) ;;
*) h5mpi_die "MPI=$MPI: want openmpi, mpich or all" ;;
esac
# The Slurm tests (scripts/test.sh --slurm) run a real one-node cluster.
if [ "${H5MPI_SLURM:-0}" = 1 ]; then
	pkgs+=(slurmctld slurmd slurm-client munge)
fi
if [ -n "${H5MPI_EXTRA_PKGS:-}" ]; then
	read -r -a extra <<<"$H5MPI_EXTRA_PKGS"
	pkgs+=("${extra[@]}")
fi

go_ok() {
	command -v go >/dev/null || return 1
	local v
	v=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
	[ "$(printf '%s\n1.22\n' "${v%%[a-z]*}" | sort -V | head -n1)" = 1.22 ]
}
go_ok || pkgs+=(golang-go)

missing=()
for p in "${pkgs[@]}"; do
	[[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == *'install ok installed'* ]] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	command -v apt-get >/dev/null || h5mpi_die "missing ${missing[*]} and no apt-get: install them by hand"
	if [ "$(id -u)" != 0 ]; then
		h5mpi_die "missing packages; run: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
	fi
	echo "h5mpi: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
go_ok || h5mpi_die "Go 1.22 or later is needed (found: $(go version 2>/dev/null || echo none)); install it and put it on PATH"
