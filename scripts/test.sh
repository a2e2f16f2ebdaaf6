#!/usr/bin/env bash
# Usage: scripts/test.sh [--quick] [--all-mpi] [--cluster]
#
# Everything a change must pass, from a fresh machine: installs what is
# missing (deps.sh), builds (build.sh), checks gofmt, go vet (with and
# without the mpi tag) and the C's warnings (cwarn.sh), runs the unit tests
# of the one-rank stand-in, then again with real MPI, multi-rank runs
# included, the tests of every package built on the MPI layer (pio). It fails, never skips, when a tool it needs is missing.
# Each test package is announced as it starts and closed by go test's own
# "ok" or "FAIL" line, a long build or test prints a line every 20 s while
# it runs, each stage's time is printed as it ends, and a failure ends with
# the names of the failing tests.
#
#   MPI=openmpi|mpich   the MPI to test (default openmpi)
#   --quick             the inner loop while working (about 4 minutes):
#                       gofmt, vet, the stand-in's unit tests and the
#                       multi-rank tests on one MPI, with go test -short
#                       (the sweeps and repeated runs cut to a few cases)
#   --all-mpi           test Open MPI, then MPICH (and the Cray-style build)
#   --cluster           also submit the sbatch scripts to a real
#                       three-node Slurm cluster built from Linux
#                       namespaces (scripts/cluster-local.sh; needs
#                       root), with each MPI tested
#
# Everything the tests write goes under one temporary directory, removed
# at the end: a run leaves nothing in /tmp.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh"
cd "$H5MPI_ROOT"

mpis=("${MPI:-openmpi}")
[ "${mpis[0]}" = auto ] && mpis=(openmpi)
quick=0
cluster=0
for a in "$@"; do
	case $a in
	--quick) quick=1 ;;
	--all-mpi) mpis=(openmpi mpich) ;;
	--cluster) cluster=1 ;;
	*) echo "usage: scripts/test.sh [--quick] [--all-mpi] [--cluster]" >&2; exit 2 ;;
	esac
done
[ $quick = 0 ] || [ $cluster = 0 ] || h5mpi_die "--quick and --cluster: the cluster suite is not part of the quick loop"
for m in "${mpis[@]}"; do
	H5MPI_CLUSTER=$cluster MPI=$m "$here/deps.sh" --test
done

