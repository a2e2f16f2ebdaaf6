#!/usr/bin/env bash
# Usage: scripts/slurm-local.sh start|stop|status|env
#
# A real single-node Slurm cluster on this machine, for testing the sbatch
# scripts: slurmctld and slurmd from Debian's packages (installed by
# H5MPI_SLURM=1 scripts/deps.sh), with munge authentication, everything
# (configuration, state, logs, pid files, munge key and socket) under
# build/slurm/ rather than /etc and /var.
#
#   start   writes the configuration, starts munged, slurmctld and slurmd
#           if not already running, and waits until sinfo shows the node idle
#   stop    stops the daemons it started (by their pid files), only those
#   status  says which daemons run, and sinfo
#   env     prints the export lines a shell needs to use this cluster:
#           eval "$(scripts/slurm-local.sh env)"
#
# The node has the machine's CPU count; jobs get whole nodes as on Frontier,
# and srun may start more ranks than CPUs (SLURM_OVERCOMMIT), so a 42-rank
# job runs on 2 cores. Open MPI starts under srun through PMIx
# (MpiDefault=pmix). The partitions are named as on no real site (local,
# the default, and other), so that a script naming a partition fails here
# as it would on a site without that name.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
d=${H5MPI_SLURM_DIR:-$root/build/slurm}
host=$(hostname -s)
ctld_port=${H5MPI_SLURM_PORT:-16817}
conf=$d/slurm.conf

die() { echo "slurm-local: $*" >&2; exit 1; }

envlines() {
	cat <<EOF2
export SLURM_CONF=$conf
export SLURM_OVERCOMMIT=1
export PMIX_MCA_gds=hash
export PMIX_MCA_psec=native
EOF2
}

# The daemons remove their own pid files as they exit: read each once.
pidof_() { cat "$d/$1.pid" 2>/dev/null; }
running() { local pid; pid=$(pidof_ "$1") && kill -0 "$pid" 2>/dev/null; }

write_conf() {
	mkdir -p "$d/state" "$d/spool" "$d/munge"
	chmod 700 "$d" "$d/munge"
	if [ ! -f "$d/munge/munge.key" ]; then
		dd if=/dev/urandom of="$d/munge/munge.key" bs=1024 count=1 status=none
		chmod 400 "$d/munge/munge.key"
	fi
	cat >"$conf" <<EOF2
# Written by scripts/slurm-local.sh: a one-node test cluster.
ClusterName=h5mpi
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$((ctld_port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$d/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/slurmctld.log
SlurmdLogFile=$d/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=pmix
ReturnToService=2
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MinJobAge=3600
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=EXCLUSIVE
PartitionName=other Nodes=$host Default=NO MaxTime=INFINITE State=UP OverSubscribe=EXCLUSIVE
EOF2
}

start() {
	for c in munged slurmctld slurmd sinfo sbatch srun; do
		command -v "$c" >/dev/null || die "$c not found: run H5MPI_SLURM=1 scripts/deps.sh"
	done
	write_conf
	eval "$(envlines)"
	if ! running munged; then
		munged --force --key-file="$d/munge/munge.key" --socket="$d/munge/munge.sock" \
			--pid-file="$d/munged.pid" --log-file="$d/munged.log" --seed-file="$d/munge/munge.seed" ||
			die "munged did not start: see $d/munged.log"
	fi
	if ! running slurmctld; then
		slurmctld -f "$conf" || die "slurmctld did not start: see $d/slurmctld.log"
	fi
	if ! running slurmd; then
		slurmd -f "$conf" -N "$host" || die "slurmd did not start: see $d/slurmd.log"
	fi
	local i p
	for i in $(seq 60); do
		# A daemon that died (say, its port held by another Slurm) is
		# reported at once, not after the whole wait. The first seconds
		# are left for the pid files to appear.
		for p in slurmctld slurmd; do
			if [ "$i" -gt 3 ] && ! running "$p"; then
				die "$p is not running: $(grep -E 'fatal|error' "$d/$p.log" | tail -n 1)"
			fi
		done
		# One line per partition the node is in: the state is the same.
		state=$(sinfo -h -N -n "$host" -o %T 2>/dev/null | head -n 1 || true)
		case "$state" in
		idle | idle~ | mixed | allocated) echo "slurm-local: node $host $state ($(nproc) CPUs); eval \"\$(scripts/slurm-local.sh env)\" to use it"; return 0 ;;
		down* | drain*) scontrol update nodename="$host" state=resume 2>/dev/null || true ;;
		esac
		sleep 1
	done
	die "node $host not idle after 60 s (state: ${state:-none}); see $d/slurmctld.log and $d/slurmd.log"
}

stop() {
	local p pid
	for p in slurmd slurmctld munged; do
		if pid=$(pidof_ "$p") && kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null || true
			for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
			if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
		fi
		rm -f "$d/$p.pid"
	done
	echo "slurm-local: stopped"
}

status() {
	local p rc=0
	for p in munged slurmctld slurmd; do
		if running "$p"; then echo "$p: running (pid $(pidof_ "$p"))"; else echo "$p: not running"; rc=1; fi
	done
	[ -f "$conf" ] && SLURM_CONF=$conf sinfo 2>/dev/null || true
	return $rc
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
env) envlines ;;
*) echo "usage: scripts/slurm-local.sh start|stop|status|env" >&2; exit 2 ;;
esac
