package outfile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/h5mpi/h5mpi/internal/sysres"
)

// Holder is what a lock file records of the run that holds it, as one
// JSON object (any path can be held, newlines included).
type Holder struct {
	Format string    `json:"format"` // lockFormat: what the file is
	Path   string    `json:"path"`   // the output, absolute
	Host   string    `json:"host"`   // host name
	Boot   string    `json:"boot"`   // the host's boot id: a pid means nothing across boots
	PID    int       `json:"pid"`    // the holding process
	Start  string    `json:"start"`  // the process's start time in clock ticks since boot (/proc/PID/stat)
	Job    string    `json:"job"`    // SLURM_JOB_ID, if any
	Since  time.Time `json:"since"`  // when the lock was taken
	Token  string    `json:"token"`
	Touch  time.Time `json:"-"` // the lock file's modification time: the last heartbeat
	Bad    string    `json:"-"` // set when the lock cannot be parsed: what is wrong with it ("is empty")
}

const lockFormat = "h5mpi output lock"

func self(path, tok string) (Holder, error) {
	host, err := os.Hostname()
	if err != nil {
		return Holder{}, fmt.Errorf("lock: host name: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return Holder{
		Format: lockFormat, Path: abs, Host: host, Boot: bootID(), PID: os.Getpid(), Start: procStart(os.Getpid()),
		Job: os.Getenv("SLURM_JOB_ID"), Since: time.Now(), Token: tok,
	}, nil
}

func (h Holder) encode() []byte {
	h.Format = lockFormat
	h.Since = h.Since.UTC()
	b, err := json.Marshal(h)
	if err != nil {
		panic(err) // strings, an int and a time: always encodable
	}
	return append(b, '\n')
}

// createLock creates the lock file exclusively, written in full before
// anyone can judge it: it is written under a private name and hard-linked
// into place, which fails if the lock exists.
func createLock(lock string, h Holder) error {
	tmp := lock + ".new-" + h.Token
	defer os.Remove(tmp)
	if err := writeSynced(tmp, h.encode()); err != nil {
		return sysres.DiskFull(lock, err)
	}
	err := os.Link(tmp, lock)
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	if errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.ENOTSUP) {
		// No hard links here: an exclusive create, written at once.
		return createExcl(lock, h.encode())
	}
	return err
}

// writeSynced writes a new file and syncs it before it is linked into
// place: a host that crashes right after leaves a whole lock, not an
// empty one (which only ageing can clear).
func writeSynced(name string, b []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func createExcl(name string, b []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return pe.Err
		}
		return err
	}
	_, werr := f.Write(b)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(name)
	}
	return werr
}

// lockMax bounds what readLock reads: a lock file is a few hundred bytes.
const lockMax = 64 << 10

// badLockError is a regular file at the lock's name that does not parse
// as a lock: empty (a host that crashed before the lock's data reached
// its disk), truncated, or something else. It has no holder to ask, only
// an age.
type badLockError struct {
	lock, why string
}

func (e *badLockError) Error() string { return e.lock + " " + e.why }

// readLock reads the lock file. What is not a regular file there is a
// *NotRegularError: it is never opened for long enough to block (a FIFO,
// a device) or followed (a symbolic link). A regular file that does not
// parse is a *badLockError, with the Holder's Since and Touch its
// modification time and its Token standing for this very file (inode,
// size and time), so that a takeover removes it only if unchanged.
func readLock(lock string) (Holder, error) {
	if err := Regular(lock, "an h5mpi lock file"); err != nil {
		return Holder{}, err
	}
	f, err := os.OpenFile(lock, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return Holder{}, Regular(lock, "an h5mpi lock file")
		}
		return Holder{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Holder{}, err
	}
	if !fi.Mode().IsRegular() {
		return Holder{}, &NotRegularError{Path: lock, Mode: fi.Mode(), What: "an h5mpi lock file"}
	}
	b, err := io.ReadAll(io.LimitReader(f, lockMax))
	if err != nil {
		return Holder{}, err
	}
	h, why := parseLock(b)
	h.Touch = fi.ModTime()
	if why != "" {
		h = Holder{Since: fi.ModTime(), Touch: fi.ModTime(), Token: fileToken(fi)}
		return h, &badLockError{lock: lock, why: why}
	}
	return h, nil
}

// parseLock parses a lock file's contents; why says what is wrong with
// them, or is "".
func parseLock(b []byte) (h Holder, why string) {
	if len(b) == 0 {
		return h, "is empty"
	}
	if err := json.Unmarshal(b, &h); err != nil || h.Format != lockFormat {
		first, _, _ := strings.Cut(string(b), "\n")
		if len(first) > 32 {
			first = first[:32] + "..."
		}
		return Holder{}, fmt.Sprintf("is not an h5mpi lock file (it begins %q)", first)
	}
	if h.Token == "" || h.PID <= 0 {
		return h, "is incomplete (it records no token or no pid)"
	}
	return h, ""
}

// fileToken stands for one version of one file: its inode, size and
// modification time.
func fileToken(fi os.FileInfo) string {
	var ino uint64
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		ino = st.Ino
	}
	return fmt.Sprintf("unparsable-%x-%x-%x", ino, fi.Size(), fi.ModTime().UnixNano())
}

// judge reads the lock and tells whether its holder is gone. A lock that
// is a regular file but cannot be parsed (empty, as a host that crashed
// before its data reached the disk leaves it) has no holder to ask: it
// counts as stale once it has gone StaleAfter untouched, and comes back
// with h.Bad saying what is wrong with it. What is not a regular file is
// an error: never a lock, never taken over.
func judge(lock string) (Holder, bool, error) {
	h, err := readLock(lock)
	var bad *badLockError
	if errors.As(err, &bad) {
		h.Bad = bad.why
		return h, time.Since(h.Touch) > StaleAfter, nil
	}
	if err != nil {
		return h, false, err
	}
	host, _ := os.Hostname()
	if h.Host == host && h.Boot == bootID() {
		return h, !alive(h.PID, h.Start), nil
	}
	return h, time.Since(h.Touch) > StaleAfter, nil
}

// alive reports whether pid runs and is the process that started at
// start (so a reused pid is not taken for the holder). A zombie, killed
// but not yet reaped by its launcher, is not alive.
func alive(pid int, start string) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	state, s := procStat(pid)
	if state == "Z" || state == "X" {
		return false
	}
	if s != "" && start != "" && s != start {
		return false
	}
	return true
}

// procStart is field 22 of /proc/PID/stat (start time in clock ticks after
// boot), or "" if it cannot be read.
func procStart(pid int) string {
	_, start := procStat(pid)
	return start
}

// procStat returns fields 3 (the state: R, S, Z...) and 22 (start time)
// of /proc/PID/stat, or "" for what cannot be read.
func procStat(pid int) (state, start string) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "", ""
	}
	// The command name (field 2) may hold spaces and parentheses: count
	// from the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return "", ""
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 20 {
		return "", ""
	}
	return f[0], f[19] // fields after ')' start at field 3
}

func bootID() string {
	b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
