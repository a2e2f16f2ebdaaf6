package outfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"sync"
	"time"
)

// Suffixes of the files that stand beside an output while it is written.
const (
	PartialSuffix = ".partial"
	LockSuffix    = ".lock"
)

// maxTries bounds how often Take tries again when the lock changes under
// it (released, or taken over by a racing run).
const maxTries = 50

// Heartbeat is how often a holder touches its lock; StaleAfter is how long
// a lock held from another host may go untouched before it is taken over.
var (
	Heartbeat  = 10 * time.Second
	StaleAfter = 60 * time.Second
)

// Claim is one run's hold on an output file.
type Claim struct {
	Path    string // final name
	Partial string // Path + PartialSuffix: where the data goes
	Lock    string // Path + LockSuffix
	Token   string // identifies this run's lock

	owner bool // this process created the lock (and its heartbeat)
	kept  bool // the partial is a checkpoint: abandoning leaves it
	stop  chan struct{}
	done  bool
}

// BusyError is a refusal: another live run holds the output.
type BusyError struct {
	Path   string
	Holder Holder
}

func (e *BusyError) Error() string {
	h := e.Holder
	if h.Bad != "" {
		age := time.Since(h.Touch).Round(time.Second)
		return fmt.Sprintf("%s: its lock %s %s, last modified %s (%v ago): refused, as a run may be writing it still; "+
			"it is taken over by the next run once it is %v old (in %v), or remove it if no run writes %s",
			e.Path, e.Path+LockSuffix, h.Bad, h.Touch.UTC().Format(time.RFC3339), age, StaleAfter,
			max(0, StaleAfter-age).Round(time.Second), e.Path)
	}
	who := fmt.Sprintf("host %s, pid %d", h.Host, h.PID)
	if h.Job != "" {
		who += ", Slurm job " + h.Job
	}
	ago := time.Since(h.Since).Round(time.Second)
	return fmt.Sprintf("%s is being written by another run (%s, since %s, %v ago): refused. "+
		"If that run is gone, the next run takes over its lock %s: on %s as soon as its process has ended, elsewhere after %v without a heartbeat",
		e.Path, who, h.Since.UTC().Format(time.RFC3339), ago, e.Path+LockSuffix, h.Host, StaleAfter)
}

// Take claims path for this process: it creates path.lock exclusively,
// taking over a stale one, and removes any partial file left by an
// earlier run. It refuses with a *BusyError while another live run holds
// path. The claim is registered for AbandonAll.
func Take(path string) (*Claim, error) { return take(path, false) }

// Resume claims path as Take does, to finish the partial file that an
// earlier run left: it keeps path.partial, which must exist, and the
// claim is Kept from the start.
func Resume(path string) (*Claim, error) { return take(path, true) }

func take(path string, resume bool) (*Claim, error) {
	// The commit renames over path: a link there would be replaced, not
	// written through, and anything else but a file is not an output.
	if err := Regular(path, "a regular file to replace: name a file"); err != nil {
		return nil, fmt.Errorf("claim %s: %w", path, err)
	}
	tok, err := newToken()
	if err != nil {
		return nil, err
	}
	c := newClaim(path, tok)
	me, err := self(path, tok)
	if err != nil {
		return nil, err
	}
	for try := 0; ; try++ {
		err := createLock(c.Lock, me)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("claim %s: %w", path, err)
		}
		h, stale, err := judge(c.Lock)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && try < maxTries {
				continue // released meanwhile: try again
			}
			var nr *NotRegularError
			if errors.As(err, &nr) {
				return nil, fmt.Errorf("claim %s: %w: refused (no run of h5mpi makes one; remove it to write %s)", path, err, path)
			}
			return nil, fmt.Errorf("claim %s: %w", path, err)
		}
		if !stale || try >= maxTries {
			return nil, &BusyError{Path: path, Holder: h}
		}
		if err := takeOver(c.Lock, h); err != nil {
			if !errors.Is(err, errContended) {
				return nil, err
			}
			time.Sleep(time.Duration(1+try) * time.Millisecond)
		}
	}
	if resume {
		// HDF5 opens the partial file read-write: a FIFO would block it
		// in open(2), a link would have it write elsewhere.
		fi, err := os.Lstat(c.Partial)
		if err == nil && !fi.Mode().IsRegular() {
			err = &NotRegularError{Path: c.Partial, Mode: fi.Mode(), What: "a partial file to resume"}
		}
		if err != nil {
			os.Remove(c.Lock)
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("resume %s: there is no %s to resume", path, c.Partial)
			}
			return nil, fmt.Errorf("resume %s: %w", path, err)
		}
		c.kept = true
	} else if err := os.Remove(c.Partial); err != nil && !errors.Is(err, fs.ErrNotExist) {
		// Ours now: a partial left by a dead run is unlinked, not
		// truncated, so a straggling writer of the old one cannot reach
		// the new one.
		os.Remove(c.Lock)
		return nil, fmt.Errorf("claim %s: remove stale %s: %w", path, c.Partial, err)
	}
	c.owner = true
	c.stop = make(chan struct{})
	go c.beat()
	register(c)
	return c, nil
}

