#!/usr/bin/env bash
# Usage: scripts/cwarn.sh   (MPI=openmpi|mpich|cray|auto, as for env.sh)
#
# Compiles every .c file under internal/ with gcc -Wall -Wextra -Werror and
# the C flags of the build (pkg-config hdf5-mpi and ompi, the shims of
# env.sh): cgo shows no warning of C that compiles, so here a warning fails
# the checks. A file whose first line is //go:build mpi is checked only
# where mpi.h is found, as only the mpi build compiles it.
set -euo pipefail
. "$(dirname "$0")/env.sh"
h5mpi_setup
cd "$H5MPI_ROOT"
read -ra flags <<<"$(pkg-config --cflags hdf5-mpi ompi)"
have_mpi=0
echo '#include <mpi.h>' | gcc -E "${flags[@]}" -x c - >/dev/null 2>&1 && have_mpi=1
rc=0
while IFS= read -r f; do
	if [ "$(head -n 1 "$f")" = "//go:build mpi" ] && [ $have_mpi = 0 ]; then
		echo "cwarn: $f skipped: no mpi.h" >&2
		continue
	fi
	gcc -fsyntax-only -Wall -Wextra -Werror "${flags[@]}" "$f" || rc=1
done < <(find internal -name '*.c' | sort)
[ $rc = 0 ] || h5mpi_die "the C above has warnings"
