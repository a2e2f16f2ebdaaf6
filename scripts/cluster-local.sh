#!/usr/bin/env bash
# Usage: scripts/cluster-local.sh start [NODES] | stop | status | env | kill NODE | cut NODE | exec NODE CMD... | ps NODE
#
# A real multi-node Slurm cluster on this machine, out of Linux namespaces:
# NODES (default 3) compute nodes node1..nodeN and a head node (slurmctld).
# Each node is a network namespace (ip netns h5c-NAME) with its own
# address on a private /24 (H5MPI_CLUSTER_NET, default 10.77.13: head .1,
# nodeK .(10+K)), joined to the others by a veth pair on the bridge
# h5c-br, plus a UTS namespace (its own hostname) and a mount namespace
# holding its own /tmp, /dev/shm and /etc/hosts (the cluster's names).
# Everything else, the repository and the job directories included, is
# the machine's file system: shared by every node, as a parallel file
# system is. Traffic uses only these addresses and loopback; the machine
# reaches the cluster through the bridge's address (.254), which is how
# sbatch, srun and squeue run from here.
#
# munged runs on the machine (its socket is a file, seen by all nodes),
# slurmctld on the head, one slurmd per node (NodeName = the hostname,
# its own spool, pid and log file), all from Debian's packages (installed
# by H5MPI_CLUSTER=1 scripts/deps.sh). Configuration, state and logs live
# under build/cluster/. The daemons use Slurm's standard ports inside
# their own namespaces, none of the machine's. `start 1` makes a one-node
# cluster, `start` a three-node one.
#
#   start [NODES]  builds the namespaces, starts the daemons and waits
#                  until every node is idle; does nothing if the cluster
#                  runs already with NODES nodes; after an unclean stop it
#                  clears what is left first
#   stop           ends every process in the cluster's namespaces and
#                  munged (by its pid file), removes the namespaces, the
#                  links and the bridge; the mounts go with the namespaces
#   status         which daemons run, and sinfo
#   env            the export lines a shell needs to use this cluster:
#                  eval "$(scripts/cluster-local.sh env)"
#   kill NODE      SIGKILLs everything running on NODE (slurmd, its job
#                  steps, their ranks): a lost node. start brings it back.
#   cut NODE       takes NODE's link down: a node that stops answering,
#                  its processes running on. start mends it.
#   exec NODE CMD  runs CMD on NODE (its namespaces), as root
#   ps NODE        lists the processes running on NODE (pid and command)
#
# Nodes have the machine's CPUs and jobs get whole nodes, as on Frontier;
# srun may start more ranks than CPUs (SLURM_OVERCOMMIT), and binds tasks
# to CPUs only when asked (--cpu-bind: task/affinity with no binding by
# default, so that hello's binding check sees what was asked for). Open MPI starts
# under srun through PMIx (the default plugin), MPICH through PMI-2
# (slurm/common.sh chooses); both talk TCP between nodes over the bridge,
# and the env lines restrict Open MPI to the cluster's subnet and have
# its idle ranks yield the CPU, as mpirun does on a node it knows to be
# oversubscribed (srun does not tell Open MPI that a node runs more ranks
# than CPUs: a 42-rank job on one node took 4 to 7 times longer with its
# ranks spinning). The
# partitions, both over every node, are named as on no real site (local,
# the default, and other), so that a script naming a partition fails
# here as it would on a site without that name.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
d=${H5MPI_CLUSTER_DIR:-$root/build/cluster}
net=${H5MPI_CLUSTER_NET:-10.77.13}
conf=$d/slurm.conf
br=h5c-br

die() { echo "cluster-local: $*" >&2; exit 1; }
say() { echo "cluster-local: $*"; }

# The node count of the cluster built last (start writes it).
nodes_now() { cat "$d/nodes" 2>/dev/null || echo 0; }
names() { local n=$1 i; echo head; for i in $(seq "$n"); do echo "node$i"; done; }
addr() { case $1 in head) echo "$net.1" ;; node*) echo "$net.$((10 + ${1#node}))" ;; esac; }

envlines() {
	cat <<EOF2
export SLURM_CONF=$conf
export SLURM_OVERCOMMIT=1
export SBATCH_OVERCOMMIT=1
export PMIX_MCA_gds=hash
export PMIX_MCA_psec=native
export OMPI_MCA_btl_tcp_if_include=$net.0/24
export OMPI_MCA_oob_tcp_if_include=$net.0/24
export OMPI_MCA_mpi_yield_when_idle=1
EOF2
}

