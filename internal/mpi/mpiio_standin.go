//go:build !mpi

package mpi

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// File is a file of the one-rank stand-in: an os.File, with the MPI-IO
// File's API and errors. Collective calls are this rank's alone.
type File struct {
	f    *os.File
	path string
}

var openFiles int

// OpenFiles is the number of Files this process has open.
func OpenFiles() int { return openFiles }

// OpenFile opens path; hints have no meaning without MPI-IO.
func OpenFile(comm *Comm, path string, flag OpenFlag, hints []Hint) (*File, error) {
	var mode int
	switch flag {
	case ReadOnly:
		mode = os.O_RDONLY
	case ReadWrite:
		mode = os.O_RDWR
	case Create:
		mode = os.O_RDWR | os.O_CREATE | os.O_TRUNC
	default:
		return nil, &FileError{Call: "MPI_File_open", Path: path, Msg: fmt.Sprintf("unknown %v", flag)}
	}
	f, err := os.OpenFile(path, mode, 0o666)
	if err != nil {
		return nil, &FileError{Call: "MPI_File_open", Path: path, Msg: unwrapPath(err)}
	}
	openFiles++
	return &File{f: f, path: path}, nil
}

// unwrapPath is err's cause without the path, which FileError names.
func unwrapPath(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Path is the file's name as opened.
func (f *File) Path() string { return f.path }

func (f *File) xfer(call string, write bool, b []byte, off int64) error {
	if f.f == nil {
		return &FileError{Call: call, Path: f.path, Msg: "file closed"}
	}
	if err := checkTransfer(call, f.path, len(b), off); err != nil {
		return err
	}
	var n int
	var err error
	if write {
		n, err = f.f.WriteAt(b, off)
	} else {
		n, err = f.f.ReadAt(b, off)
		if err == io.EOF {
			err = nil
		}
	}
	if err != nil {
		return &FileError{Call: call, Path: f.path, Msg: unwrapPath(err)}
	}
	if n != len(b) {
		return &FileError{Call: call, Path: f.path, Msg: fmt.Sprintf("%d of %d bytes at offset %d moved (end of file?)", n, len(b), off)}
	}
	return nil
}

// The transfers: independent and collective are the same on one rank.
func (f *File) WriteAt(b []byte, off int64) error {
	return f.xfer("MPI_File_write_at", true, b, off)
}
func (f *File) ReadAt(b []byte, off int64) error { return f.xfer("MPI_File_read_at", false, b, off) }
func (f *File) WriteAtAll(b []byte, off int64) error {
	return f.xfer("MPI_File_write_at_all", true, b, off)
}
func (f *File) ReadAtAll(b []byte, off int64) error {
	return f.xfer("MPI_File_read_at_all", false, b, off)
}

// Sync flushes the file to storage (fsync).
func (f *File) Sync() error {
	if f.f == nil {
		return &FileError{Call: "MPI_File_sync", Path: f.path, Msg: "file closed"}
	}
	if err := f.f.Sync(); err != nil {
		return &FileError{Call: "MPI_File_sync", Path: f.path, Msg: unwrapPath(err)}
	}
	return nil
}

// Close closes the file; a second Close does nothing.
func (f *File) Close() error {
	if f.f == nil {
		return nil
	}
	err := f.f.Close()
	f.f = nil
	openFiles--
	if err != nil {
		return &FileError{Call: "MPI_File_close", Path: f.path, Msg: unwrapPath(err)}
	}
	return nil
}

// Hints: no MPI-IO, no hints.
func (f *File) Hints() (map[string]string, error) {
	if f.f == nil {
		return nil, &FileError{Call: "MPI_File_get_info", Path: f.path, Msg: "file closed"}
	}
	return map[string]string{}, nil
}
