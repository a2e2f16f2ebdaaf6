#!/usr/bin/env bash
# Usage: scripts/test.sh [--all-mpi] [--slurm] [--cluster]
#
# Everything a change must pass, from a fresh machine: installs what is
# missing (deps.sh), builds (build.sh), checks gofmt and go vet (with and
# without the mpi tag), runs the unit tests of the one-rank stand-in, then
# every test again with real MPI, multi-rank runs included. It fails, never
# skips, when a tool it needs is missing. Each test package is announced as
# it starts and closed by go test's own "ok" or "FAIL" line, and a long
# build or test prints a line every 20 s while it runs.
#
#   MPI=openmpi|mpich   the MPI to test (default openmpi)
#   --all-mpi           test Open MPI, then MPICH
#   --slurm             also submit the sbatch scripts to a real one-node
#                       Slurm (scripts/slurm-local.sh), with each MPI tested
#   --cluster           also run them across a real three-node Slurm
#                       cluster built from Linux namespaces
#                       (scripts/cluster-local.sh; needs root), with each
#                       MPI tested
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh"
cd "$H5MPI_ROOT"

mpis=("${MPI:-openmpi}")
[ "${mpis[0]}" = auto ] && mpis=(openmpi)
slurm=0
cluster=0
for a in "$@"; do
	case $a in
	--all-mpi) mpis=(openmpi mpich) ;;
	--slurm) slurm=1 ;;
	--cluster) cluster=1 ;;
	*) echo "usage: scripts/test.sh [--all-mpi] [--slurm] [--cluster]" >&2; exit 2 ;;
	esac
done
for m in "${mpis[@]}"; do
	H5MPI_SLURM=$(((slurm + cluster) > 0)) H5MPI_CLUSTER=$cluster MPI=$m "$here/deps.sh" --test
done

step() { printf '\n== %s\n' "$*"; }
# gotest TAGS PACKAGES...: go test -tags TAGS, its packages in parallel as
# ever, its JSON events read by gotest-progress.py: a line as each package
# starts (go test alone says nothing until a package ends), go test's own
# line as it ends, a failing package's output in full, and a line after
# every 20 s of quiet saying what still runs.
gotest() {
	local tags=$1
	shift
	go test -count=1 -timeout 30m ${tags:+-tags "$tags"} -json "$@" | /usr/bin/python3 "$here/gotest-progress.py" ||
		h5mpi_die "go test${tags:+ -tags $tags} $* failed"
}
need() { command -v "$1" >/dev/null || h5mpi_die "$1 not found after scripts/deps.sh: cannot test"; }
need go
need h5dump
need gofmt
need /usr/bin/python3
/usr/bin/python3 -c 'import h5py' || h5mpi_die "h5py not importable by /usr/bin/python3 after scripts/deps.sh: cannot test"

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './build/*'))
[ -z "$unformatted" ] || h5mpi_die "gofmt would change: $unformatted"

for m in "${mpis[@]}"; do
	(
		export MPI=$m
		h5mpi_setup
		case $m in openmpi) need mpirun ;; mpich) need mpiexec.mpich ;; esac
		step "build ($m)"
		# Into build/, so bin/ keeps what the user built.
		BIN="$H5MPI_ROOT/build/bin-$m" "$here/build.sh"
		step "go vet ($m, with and without -tags mpi)"
		h5mpi_watch "running go vet" - go vet ./...
		h5mpi_watch "running go vet -tags mpi" - go vet -tags mpi ./...
		step "unit tests, one-rank stand-in ($m)"
		gotest "" ./...
		gotest noasm ./internal/stats/ # the portable kernels
		step "all tests with real MPI, multi-rank included ($m)"
		gotest mpi ./...
	)
	if [ "$m" = mpich ]; then
		step "Cray-style build: MPICH laid out as CRAY_MPICH_DIR and CRAY_HDF5_PARALLEL_PREFIX"
		"$here/fake-cray.sh"
	fi
done
if [ $slurm = 1 ]; then
	# Each MPI as srun starts it: Open MPI through PMIx, MPICH through PMI-2.
	for m in "${mpis[@]}"; do
		(
			export MPI=$m
			h5mpi_setup
			step "Slurm: sbatch scripts on a one-node cluster ($m)"
			h5mpi_watch "running go vet -tags slurm" - go vet -tags slurm ./slurm/
			gotest slurm ./slurm/
		)
	done
fi
if [ $cluster = 1 ]; then
	need ip
	need unshare
	need nsenter
	need h5diff
	for m in "${mpis[@]}"; do
		(
			export MPI=$m
			h5mpi_setup
			step "Slurm: sbatch scripts on a three-node cluster in namespaces ($m)"
			h5mpi_watch "running go vet -tags cluster" - go vet -tags cluster ./slurm/
			gotest cluster ./slurm/
		)
	done
fi
step "all tests passed (MPI: ${mpis[*]}$([ $slurm = 1 ] && echo ', Slurm')$([ $cluster = 1 ] && echo ', cluster'))"