# alive PID: PID runs (a zombie, killed but not yet reaped, does not).
alive() {
	local st
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) && [ -n "$st" ] && [ "$st" != Z ]
}
# holder NAME: the pid of the process that holds NAME's UTS and mount
# namespaces (a sleep, started by start), if it runs.
holder() {
	local pid
	pid=$(cat "$d/$1/holder.pid" 2>/dev/null) && alive "$pid" && echo "$pid"
}
# on NAME CMD...: CMD in NAME's namespaces.
on() {
	local pid
	pid=$(holder "$1") || die "node $1 is not up: scripts/cluster-local.sh start"
	shift
	nsenter -t "$pid" --net --uts --mount -- "$@"
}
pidfile_running() { local pid; pid=$(cat "$1" 2>/dev/null) && alive "$pid"; }
daemon_running() {
	case $1 in
	munged) pidfile_running "$d/munged.pid" ;;
	slurmctld) pidfile_running "$d/slurmctld.pid" ;;
	slurmd@*) pidfile_running "$d/${1#slurmd@}/slurmd.pid" ;;
	esac
}

write_conf() {
	local n=$1 name cpus
	cpus=$(nproc)
	mkdir -p "$d/state" "$d/munge"
	chmod 700 "$d/munge"
	if [ ! -f "$d/munge/munge.key" ]; then
		dd if=/dev/urandom of="$d/munge/munge.key" bs=1024 count=1 status=none
		chmod 400 "$d/munge/munge.key"
	fi
	{
		echo "127.0.0.1 localhost"
		for name in $(names "$n"); do echo "$(addr "$name") $name"; done
	} >"$d/hosts"
	{
		cat <<EOF2
# Written by scripts/cluster-local.sh: a $n-node test cluster in namespaces.
ClusterName=h5mpi-cluster
SlurmctldHost=head($(addr head))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$d/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/%n/spool
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/%n/slurmd.pid
SlurmctldLogFile=$d/slurmctld.log
SlurmdLogFile=$d/%n/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
TaskPluginParam=None
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
# A node that stops answering is DOWN after 20 s (slurmctld pings every
# third of that; a node whose 2 CPUs run 14 busy ranks still answers
# within it, with the cluster's jobs run one at a time), and its jobs end
# (NODE_FAIL) rather than wait to be requeued: a resumed run is the
# user's choice.
SlurmdTimeout=20
JobRequeue=0
InactiveLimit=0
KillWait=5
EOF2
		for name in $(names "$n" | tail -n +2); do
			echo "NodeName=$name NodeAddr=$(addr "$name") CPUs=$cpus State=UNKNOWN"
		done
		echo "PartitionName=local Nodes=node[1-$n] Default=YES MaxTime=INFINITE State=UP OverSubscribe=EXCLUSIVE"
		echo "PartitionName=other Nodes=node[1-$n] Default=NO MaxTime=INFINITE State=UP OverSubscribe=EXCLUSIVE"
	} >"$conf"
}

