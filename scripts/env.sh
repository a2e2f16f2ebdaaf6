# shellcheck shell=bash
# Sourced by the other scripts (not run): chooses the MPI flavour and sets
# up pkg-config and cgo so that the build links one MPI and the parallel
# HDF5 built for it.
#
#   MPI=openmpi|mpich|cray|auto   (default auto: Cray if CRAY_MPICH_DIR is
#                                  set, else Open MPI if its parallel HDF5
#                                  is installed, else MPICH if its is)
#   HDF5_DIR / OLCF_HDF5_ROOT / CRAY_HDF5_PARALLEL_PREFIX
#                                  a parallel HDF5 install prefix, used
#                                  instead of pkg-config's
#
# empi's cgo asks pkg-config for "ompi" and pio's for "hdf5-mpi": both are
# written here as small .pc files describing the MPI and HDF5 really in
# use, and put first on PKG_CONFIG_PATH. CGO_CFLAGS/CGO_LDFLAGS carry the
# same HDF5 flags so that gonum.org/v1/hdf5, whose own flags name Debian's
# serial HDF5, links the parallel library too (two HDF5s in one process
# would be fatal).

H5MPI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export H5MPI_ROOT

# h5mpi_die MESSAGE prints MESSAGE and stops: a script that sourced this
# file exits 1; a user's shell that sourced it (from its prompt, bash -c or
# an interactive shell's rc file) must survive, so there it returns 1 and
# the functions below return at once (h5mpi_die ... || return).
if [[ $- == *i* ]] || [ -z "${BASH_SOURCE[1]:-}" ]; then
	h5mpi_die() { echo "h5mpi: $*" >&2; return 1; }
else
	h5mpi_die() { echo "h5mpi: $*" >&2; exit 1; }
fi

h5mpi_detect_mpi() {
	if [ -n "${CRAY_MPICH_DIR:-}" ]; then echo cray
	elif pkg-config --exists hdf5-openmpi 2>/dev/null; then echo openmpi
	elif pkg-config --exists hdf5-mpich 2>/dev/null; then echo mpich
	else echo openmpi
	fi
}

h5mpi_hdf5_prefix() {
	for v in HDF5_DIR OLCF_HDF5_ROOT CRAY_HDF5_PARALLEL_PREFIX; do
		if [ -n "${!v:-}" ]; then echo "${!v}"; return; fi
	done
}

