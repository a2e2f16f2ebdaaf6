//go:build mpi

package mpi_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// The raw MPI-IO tests run as workers on several ranks: the test binary
// launched again through scripts/run.sh, told by the environment what to
// do and where, each rank printing what it found.
const (
	fileWorkerEnv = "MPI_TEST_FILE_WORKER" // the test's name
	fileDirEnv    = "MPI_TEST_FILE_DIR"
)

func fileWorker(t *testing.T, n int, run func(dir string) error) mpitest.Result {
	t.Helper()
	if os.Getenv(fileWorkerEnv) == t.Name() {
		if err := mpi.Init(); err != nil {
			fmt.Println("init:", err)
			os.Exit(1)
		}
		if err := run(os.Getenv(fileDirEnv)); err != nil {
			fmt.Printf("rank %d: %v\n", mpi.World.Rank(), err)
			// A rank holding a file another rank could not open must
			// not meet MPI_Finalize with it.
			if mpi.OpenFiles() > 0 {
				mpi.World.Abort(1)
			}
		}
		mpi.Finalize()
		os.Exit(0)
	}
	dir := t.TempDir()
	t.Setenv(fileWorkerEnv, t.Name())
	t.Setenv(fileDirEnv, dir)
	return mpitest.MustRun(t, n, time.Minute, dir, os.Args[0], "-test.run=^"+t.Name()+"$")
}

// part is rank r's bytes: different in every byte position and rank.
func part(r, size int) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(r*31 + i*7 + 1)
	}
	return b
}

// Each rank writes its part at its offset, collectively or on its own,
// and reads back the next rank's, from a file opened again read-only.
func TestFileWriteReadOthers(t *testing.T) {
	const size = 3<<20 + 5 // not a multiple of anything MPI-IO might round to
	r := fileWorker(t, 3, func(dir string) error {
		rank, n := mpi.World.Rank(), mpi.World.Size()
		for _, collective := range []bool{true, false} {
			path := filepath.Join(dir, fmt.Sprintf("raw-%v", collective))
			f, err := mpi.OpenFile(mpi.World, path, mpi.Create, []mpi.Hint{{Key: "romio_cb_write", Value: "enable"}})
			if err != nil {
				return err
			}
			write, read := f.WriteAt, f.ReadAt
			if collective {
				write = f.WriteAtAll
			}
			if err := write(part(rank, size), int64(rank*size)); err != nil {
				return err
			}
			if _, err := f.Hints(); err != nil {
				return err
			}
			if err := errors.Join(f.Sync(), f.Close()); err != nil {
				return err
			}
			if f, err = mpi.OpenFile(mpi.World, path, mpi.ReadOnly, nil); err != nil {
				return err
			}
			if collective {
				read = f.ReadAtAll
			} else {
				read = f.ReadAt
			}
			other := (rank + 1) % n
			got := make([]byte, size)
			if err := read(got, int64(other*size)); err != nil {
				return err
			}
			if !bytes.Equal(got, part(other, size)) {
				return fmt.Errorf("%s: rank %d's part read back wrong", path, other)
			}
			// Past the end: the file holds n parts, no more.
			if err := f.ReadAt(got[:1], int64(n*size)); err == nil {
				return fmt.Errorf("%s: a read past the end succeeded", path)
			}
			if err := f.Close(); err != nil {
				return err
			}
			if st, err := os.Stat(path); err != nil || st.Size() != int64(n*size) {
				return fmt.Errorf("%s: %v, size %v, want %d", path, err, st, n*size)
			}
		}
		fmt.Printf("rank %d read back\n", rank)
		return nil
	})
	if c := strings.Count(r.Stdout, "read back"); c != 3 {
		t.Errorf("%d ranks read back, want 3:\n%s\n%s", c, r.Stdout, r.Stderr)
	}
}

// An open in a directory that does not exist fails on every rank, in
// MPI's words naming the call and the path; nothing hangs (the run has a
// deadline) and nothing is left open.
func TestFileOpenMissingDir(t *testing.T) {
	r := fileWorker(t, 2, func(dir string) error {
		path := filepath.Join(dir, "no-such-dir", "raw")
		f, err := mpi.OpenFile(mpi.World, path, mpi.Create, nil)
		if err == nil {
			f.Close()
			return fmt.Errorf("open %s succeeded", path)
		}
		fmt.Printf("rank %d open failed, %d left open: %v\n", mpi.World.Rank(), mpi.OpenFiles(), err)
		return nil
	})
	t.Log(r.Stdout)
	for rank := range 2 {
		line := fmt.Sprintf("rank %d open failed, 0 left open: MPI_File_open %s", rank, filepath.Join(os.Getenv(fileDirEnv), "no-such-dir", "raw"))
		if !strings.Contains(r.Stdout, line) {
			t.Errorf("no %q:\n%s\n%s", line, r.Stdout, r.Stderr)
		}
	}
}

// A transfer MPI cannot count in an int is refused before MPI sees it,
// on the rank that asks, so no collective starts.
func TestFileTransferTooLarge(t *testing.T) {
	r := fileWorker(t, 2, func(dir string) error {
		f, err := mpi.OpenFile(mpi.World, filepath.Join(dir, "raw"), mpi.Create, nil)
		if err != nil {
			return err
		}
		defer f.Close()
		var one byte
		huge := unsafe.Slice(&one, mpi.MaxTransfer+1) // never touched
		err = f.WriteAtAll(huge, 0)
		var fe *mpi.FileError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), "more than MPI counts") {
			return fmt.Errorf("write of %d bytes: %v", len(huge), err)
		}
		fmt.Printf("rank %d refused\n", mpi.World.Rank())
		return nil
	})
	if c := strings.Count(r.Stdout, "refused"); c != 2 {
		t.Errorf("%d ranks refused, want 2:\n%s\n%s", c, r.Stdout, r.Stderr)
	}
}