# mknode NAME: its network namespace, veth pair on the bridge, and the
# holder of its UTS and mount namespaces.
mknode() {
	local name=$1 a
	a=$(addr "$name")
	# A new node: nothing of an old one's jobs (stale PMIx sockets in the
	# spool would fail steps of the same id).
	rm -rf "$d/$name/spool" "$d/$name/tmp"
	mkdir -p "$d/$name/tmp" "$d/$name/spool"
	chmod 1777 "$d/$name/tmp"
	# Open MPI's ranks make the top of their session directory
	# (ompi.HOST.UID) when it is missing and remove it once empty: kept
	# non-empty, two jobs in a row never race for it.
	mkdir -p "$d/$name/tmp/ompi.$name.$(id -u)/h5mpi-keep"
	ip netns add "h5c-$name"
	ip link add "h5c-$name" type veth peer name eth0 netns "h5c-$name"
	ip link set "h5c-$name" master "$br" up
	ip -n "h5c-$name" addr add "$a/24" dev eth0
	ip -n "h5c-$name" link set lo up
	ip -n "h5c-$name" link set eth0 up
	rm -f "$d/$name/holder.pid"
	# The holder's mount namespace is a copy of the machine's (not ip
	# netns exec's, whose fresh /sys lacks the cgroup mounts slurmd
	# needs); the mounts it makes are private to the node and vanish
	# with it.
	# The repository stays visible at its path even when it lives under
	# /tmp (a clone there): the machine's /tmp is kept aside first, and
	# the repository bound back into the node's own /tmp.
	setsid unshare --uts --mount --propagation private -- nsenter --net="/run/netns/h5c-$name" -- /bin/sh -c '
		hostname "$1"
		mount --bind "$3" /etc/hosts
		case $5 in /tmp/*)
			mkdir -p /run/h5c-machine-tmp
			mount --bind /tmp /run/h5c-machine-tmp ;;
		esac
		mount --bind "$2" /tmp
		case $5 in /tmp/*)
			mkdir -p "$5"
			mount --bind "/run/h5c-machine-tmp/${5#/tmp/}" "$5" ;;
		esac
		mount -t tmpfs -o mode=1777,size=1g tmpfs /dev/shm
		echo $$ >"$4"
		exec sleep infinity' sh "$name" "$d/$name/tmp" "$d/hosts" "$d/$name/holder.pid" "$root" \
		</dev/null >>"$d/$name/holder.log" 2>&1 &
	local i
	for i in $(seq 50); do
		holder "$name" >/dev/null && return 0
		sleep 0.1
	done
	die "node $name: its namespace holder did not start; see $d/$name/holder.log"
}

start() {
	local n=${1:-3} c name i state
	[[ $n =~ ^[1-9][0-9]?$ ]] || die "NODES=$n: want 1 to 99"
	[ "$(id -u)" = 0 ] || die "namespaces, bridges and slurmd need root"
	for c in ip unshare nsenter setsid munged slurmctld slurmd sinfo sbatch srun scontrol; do
		command -v "$c" >/dev/null || die "$c not found: run H5MPI_CLUSTER=1 scripts/deps.sh"
	done
	if [ "$(nodes_now)" != "$n" ] && up "$(nodes_now)"; then
		die "running with $(nodes_now) nodes, not $n: scripts/cluster-local.sh stop first"
	fi
	if [ "$(nodes_now)" = "$n" ] && up "$n"; then
		# Running: at most a lost node's slurmd to start again, or its
		# cut link to mend.
		eval "$(envlines)"
		for name in $(names "$n"); do ip link set "h5c-$name" up; done
		start_slurmds "$n"
		wait_idle "$n"
		return 0
	fi
	# Whatever an earlier start left (daemons, namespaces, links).
	teardown quiet
	if ip -4 -o addr show | grep -v " $br " | grep -q " inet $net\."; then
		die "$net.0/24 is in use on this machine: choose another with H5MPI_CLUSTER_NET"
	fi
	mkdir -p "$d"
	echo "$n" >"$d/nodes"
	rm -rf "$d/state" # a new cluster: no jobs of an old one
	write_conf "$n"
	ip link add "$br" type bridge
	ip addr add "$net.254/24" dev "$br"
	ip link set "$br" up
	for name in $(names "$n"); do mknode "$name"; done
	eval "$(envlines)"
	munged --force --key-file="$d/munge/munge.key" --socket="$d/munge/munge.sock" \
		--pid-file="$d/munged.pid" --log-file="$d/munged.log" --seed-file="$d/munge/munge.seed" \
		</dev/null >/dev/null 2>&1 || die "munged did not start: see $d/munged.log"
	on head slurmctld -f "$conf" </dev/null >/dev/null 2>&1 || die "slurmctld did not start: see $d/slurmctld.log"
	start_slurmds "$n"
	wait_idle "$n"
}

start_slurmds() {
	local name
	for name in $(names "$1" | tail -n +2); do
		daemon_running "slurmd@$name" && continue
		# A lost node comes back as after a reboot: an empty spool.
		rm -rf "$d/$name/spool"
		mkdir -p "$d/$name/spool"
		on "$name" slurmd -f "$conf" -N "$name" </dev/null >/dev/null 2>&1 ||
			die "slurmd on $name did not start: see $d/$name/slurmd.log"
	done
}

# up N: the cluster of N nodes stands: its namespaces, munged and
# slurmctld (slurmds may be missing).
up() {
	local n=$1 name
	[ "$n" -gt 0 ] || return 1
	daemon_running munged && daemon_running slurmctld || return 1
	for name in $(names "$n"); do
		holder "$name" >/dev/null || return 1
	done
}

wait_idle() {
	local n=$1 i states bad name
	for i in $(seq 90); do
		if [ "$i" -gt 3 ]; then
			daemon_running slurmctld || die "slurmctld is not running: $(grep -E 'fatal|error' "$d/slurmctld.log" | tail -n 1)"
			for name in $(names "$n" | tail -n +2); do
				daemon_running "slurmd@$name" || die "slurmd on $name is not running: $(grep -E 'fatal|error' "$d/$name/slurmd.log" | tail -n 1)"
			done
		fi
		# One line per node and partition: the state is the node's.
		states=$(sinfo -h -N -o '%N %T' 2>/dev/null | sort -u || true)
		bad=$(echo "$states" | awk '$2 !~ /^(idle|mixed|allocated)$/' || true)
		if [ -n "$states" ] && [ -z "$bad" ] && [ "$(echo "$states" | wc -l)" = "$n" ]; then
			say "$n nodes idle (node1..node$n, $(nproc) CPUs each, on $net.0/24); eval \"\$(scripts/cluster-local.sh env)\" to use them"
			return 0
		fi
		# A node that was lost and is back: return it to service.
		for name in $(echo "$bad" | awk '$2 ~ /^(down|drain)/ {print $1}'); do
			scontrol update nodename="$name" state=resume 2>/dev/null || true
		done
		sleep 1
	done
	die "nodes not idle after 90 s: $(echo "$states" | tr '\n' ' '); see $d/slurmctld.log and $d/node*/slurmd.log"
}