// Join records, on another rank of the same job, the claim that the
// holder (rank 0) took with token tok, so that this rank too can abandon
// it on a signal. It touches no file.
func Join(path, tok string) *Claim {
	c := newClaim(path, tok)
	register(c)
	return c
}

func newClaim(path, tok string) *Claim {
	return &Claim{Path: path, Partial: path + PartialSuffix, Lock: path + LockSuffix, Token: tok}
}

// Held reports whether the lock on disk still carries this claim's token.
func (c *Claim) Held() bool {
	h, err := readLock(c.Lock)
	return err == nil && h.Token == c.Token
}

// Commit renames the partial file to the final name and releases the
// lock. It refuses, renaming nothing, if the lock is no longer this run's.
// Only the holder commits.
func (c *Claim) Commit() error {
	if !c.owner {
		return fmt.Errorf("commit %s: not the holder of its lock", c.Path)
	}
	h, err := readLock(c.Lock)
	if err != nil || h.Token != c.Token {
		c.finish()
		return fmt.Errorf("commit %s: the lock %s is no longer this run's (taken over%s): %s left as it was",
			c.Path, c.Lock, holderNote(h, err), c.Path)
	}
	if err := Regular(c.Path, "a regular file to replace"); err != nil {
		said := c.Abandon()
		return fmt.Errorf("commit %s: %w: not replaced%s", c.Path, err, said)
	}
	if err := os.Rename(c.Partial, c.Path); err != nil {
		c.Abandon()
		return fmt.Errorf("commit %s: %w", c.Path, err)
	}
	c.finish()
	os.Remove(c.Lock)
	return nil
}

func holderNote(h Holder, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return ", the lock since removed"
	case err != nil:
		return ""
	case h.Job != "":
		return fmt.Sprintf(" by host %s, pid %d, Slurm job %s", h.Host, h.PID, h.Job)
	}
	return fmt.Sprintf(" by host %s, pid %d", h.Host, h.PID)
}

// Lost returns nil while the lock still carries this claim's token, and
// otherwise an error naming the run that took it over: a run held up
// beyond StaleAfter (stopped, its host cut off) must not go on to touch
// NAME.partial, which is now that run's. Only the holder asks.
func (c *Claim) Lost() error {
	h, err := readLock(c.Lock)
	if err == nil && h.Token == c.Token {
		return nil
	}
	return fmt.Errorf("%s: this run's lock %s was taken over%s (a run held up for longer than %v, stopped or cut off from its file system, is judged gone): %s and %s are that run's, left as they are",
		c.Path, c.Lock, holderNote(h, err), StaleAfter, c.Lock, c.Partial)
}

// Abandon removes the partial file and then the lock, but only while the
// lock is still this run's, so that a run that lost its claim never
// removes the next run's files. A Kept claim's partial file stays. It
// reports what it did (", removed NAME.partial", ", kept NAME.partial")
// for messages. Safe to call more than once, on any rank.
func (c *Claim) Abandon() string {
	if c.isDone() {
		return ""
	}
	c.finish()
	if !c.Held() {
		return ""
	}
	said := ""
	if c.isKept() {
		if _, err := os.Stat(c.Partial); err == nil {
			said = ", kept " + c.Partial + " to resume"
		}
	} else if os.Remove(c.Partial) == nil {
		said = ", removed " + c.Partial
	}
	os.Remove(c.Lock)
	return said
}

