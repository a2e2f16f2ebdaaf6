// Package outfile gives each h5mpi run sole use of the output files it
// writes, so that two runs aimed at one name never write into one file
// and the final name only ever holds one run's complete file.
//
// A run claims an output NAME by creating NAME.lock exclusively (O_EXCL,
// atomic on local and parallel file systems alike). The lock records who
// holds it (host, pid, Slurm job, since when) and a random token. The data
// goes to NAME.partial, which only the holder of the lock creates, and
// Commit renames it to NAME after checking the lock still carries the
// run's token. A second run aimed at NAME is refused at once with a
// message naming the first.
//
// A lock left by a run that died (SIGKILL, a lost node) is stale and is
// taken over, with its partial file, by the next run:
//
//   - on the host that wrote it, as soon as its process is gone (the pid
//     is not running, or runs another program: its start time differs);
//   - from another host, once it has gone StaleAfter without a heartbeat:
//     the holder touches the lock every Heartbeat while it runs.
//
// Of runs that find one stale lock at once, only the one that creates
// NAME.lock.takeover-TOKEN exclusively removes it, after reading it again:
// the others wait and then see the winner's new lock, so exactly one run
// holds NAME (TestRace: 16 racers, free and stale lock).
//
// A lock that is a regular file but cannot be parsed (empty, as a host
// that crashed before its data reached the disk leaves it; truncated;
// garbage) has no holder to ask: it is reported as what it is, with its
// age, and taken over once it has gone StaleAfter untouched, only if it
// is still the same file then. What is not a regular file at NAME.lock
// (a directory, even an empty one; a FIFO; a device; a symbolic link) is
// no lock h5mpi makes: it is refused, named, and never removed, and it
// is never opened in a way that could block. Likewise NAME and, to
// resume, NAME.partial must be regular files if they exist: a symbolic
// link at NAME would be replaced by the commit's rename, not written
// through.
//
// A run held up beyond StaleAfter (stopped, cut off) may find its lock
// taken over: it checks its claim before it reserves, closes or commits
// (pio.File.Held, Claim.Lost) and fails naming the run that holds it,
// leaving that run's files alone.
//
// Taking over unlinks the stale partial before a new one is created, so a
// rank orphaned by a dead launcher writes on, if at all, into the unlinked
// file, never into the new run's.
package outfile