# h5mpi_setup writes the .pc shims for $MPI and exports the build
# environment. It fails, with the missing piece named, if the MPI or its
# parallel HDF5 is not there.
h5mpi_setup() {
	MPI=${MPI:-auto}
	[ "$MPI" = auto ] && MPI=$(h5mpi_detect_mpi)
	export MPI
	local pc="$H5MPI_ROOT/build/pkgconfig/$MPI" mpi_flags= hdf5_flags= prefix p kept=
	# Drop the shims of an earlier h5mpi_setup in this environment (another
	# MPI's): pkg-config would find its ompi.pc first and link both MPIs.
	local IFS=:
	for p in ${PKG_CONFIG_PATH:-}; do
		case "$p" in "$H5MPI_ROOT/build/pkgconfig/"* | "") ;; *) kept="$kept${kept:+:}$p" ;; esac
	done
	unset IFS
	PKG_CONFIG_PATH=$kept
	case "$MPI" in
	openmpi)
		mpi_flags=$(pkg-config --cflags --libs ompi 2>/dev/null) || h5mpi_die "Open MPI not found by pkg-config (ompi.pc): run scripts/deps.sh" || return
		hdf5_flags=$(pkg-config --cflags --libs hdf5-openmpi 2>/dev/null) || h5mpi_die "parallel HDF5 for Open MPI not found (hdf5-openmpi.pc): run scripts/deps.sh" || return
		;;
	mpich)
		mpi_flags=$(pkg-config --cflags --libs mpich 2>/dev/null) || h5mpi_die "MPICH not found by pkg-config (mpich.pc): run MPI=mpich scripts/deps.sh" || return
		hdf5_flags=$(pkg-config --cflags --libs hdf5-mpich 2>/dev/null) || h5mpi_die "parallel HDF5 for MPICH not found (hdf5-mpich.pc): run MPI=mpich scripts/deps.sh" || return
		;;
	cray)
		if [ -n "${CRAY_MPICH_DIR:-}" ]; then
			mpi_flags="-I$CRAY_MPICH_DIR/include -L$CRAY_MPICH_DIR/lib -Wl,-rpath,$CRAY_MPICH_DIR/lib -lmpi"
		elif command -v cc >/dev/null && cc --cray-print-opts=cflags >/dev/null 2>&1; then
			# The compiler wrapper knows the flags of every loaded module,
			# cray-hdf5-parallel's included.
			mpi_flags="$(cc --cray-print-opts=cflags) $(cc --cray-print-opts=libs)"
			[ -n "$(h5mpi_hdf5_prefix)" ] || hdf5_flags=$mpi_flags
		else
			h5mpi_die "MPI=cray but neither CRAY_MPICH_DIR nor the cc wrapper is there: module load PrgEnv-gnu cray-mpich" || return
		fi
		;;
	*) h5mpi_die "MPI=$MPI: want openmpi, mpich, cray or auto" || return ;;
	esac
	prefix=$(h5mpi_hdf5_prefix)
	if [ -n "$prefix" ]; then
		[ -f "$prefix/include/H5FDmpio.h" ] || h5mpi_die "$prefix has no parallel HDF5 (no include/H5FDmpio.h)" || return
		hdf5_flags="-I$prefix/include -L$prefix/lib -Wl,-rpath,$prefix/lib -lhdf5 -lhdf5_hl $mpi_flags"
	elif [ "$MPI" = cray ] && [ -z "${hdf5_flags:-}" ]; then
		h5mpi_die "MPI=cray needs a parallel HDF5: module load cray-hdf5-parallel (sets CRAY_HDF5_PARALLEL_PREFIX)" || return
	fi
	mkdir -p "$pc" || return
	# Written aside and renamed into place: a build running meanwhile
	# (another shell, test.sh's cluster lane) never reads half a file.
	printf 'Name: ompi\nDescription: MPI for h5mpi (%s)\nVersion: 0\nCflags: %s\nLibs: %s\n' \
		"$MPI" "$(h5mpi_only -I "$mpi_flags")" "$(h5mpi_not -I "$mpi_flags")" >"$pc/ompi.pc.${BASHPID:-$$}" &&
		mv -f "$pc/ompi.pc.${BASHPID:-$$}" "$pc/ompi.pc" || return
	printf 'Name: hdf5-mpi\nDescription: parallel HDF5 for h5mpi (%s)\nVersion: 0\nCflags: %s\nLibs: %s\n' \
		"$MPI" "$(h5mpi_only -I "$hdf5_flags")" "$(h5mpi_not -I "$hdf5_flags")" >"$pc/hdf5-mpi.pc.${BASHPID:-$$}" &&
		mv -f "$pc/hdf5-mpi.pc.${BASHPID:-$$}" "$pc/hdf5-mpi.pc" || return
	export PKG_CONFIG_PATH="$pc${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
	export CGO_ENABLED=1
	export CGO_CFLAGS="$(h5mpi_only -I "$hdf5_flags") ${H5MPI_CFLAGS:--O2}"
	export CGO_LDFLAGS="$(h5mpi_not -I "$hdf5_flags")"
}

# h5mpi_only PREFIX FLAGS / h5mpi_not PREFIX FLAGS: the flags that do / do
# not start with PREFIX.
h5mpi_only() { local f out=; for f in $2; do case "$f" in "$1"*) out="$out $f" ;; esac; done; echo "${out# }"; }
h5mpi_not() { local f out=; for f in $2; do case "$f" in "$1"*) ;; *) out="$out $f" ;; esac; done; echo "${out# }"; }

