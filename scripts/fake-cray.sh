#!/usr/bin/env bash
# Usage: scripts/fake-cray.sh
#
# Checks the MPI=cray path of env.sh and build.sh without a Cray: Debian's
# MPICH and its parallel HDF5 are laid out under build/fake-cray as Cray's
# modules lay out cray-mpich (CRAY_MPICH_DIR/{include,lib/libmpi.so}) and
# cray-hdf5-parallel (CRAY_HDF5_PARALLEL_PREFIX/{include,lib}); the build
# must come out linked to them and run 4 ranks of h5write correctly.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh"
fake=$H5MPI_ROOT/build/fake-cray
rm -rf "$fake"
mkdir -p "$fake/mpich/lib" "$fake/hdf5" "$fake/bin" "$fake/run"
ln -s /usr/include/x86_64-linux-gnu/mpich "$fake/mpich/include"
ln -s /usr/lib/x86_64-linux-gnu/libmpich.so "$fake/mpich/lib/libmpi.so"
ln -s /usr/include/hdf5/mpich "$fake/hdf5/include"
ln -s /usr/lib/x86_64-linux-gnu/hdf5/mpich "$fake/hdf5/lib"
[ -f "$fake/mpich/include/mpi.h" ] || h5mpi_die "fake-cray: no MPICH mpi.h: run MPI=mpich scripts/deps.sh"

MPI=cray CRAY_MPICH_DIR=$fake/mpich CRAY_HDF5_PARALLEL_PREFIX=$fake/hdf5 BIN=$fake/bin "$here/build.sh"
# Captured first: with pipefail, `ldd | grep -q` fails whenever grep's
# early exit gets ldd killed by SIGPIPE.
libs=$(ldd "$fake/bin/h5write")
grep -q 'libmpich' <<<"$libs" || h5mpi_die "fake-cray: h5write not linked to the Cray-style MPI: $libs"
grep -q 'libhdf5_mpich' <<<"$libs" || h5mpi_die "fake-cray: h5write not linked to the Cray-style HDF5: $libs"
cd "$fake/run"
out=$(mpiexec.mpich -n 4 "$fake/bin/h5write" -per-rank 2)
[ "$out" = "4 MPI ranks have finished writing!" ] || h5mpi_die "fake-cray: h5write said: $out"
grep -q '0, 0, 1, 1, 2, 2, 3, 3$' <<<"$(h5dump -d test -y -w 0 output.h5)" ||
	h5mpi_die "fake-cray: output.h5 does not hold 0, 0, 1, 1, 2, 2, 3, 3: $(h5dump output.h5)"
echo "fake-cray: MPI=cray build linked to CRAY_MPICH_DIR and CRAY_HDF5_PARALLEL_PREFIX, 4 ranks wrote correctly"