# The tests' temporary files, Open MPI's session directories among them,
# in one place (short: MPI's socket paths must fit 108 bytes).
TMPDIR=$(mktemp -d /tmp/h5mpi-test.XXXXXX)
export TMPDIR
# Open MPI's launchers make their session directory's top (ompi.HOST.UID)
# when it is missing and remove it once empty, and two starting at once
# race for it ("mkdir ... File exists": orte_init fails). Kept non-empty
# here, it is made once and never removed while the tests run.
mkdir -p "$TMPDIR/ompi.$(hostname).$(id -u)/h5mpi-keep"
failed_list=$TMPDIR.failed
export H5MPI_FAILED=$failed_list
stages=()
stage_name=
stage_start=$SECONDS
run_start=$SECONDS
# end_stage closes the stage under way: its time, printed and kept.
end_stage() {
	if [ -n "$stage_name" ]; then
		local took=$((SECONDS - stage_start))
		printf '   (%s: %d s)\n' "$stage_name" "$took"
		stages+=("$(printf '%6d s  %s' "$took" "$stage_name")")
	fi
	stage_name=
}
finish() {
	local rc=$?
	end_stage
	if [ ${#stages[@]} -gt 0 ]; then
		printf '\n== stage times (%d s in all)\n' $((SECONDS - run_start))
		printf '%s\n' "${stages[@]}"
	fi
	if [ -s "$failed_list" ]; then
		printf '\n== failing tests\n'
		sed 's/^/FAIL: /' "$failed_list"
	fi
	rm -rf "$TMPDIR" "$failed_list"
	exit $rc
}
trap finish EXIT
step() {
	end_stage
	stage_name=$*
	stage_start=$SECONDS
	printf '\n== %s\n' "$*"
}
# gotest TAGS PACKAGES...: go test -tags TAGS, its packages in parallel as
# ever, its JSON events read by gotest-progress.py: a line as each package
# starts (go test alone says nothing until a package ends), go test's own
# line as it ends, a failing package's output in full, and a line after
# every 20 s of quiet saying what still runs.
gotest() {
	local tags=$1
	shift
	local short=
	[ $quick = 0 ] || short=-short
	go test -count=1 -timeout 30m $short ${tags:+-tags "$tags"} -json "$@" | /usr/bin/python3 "$here/gotest-progress.py" ||
		h5mpi_die "go test${tags:+ -tags $tags} $* failed: $(tr '\n' ';' <"$failed_list" | sed 's/;$//; s/;/; /g')"
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


# Each MPI in turn in this shell (h5mpi_setup replaces the last one's
# build environment), so that the stage times add up here.
for m in "${mpis[@]}"; do
	export MPI=$m
	h5mpi_setup
	case $m in openmpi) need mpirun ;; mpich) need mpiexec.mpich ;; esac
	step "build ($m)"
	# Into build/, so bin/ keeps what the user built.
	BIN="$H5MPI_ROOT/build/bin-$m" "$here/build.sh"
	# The code vetted and the stand-in's tests are the same whatever the
	# MPI: once, with the first.
	if [ "$m" = "${mpis[0]}" ]; then
		step "go vet ($m, with and without -tags mpi), C warnings"
		h5mpi_watch "running go vet" - go vet ./...
		h5mpi_watch "running go vet -tags mpi" - go vet -tags mpi ./...
		h5mpi_watch "checking the C for warnings" - bash "$here/cwarn.sh"
		step "unit tests, one-rank stand-in ($m)"
		gotest "" ./...
		[ $quick = 1 ] || gotest noasm ./internal/stats/ ./internal/nbody/ ./internal/simd/ # the portable kernels
	fi
	step "all tests with real MPI, multi-rank included ($m)"
	# The packages built on pio, the MPI layer: the others' tests are the
	# same with or without -tags mpi, and ran with the stand-in. The
	# contract tests take longest: first, so that the other packages run
	# beside them rather than before them.
	mapfile -t pkgs < <(go list -tags mpi -test -f '{{.ImportPath}} {{join .Deps " "}}' ./... |
		awk '$1 ~ /\/internal\/pio$/ || / github.com\/h5mpi\/h5mpi\/internal\/pio( |$)/ {print $1}' |
		grep -v -e '/internal/contract$' -e '\.test$' -e '_test$' | sort -u)
	[ ${#pkgs[@]} -gt 5 ] || h5mpi_die "go list found ${#pkgs[@]} packages built on internal/pio: expected every command's and more"
	gotest mpi ./internal/contract/ "${pkgs[@]}"
	if [ "$m" = mpich ] && [ $quick = 0 ]; then
		step "Cray-style build: MPICH laid out as CRAY_MPICH_DIR and CRAY_HDF5_PARALLEL_PREFIX"
		"$here/fake-cray.sh"
	fi
done
if [ $cluster = 1 ]; then
	need ip
	need unshare
	need nsenter
	need h5diff
	# Each MPI as srun starts it: Open MPI through PMIx, MPICH through PMI-2.
	for m in "${mpis[@]}"; do
		export MPI=$m
		h5mpi_setup
		step "Slurm: sbatch scripts on a three-node cluster in namespaces ($m)"
		h5mpi_watch "running go vet -tags cluster" - go vet -tags cluster ./slurm/
		# One job test at a time: side by side on 2 cores they were no
		# faster (247 s against 210 to 313 s) and twice starved a
		# 42-rank or 9-rank job at MPI_Init or a node's slurmd.
		gotest cluster -parallel 1 ./slurm/
	done
fi
end_stage
printf '\n== all tests passed (MPI: %s%s%s)\n' "${mpis[*]}" "$([ $quick = 1 ] && echo ', quick')" "$([ $cluster = 1 ] && echo ', cluster')"