# h5mpi_srun_mpi prints the srun MPI plugin that $MPI needs, or nothing
# to keep srun's. Debian's MPICH speaks PMI-1/2: through the PMIx plugin
# Open MPI wants it would run as N one-rank jobs. Open MPI and Cray MPICH
# keep the site's default (PMIx here; cray_shasta on Frontier), as does a
# user's own SLURM_MPI_TYPE.
h5mpi_srun_mpi() {
	if [ -z "${SLURM_MPI_TYPE:-}" ] && [ "${MPI:-}" = mpich ]; then echo pmi2; fi
}

# h5mpi_kill_bad_exit makes srun end a step's other ranks once one dies
# (a crash, SIGKILL, the OOM killer), as --kill-on-bad-exit does: without
# it srun waits for them, and MPICH's ranks wait in their collective for
# the dead one until the time limit (Open MPI's are told through PMIx).
# SLURM_KILL_BAD_EXIT=0 set beforehand keeps srun's default.
h5mpi_kill_bad_exit() {
	export SLURM_KILL_BAD_EXIT=${SLURM_KILL_BAD_EXIT:-1}
}

# h5mpi_launcher prints the command that starts N ranks of the build's MPI
# (under srun, call h5mpi_kill_bad_exit first).
h5mpi_launcher() {
	if [ -n "${SLURM_JOB_ID:-}" ] && command -v srun >/dev/null; then
		local p
		p=$(h5mpi_srun_mpi)
		echo "srun ${p:+--mpi=$p }-n"
		return
	fi
	case "${MPI:-openmpi}" in
	openmpi)
		local m
		m=$(command -v mpirun.openmpi || command -v mpirun) || h5mpi_die "mpirun (Open MPI) not found: run scripts/deps.sh" || return
		echo "$m --oversubscribe -n"
		;;
	mpich)
		local m
		m=$(command -v mpiexec.mpich || command -v mpiexec.hydra) || h5mpi_die "mpiexec.mpich not found: run MPI=mpich scripts/deps.sh" || return
		echo "$m -n"
		;;
	cray) command -v srun >/dev/null || h5mpi_die "srun not found" || return; echo "srun -n" ;;
	esac
}

# h5mpi_watch LABEL LOG CMD [ARGS...] runs CMD, its output into the file LOG
# (or left on the terminal when LOG is -), and prints "... still LABEL (N s)"
# every 20 s ($H5MPI_TICK) while it runs, so that an install, a build or a
# test never looks hung. Its status is CMD's, and h5mpi_took holds the
# seconds CMD took. CMD should be a program: a shell function would run
# with errexit off. Never exits, so a shell that sourced this file stays.
h5mpi_watch() {
	local label=$1 log=$2 start=$SECONDS tick=${H5MPI_TICK:-20} ticker rc=0
	shift 2
	(
		t=0
		# sleep holds none of our output open (a pipe reading us ends when
		# we do), and the ticker stops by itself if its script was killed.
		while sleep "$tick" >/dev/null 2>&1 && kill -0 $$ 2>/dev/null; do
			t=$((t + tick))
			echo "   ... still $label ($t s)"
		done
	) &
	ticker=$!
	if [ "$log" = - ]; then
		"$@" || rc=$?
	else
		"$@" >"$log" 2>&1 || rc=$?
	fi
	kill "$ticker" 2>/dev/null || true
	wait "$ticker" 2>/dev/null || true
	# shellcheck disable=SC2034 # read by the scripts that source this file
	h5mpi_took=$((SECONDS - start))
	return $rc
}

# Go: the machine's /usr/local/go if PATH lacks one.
if ! command -v go >/dev/null && [ -x /usr/local/go/bin/go ]; then
	export PATH="/usr/local/go/bin:$PATH"
fi
