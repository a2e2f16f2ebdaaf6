package outfile

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/h5mpi/h5mpi/internal/sysres"
)

// Holder is what a lock file records of the run that holds it.
type Holder struct {
	Path  string    // the output, absolute
	Host  string    // host name
	Boot  string    // the host's boot id: a pid means nothing across boots
	PID   int       // the holding process
	Start string    // the process's start time in clock ticks since boot (/proc/PID/stat)
	Job   string    // SLURM_JOB_ID, if any
	Since time.Time // when the lock was taken
	Token string
	Touch time.Time // the lock file's modification time: the last heartbeat
}

const lockMagic = "h5mpi output lock"

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
		Path: abs, Host: host, Boot: bootID(), PID: os.Getpid(), Start: procStart(os.Getpid()),
		Job: os.Getenv("SLURM_JOB_ID"), Since: time.Now(), Token: tok,
	}, nil
}

func (h Holder) encode() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\npath %s\nhost %s\nboot %s\npid %d\nstart %s\njob %s\nsince %s\ntoken %s\n",
		lockMagic, h.Path, h.Host, h.Boot, h.PID, h.Start, h.Job, h.Since.UTC().Format(time.RFC3339Nano), h.Token)
	return []byte(b.String())
}

// createLock creates the lock file exclusively, written in full before
// anyone can judge it: it is written under a private name and hard-linked
// into place, which fails if the lock exists.
func createLock(lock string, h Holder) error {
	tmp := lock + ".new-" + h.Token
	defer os.Remove(tmp)
	if err := os.WriteFile(tmp, h.encode(), 0o644); err != nil {
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

func readLock(lock string) (Holder, error) {
	f, err := os.Open(lock)
	if err != nil {
		return Holder{}, err
	}
	defer f.Close()
	var h Holder
	sc := bufio.NewScanner(f)
	if !sc.Scan() || sc.Text() != lockMagic {
		return h, fmt.Errorf("%s: not an h5mpi lock file", lock)
	}
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), " ")
		switch k {
		case "path":
			h.Path = v
		case "host":
			h.Host = v
		case "boot":
			h.Boot = v
		case "pid":
			h.PID, _ = strconv.Atoi(v)
		case "start":
			h.Start = v
		case "job":
			h.Job = v
		case "since":
			h.Since, _ = time.Parse(time.RFC3339Nano, v)
		case "token":
			h.Token = v
		}
	}
	if h.Token == "" || h.PID <= 0 {
		return h, fmt.Errorf("%s: incomplete lock file", lock)
	}
	if fi, err := f.Stat(); err == nil {
		h.Touch = fi.ModTime()
	}
	return h, nil
}

// judge reads the lock and tells whether its holder is gone. A lock that
// cannot be parsed (a crash while it was written cannot leave one: it is
// linked into place whole) counts as stale once it is StaleAfter old.
func judge(lock string) (Holder, bool, error) {
	h, err := readLock(lock)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return h, false, err
		}
		fi, serr := os.Stat(lock)
		if serr != nil {
			return h, false, serr
		}
		h.Host, h.Since = "unknown", fi.ModTime()
		return h, time.Since(fi.ModTime()) > StaleAfter, nil
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
