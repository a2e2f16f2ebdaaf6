// Package sysres works out whether a run fits the machine before it starts:
// the memory one rank may use and the free space of the output's file
// system, so that a program can refuse, in one line, what cannot fit
// instead of being killed by the OOM killer or leaving half a file behind.
//
// Memory is bounded by the smallest of physical memory, the cgroup limit
// (v2 memory.max or v1 memory.limit_in_bytes, the tightest along the
// process's cgroup and its ancestors) and RLIMIT_AS. The node-wide limits
// are shared by the ranks on the node, whose number comes from the MPI
// launcher's environment (launch.LocalSize).
//
// Disk space is the free space of the file system that will hold the
// output, found through /proc/self/mountinfo and statfs. DiskFull and
// Reserve turn a full disk into a message naming that file system and its
// free space.
//
// On Lustre, LustreLayout reads the striping a file was given (its
// lustre.lov attribute, decoded by ParseLustreLayout), so that a program
// can check it got the layout it asked for; OnLustre says whether a path
// is on Lustre, and if not, what it is on.
//
// DropCache evicts a file from the node's page cache (fsync, then
// posix_fadvise POSIX_FADV_DONTNEED), so that a benchmark's read-back
// comes from storage.
//
// The package reads Linux's /proc and /sys and uses Linux system calls
// (sysinfo, statfs, fallocate, getxattr, fadvise64); it is Linux only, like the clusters it is
// meant for.
package sysres