// Keep marks the partial file as a checkpoint worth resuming from: from
// now on Abandon leaves it and removes only the lock. Call it on every
// rank that joined the claim.
func (c *Claim) Keep() {
	reg.Lock()
	c.kept = true
	reg.Unlock()
}

func (c *Claim) isKept() bool {
	reg.Lock()
	defer reg.Unlock()
	return c.kept
}

// Release ends the claim leaving the partial file for a later Resume: it
// removes the lock while it is still this run's. Only the holder
// releases.
func (c *Claim) Release() error {
	if !c.owner {
		return fmt.Errorf("release %s: not the holder of its lock", c.Path)
	}
	c.finish()
	h, err := readLock(c.Lock)
	if err != nil || h.Token != c.Token {
		return fmt.Errorf("release %s: the lock %s is no longer this run's (taken over%s)", c.Path, c.Lock, holderNote(h, err))
	}
	os.Remove(c.Lock)
	return nil
}

// Forget drops the claim from the registry without touching any file:
// for ranks other than the holder once the holder has committed.
func (c *Claim) Forget() { c.finish() }

func (c *Claim) isDone() bool {
	reg.Lock()
	defer reg.Unlock()
	return c.done
}

func (c *Claim) finish() {
	reg.Lock()
	defer reg.Unlock()
	if c.done {
		return
	}
	c.done = true
	delete(reg.m, c)
	if c.stop != nil {
		close(c.stop)
	}
}

// beat touches the lock while the claim is held, so that hosts that
// cannot check the holder's pid see that it is alive.
func (c *Claim) beat() {
	t := time.NewTicker(Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case now := <-t.C:
			os.Chtimes(c.Lock, now, now)
		}
	}
}

var reg = struct {
	sync.Mutex
	m map[*Claim]bool
}{m: map[*Claim]bool{}}

func register(c *Claim) {
	reg.Lock()
	reg.m[c] = true
	reg.Unlock()
}

// AbandonAll abandons every claim of this process not yet committed and
// says what it removed: for a signal handler or a fatal error.
func AbandonAll() string {
	reg.Lock()
	cs := make([]*Claim, 0, len(reg.m))
	for c := range reg.m {
		cs = append(cs, c)
	}
	reg.Unlock()
	said := ""
	for _, c := range cs {
		said += c.Abandon()
	}
	return said
}

// Pending reports whether this process holds or has joined claims not
// yet committed or abandoned.
func Pending() bool {
	reg.Lock()
	defer reg.Unlock()
	return len(reg.m) > 0
}

func newToken() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("lock token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// TokenInt and TokenFromInt carry a token through an integer broadcast.
func TokenInt(tok string) (int, error) {
	v, err := strconv.ParseUint(tok, 16, 64)
	return int(v), err
}

func TokenFromInt(v int) string { return fmt.Sprintf("%016x", uint64(v)) }

// takeOver removes the stale lock h so that the caller may create its
// own. Of several runs that judged h stale at once, only the one that
// creates the marker NAME.lock.takeover-TOKEN exclusively may remove the
// lock, and only after reading it again and finding h's token still
// there: a lock created after h was judged is never removed. It returns
// errContended while another run is taking over.
func takeOver(lock string, h Holder) error {
	mark := lock + ".takeover-" + h.Token
	if err := createExcl(mark, nil); err != nil {
		if !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("take over stale lock %s: %w", lock, err)
		}
		// A taker that died between create and remove leaves its
		// marker; after a while it is only debris.
		if st, err := os.Stat(mark); err == nil && time.Since(st.ModTime()) > markStale {
			os.Remove(mark)
		}
		return errContended
	}
	defer os.Remove(mark)
	// An unparsable lock's token stands for the file as it was judged: it
	// is removed only if still the same file, unchanged.
	now, err := readLock(lock)
	var bad *badLockError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil && !errors.As(err, &bad):
		return fmt.Errorf("take over stale lock %s: %w", lock, err)
	case now.Token != h.Token:
		return errContended // replaced meanwhile: judge the new one
	}
	if err := os.Remove(lock); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("take over stale lock %s: %w", lock, err)
	}
	return nil
}

// markStale is how old a takeover marker must be to be judged debris: a
// takeover takes a read and an unlink.
const markStale = 10 * time.Second

var errContended = errors.New("another run is taking over the lock")
