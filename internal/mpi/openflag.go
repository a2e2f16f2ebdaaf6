package mpi

import "fmt"

// OpenFlag is how OpenFile opens a file.
type OpenFlag int

const (
	ReadOnly  OpenFlag = iota // an existing file, to read
	ReadWrite                 // an existing file, to read and write
	Create                    // a new file, or an existing one cut to 0 bytes, to read and write
)

func (f OpenFlag) String() string {
	switch f {
	case ReadOnly:
		return "read-only"
	case ReadWrite:
		return "read-write"
	case Create:
		return "create"
	}
	return fmt.Sprintf("OpenFlag(%d)", int(f))
}

// MaxTransfer is the most bytes one transfer of a File moves: MPI counts
// in int.
const MaxTransfer = 1<<31 - 1

// FileError is a failed call on a File: the call (MPI's name for it),
// the file's path, and MPI's words.
type FileError struct {
	Call, Path string
	Msg        string
}

func (e *FileError) Error() string { return fmt.Sprintf("%s %s: %s", e.Call, e.Path, e.Msg) }

// checkTransfer refuses a transfer MPI cannot count, or at a negative
// offset, before any rank is in a collective.
func checkTransfer(call, path string, n int, off int64) error {
	switch {
	case n > MaxTransfer:
		return &FileError{Call: call, Path: path, Msg: fmt.Sprintf("%d bytes in one transfer, more than MPI counts (%d)", n, MaxTransfer)}
	case off < 0:
		return &FileError{Call: call, Path: path, Msg: fmt.Sprintf("negative offset %d", off)}
	}
	return nil
}
