#!/usr/bin/env bash
# Usage: scripts/deps.sh [--test]
#
# Installs what h5mpi needs, if it is missing:
#   always   the MPI and its parallel HDF5 (MPI=openmpi (default) | mpich |
#            all), gcc and pkg-config for cgo, hdf5-tools (h5dump, h5ls),
#            Go 1.22 or later: what scripts/build.sh and scripts/demo.sh need;
#   --test   also h5py and numpy (the tests read galaxy files as the Python
#            original did; they bring a second, serial HDF5) and GNU time
#            (scripts/bench-galaxy.sh): what scripts/test.sh needs;
#   H5MPI_CLUSTER=1  also Slurm, munge, iproute2 and util-linux (ip
#            netns, unshare, nsenter), for the Slurm tests' cluster
#            (scripts/cluster-local.sh);
#   H5MPI_EXTRA_PKGS="a b"  any other packages.
# On Debian/Ubuntu as root it runs apt-get update and install, one line per
# step here and apt's own output in build/logs/apt-*.log; not as root it
# prints the apt-get line to run. On a cluster with environment modules it
# installs nothing and prints the modules to load instead. Last, it checks
# that localhost resolves at once: MPI start-up waits on it.
set -euo pipefail
. "$(dirname "$0")/env.sh"

test=0
for a in "$@"; do
	case $a in
	--test) test=1 ;;
	*) echo "usage: scripts/deps.sh [--test]" >&2; exit 2 ;;
	esac
done

if [ -n "${CRAY_MPICH_DIR:-}" ] || { command -v module >/dev/null 2>&1 && ! command -v apt-get >/dev/null; }; then
	cat <<'MSG'
h5mpi: this looks like a cluster with environment modules; nothing installed.
Load the compilers, MPI and parallel HDF5 before scripts/build.sh, e.g. on Frontier:
    module load PrgEnv-gnu cray-hdf5-parallel
    module load go        # or a Go 1.22+ toolchain on PATH
MSG
	exit 0
fi

pkgs=(pkg-config gcc libc6-dev hdf5-tools)
case "${MPI:-openmpi}" in
openmpi | auto) pkgs+=(openmpi-bin libopenmpi-dev libhdf5-openmpi-dev) ;;
mpich) pkgs+=(mpich libmpich-dev libhdf5-mpich-dev) ;;
all) pkgs+=(openmpi-bin libopenmpi-dev libhdf5-openmpi-dev mpich libmpich-dev libhdf5-mpich-dev) ;;
*) h5mpi_die "MPI=$MPI: want openmpi, mpich or all" ;;
esac
if [ $test = 1 ]; then pkgs+=(python3-h5py python3-numpy time); fi
# The Slurm tests (scripts/test.sh --cluster) run a real cluster built
# from namespaces.
if [ "${H5MPI_CLUSTER:-0}" = 1 ]; then pkgs+=(slurmctld slurmd slurm-client munge iproute2 util-linux); fi
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

# apt_step WHAT LOG ARGS...: apt-get ARGS, its output into LOG; on failure,
# the log's path and its end.
apt_step() {
	local what=$1 log=$2
	shift 2
	if ! h5mpi_watch "$what" "$log" apt-get "$@"; then
		echo "h5mpi: $what failed after $h5mpi_took s; the end of $log:" >&2
		tail -n 20 "$log" >&2
		exit 1
	fi
}

missing=()
for p in "${pkgs[@]}"; do
	[[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == *'install ok installed'* ]] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	command -v apt-get >/dev/null || h5mpi_die "missing ${missing[*]} and no apt-get: install them by hand"
	if [ "$(id -u)" != 0 ]; then
		h5mpi_die "missing packages; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
	fi
	export DEBIAN_FRONTEND=noninteractive
	logs=$H5MPI_ROOT/build/logs
	mkdir -p "$logs"
	echo "h5mpi: missing packages (${#missing[@]}): ${missing[*]}; apt-get's output goes to $logs/apt-*.log"
	apt_step "updating the package lists" "$logs/apt-update.log" update
	# What apt will do: its simulation's Inst lines, and the sizes of the
	# files it would fetch.
	n=$(apt-get install -s --no-install-recommends "${missing[@]}" 2>/dev/null | grep -c '^Inst ' || true)
	mb=$(apt-get install -qq --print-uris --no-install-recommends "${missing[@]}" 2>/dev/null |
		awk "/^'/ {s += \$3} END {printf \"%.0f\", s / 1e6}" || true)
	echo "h5mpi: package lists updated in $h5mpi_took s; installing $n packages with their dependencies, $mb MB to download ..."
	apt_step "installing" "$logs/apt-install.log" install -y --no-install-recommends "${missing[@]}"
	echo "h5mpi: installed in $h5mpi_took s"
fi
go_ok || h5mpi_die "Go 1.22 or later is needed (found: $(go version 2>/dev/null || echo none)); install it and put it on PATH"

# Open MPI's launcher looks up localhost at every start. Where /etc/hosts
# lacks it, every launch waits on it: 5 s more for hello on 4 ranks in a
# minimal Debian chroot. That is slow, not broken, and /etc/hosts is the
# machine owner's: warn loudly, and carry on.
t0=$(date +%s%N)
if ! timeout 2 getent hosts localhost >/dev/null; then
	why="does not resolve"
elif [ $(($(date +%s%N) - t0)) -gt 1000000000 ]; then
	why="takes $((($(date +%s%N) - t0) / 1000000)) ms to resolve"
fi
if [ -n "${why:-}" ]; then
	sudo=$([ "$(id -u)" = 0 ] || echo "sudo ")
	cat >&2 <<MSG
h5mpi: WARNING: localhost $why here (getent hosts localhost), so every MPI launch will wait seconds.
h5mpi: Fix: add the line "127.0.0.1 localhost" to /etc/hosts:  echo '127.0.0.1 localhost' | ${sudo}tee -a /etc/hosts
MSG
fi