# teardown [quiet]: ends every process in the cluster's namespaces (all
# of them started by start or by its jobs) and munged, and removes the
# namespaces, the veth pairs and the bridge.
teardown() {
	local ns pids pid i
	for ns in $(ip netns list 2>/dev/null | awk '$1 ~ /^h5c-/ {print $1}'); do
		pids=$(ip netns pids "$ns" 2>/dev/null || true)
		[ -z "$pids" ] || kill $pids 2>/dev/null || true
	done
	for i in $(seq 20); do
		pids=$(for ns in $(ip netns list 2>/dev/null | awk '$1 ~ /^h5c-/ {print $1}'); do ip netns pids "$ns"; done 2>/dev/null || true)
		[ -n "$pids" ] || break
		[ "$i" -lt 20 ] && sleep 0.5 || kill -9 $pids 2>/dev/null || true
	done
	if pid=$(cat "$d/munged.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || true
		for i in $(seq 20); do alive "$pid" || break; sleep 0.25; done
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -f "$d/munged.pid" "$d/slurmctld.pid" "$d"/*/slurmd.pid "$d"/*/holder.pid
	for ns in $(ip netns list 2>/dev/null | awk '$1 ~ /^h5c-/ {print $1}'); do
		ip netns del "$ns" 2>/dev/null || true
		ip link del "$ns" 2>/dev/null || true # its veth end, if left
	done
	ip link del "$br" 2>/dev/null || true
	[ "${1:-}" = quiet ] || say "stopped"
}

status() {
	local n name rc=0
	n=$(nodes_now)
	for name in munged slurmctld; do
		if daemon_running "$name"; then echo "$name: running"; else echo "$name: not running"; rc=1; fi
	done
	for name in $(names "$n" | tail -n +2); do
		if daemon_running "slurmd@$name"; then echo "slurmd on $name: running"; else echo "slurmd on $name: not running"; rc=1; fi
	done
	[ -f "$conf" ] && SLURM_CONF=$conf timeout 10 sinfo -N 2>/dev/null || true
	return $rc
}

# lose NODE: SIGKILL all that runs on NODE but its namespace holder.
lose() {
	local name=$1 pids hp
	[[ $name =~ ^node[0-9]+$ ]] || die "kill: want a node name (node1...), not $name"
	hp=$(holder "$name") || die "node $name is not up"
	pids=$(ip netns pids "h5c-$name" | grep -vx "$hp" || true)
	[ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
	say "$name: killed $(echo $pids | wc -w) processes"
}

# procs NODE: pid and command name of what runs on NODE, its namespace
# holder aside (all nodes share the machine's process table).
procs() {
	local hp p
	hp=$(holder "$1") || die "node $1 is not up"
	for p in $(ip netns pids "h5c-$1"); do
		[ "$p" = "$hp" ] || echo "$p $(cat "/proc/$p/comm" 2>/dev/null)"
	done
}

# cut_link NODE: NODE's end of its veth pair down.
cut_link() {
	[[ ${1:-} =~ ^node[0-9]+$ ]] || die "cut: want a node name (node1...), not ${1:-nothing}"
	holder "$1" >/dev/null || die "node $1 is not up"
	ip link set "h5c-$1" down
	say "$1: link cut"
}

case "${1:-}" in
ps) procs "${2:-}" ;;
cut) cut_link "${2:-}" ;;
start) start "${2:-3}" ;;
stop) teardown ;;
status) status ;;
env) envlines ;;
kill) lose "${2:-}" ;;
exec)
	[ $# -ge 3 ] || die "usage: scripts/cluster-local.sh exec NODE CMD..."
	name=$2
	shift 2
	on "$name" "$@"
	;;
*) echo "usage: scripts/cluster-local.sh start [NODES]|stop|status|env|kill NODE|cut NODE|exec NODE CMD...|ps NODE" >&2; exit 2 ;;
esac
