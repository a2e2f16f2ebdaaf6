package stats

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/h5mpi/h5mpi/internal/pio"
)

// lockInputs takes, on rank 0, HDF5's shared (reading) lock on every
// input file and holds it until release, as HDF5's own readers do: a file
// that another program has open for writing (HDF5 holds its exclusive
// lock then) is refused, since its data may be incomplete, and no such
// writer can open a file while h5stats reads it. Where the file system
// has no locks (some Lustre and NFS mounts), or with
// $HDF5_USE_FILE_LOCKING=FALSE, nothing is locked. Collective.
func lockInputs(srcs []Source) (release func(), err error) {
	var held []*os.File
	release = func() {
		for _, f := range held {
			f.Close() // closing releases the lock
		}
	}
	err = pio.OnRoot(func() error {
		if !pio.FileLocking() {
			return nil
		}
		seen := map[string]bool{}
		for _, s := range srcs {
			if seen[s.File] {
				continue
			}
			seen[s.File] = true
			f, err := os.OpenFile(s.File, os.O_RDONLY|syscall.O_NONBLOCK, 0)
			if err != nil {
				return fmt.Errorf("input %v: %w", s.Input, err)
			}
			err = flock(f, syscall.LOCK_SH|syscall.LOCK_NB)
			switch {
			case err == nil:
				held = append(held, f)
			case errors.Is(err, syscall.EWOULDBLOCK):
				f.Close()
				return fmt.Errorf("input %v: %s is open for writing by another program (it holds HDF5's lock), so its data may be incomplete: wait until it is closed, or read it anyway with %s=FALSE", s.Input, s.File, pio.FileLockingEnv)
			default:
				f.Close() // no locks on this file system: nothing to check
			}
		}
		return nil
	})
	if err != nil {
		release()
		return func() {}, err
	}
	return release, nil
}

// flock is flock(2), retried when a signal interrupts it.
func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}
