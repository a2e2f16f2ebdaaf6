//go:build mpi

package mpi

// Raw MPI-IO files: what HDF5's MPI-IO driver does underneath, without
// HDF5, so that a probe can weigh one against the other. C in gmpiio.c.

/*
#include <stdlib.h>
#include "gmpi.h"
#include "gmpiio.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unsafe"
)

// File is a file opened with MPI-IO by every rank of World together.
// Transfers move bytes at byte offsets: WriteAt and ReadAt each rank on
// its own, WriteAtAll and ReadAtAll collectively (every rank calls them
// the same number of times; a rank with nothing to move passes no bytes).
// Sync and Close are collective. MPI's errors come back as *FileError,
// never as an abort.
type File struct {
	fh   C.MPI_File
	path string
}

// openFiles counts the Files open in this process.
var openFiles int

// OpenFiles is the number of Files this process has open: MPI_Finalize
// must not meet one (closing is collective), so a job that fails with one
// open must abort.
func OpenFiles() int { return openFiles }

// OpenFile opens path on every rank of comm (World: the programs' one
// communicator) with the MPI-IO hints. Collective. The ranks agree on the
// outcome before it returns: if the open failed anywhere, it returns an
// error everywhere, each rank's own where MPI failed. A rank whose own
// open succeeded while another's failed cannot close its file (closing is
// collective), and its error says so; OpenFiles then counts that file, and
// the job must abort.
func OpenFile(comm *Comm, path string, flag OpenFlag, hints []Hint) (*File, error) {
	if comm != World {
		return nil, &FileError{Call: "MPI_File_open", Path: path, Msg: "only on World"}
	}
	var amode C.int
	trunc := C.int(0)
	switch flag {
	case ReadOnly:
		amode = C.MPI_MODE_RDONLY
	case ReadWrite:
		amode = C.MPI_MODE_RDWR
	case Create:
		amode, trunc = C.MPI_MODE_RDWR|C.MPI_MODE_CREATE, 1
	default:
		return nil, &FileError{Call: "MPI_File_open", Path: path, Msg: fmt.Sprintf("unknown %v", flag)}
	}
	info, err := newInfo(hints)
	if err != nil {
		return nil, &FileError{Call: "MPI_File_open", Path: path, Msg: err.Error()}
	}
	defer C.gmpi_info_free(info)
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	f := &File{path: path}
	rc := C.gmpiio_open(cpath, amode, trunc, info, &f.fh)
	var own error
	if rc != C.MPI_SUCCESS {
		call := "MPI_File_open"
		if f.fh != C.MPI_FILE_NULL {
			call = "MPI_File_set_size"
		}
		own = f.fail(call, rc)
	} else {
		openFiles++
	}
	// The verdict: the lowest failing rank, or none.
	x := -math.MaxFloat64
	if own != nil {
		x = -float64(World.Rank())
	}
	m, cerr := World.MaxFloat64(x)
	switch {
	case cerr != nil:
		return nil, errors.Join(own, cerr)
	case own != nil:
		return nil, own
	case m != -math.MaxFloat64:
		return nil, &FileError{Call: "MPI_File_open", Path: path,
			Msg: fmt.Sprintf("failed on rank %d; this rank's file is left open (closing is collective)", int(-m))}
	}
	return f, nil
}

// newInfo makes an MPI_Info holding hints, or MPI_INFO_NULL for none.
func newInfo(hints []Hint) (C.MPI_Info, error) {
	if len(hints) == 0 {
		return C.MPI_INFO_NULL, nil
	}
	info := C.gmpi_info_new()
	if info == C.MPI_INFO_NULL {
		return info, fmt.Errorf("MPI_Info_create failed")
	}
	if err := setHints(info, hints); err != nil {
		C.gmpi_info_free(info)
		return C.MPI_INFO_NULL, err
	}
	return info, nil
}

// setHints sets each hint in info.
func setHints(info C.MPI_Info, hints []Hint) error {
	for _, h := range hints {
		k, v := C.CString(h.Key), C.CString(h.Value)
		rc := C.gmpi_info_set(info, k, v)
		C.free(unsafe.Pointer(k))
		C.free(unsafe.Pointer(v))
		if rc != C.MPI_SUCCESS {
			return fmt.Errorf("MPI-IO hint %s=%s: MPI_Info_set failed", h.Key, h.Value)
		}
	}
	return nil
}

// fail is the error of call on f that returned code.
func (f *File) fail(call string, code C.int) error {
	buf := make([]byte, C.MPI_MAX_ERROR_STRING+1)
	n := C.gmpiio_error_string(code, (*C.char)(unsafe.Pointer(&buf[0])))
	// MPICH appends its error stack, on lines of their own.
	msg, _, _ := strings.Cut(strings.TrimRight(string(buf[:n]), "\x00"), "\n")
	msg = strings.TrimSuffix(strings.TrimSpace(msg), ", error stack:")
	if msg == "" {
		msg = fmt.Sprintf("MPI error %d", int(code))
	}
	return &FileError{Call: call, Path: f.path, Msg: msg}
}

// Path is the file's name as opened.
func (f *File) Path() string { return f.path }

func (f *File) xfer(call string, op C.int, b []byte, off int64) error {
	if f.fh == C.MPI_FILE_NULL {
		return &FileError{Call: call, Path: f.path, Msg: "file closed"}
	}
	if err := checkTransfer(call, f.path, len(b), off); err != nil {
		return err
	}
	var done C.longlong
	rc := C.gmpiio_xfer(f.fh, op, C.longlong(off), ptr(b), C.longlong(len(b)), &done)
	if rc != C.MPI_SUCCESS {
		return f.fail(call, rc)
	}
	if int(done) != len(b) {
		return &FileError{Call: call, Path: f.path, Msg: fmt.Sprintf("%d of %d bytes at offset %d moved (end of file?)", done, len(b), off)}
	}
	return nil
}

// WriteAt writes b at byte offset off; this rank's alone.
func (f *File) WriteAt(b []byte, off int64) error {
	return f.xfer("MPI_File_write_at", C.GMPIIO_WRITE, b, off)
}

// ReadAt reads len(b) bytes at byte offset off into b; this rank's
// alone. Fewer bytes (the file ends before) is an error.
func (f *File) ReadAt(b []byte, off int64) error {
	return f.xfer("MPI_File_read_at", C.GMPIIO_READ, b, off)
}

// WriteAtAll is WriteAt made by every rank together. Collective.
func (f *File) WriteAtAll(b []byte, off int64) error {
	return f.xfer("MPI_File_write_at_all", C.GMPIIO_WRITE_ALL, b, off)
}

// ReadAtAll is ReadAt made by every rank together. Collective.
func (f *File) ReadAtAll(b []byte, off int64) error {
	return f.xfer("MPI_File_read_at_all", C.GMPIIO_READ_ALL, b, off)
}

// Sync flushes what every rank wrote to storage (MPI_File_sync).
// Collective.
func (f *File) Sync() error {
	if f.fh == C.MPI_FILE_NULL {
		return &FileError{Call: "MPI_File_sync", Path: f.path, Msg: "file closed"}
	}
	if rc := C.gmpiio_sync(f.fh); rc != C.MPI_SUCCESS {
		return f.fail("MPI_File_sync", rc)
	}
	return nil
}

// Close closes the file; a second Close does nothing. Collective.
func (f *File) Close() error {
	if f.fh == C.MPI_FILE_NULL {
		return nil
	}
	rc := C.gmpiio_close(&f.fh)
	f.fh = C.MPI_FILE_NULL
	openFiles--
	if rc != C.MPI_SUCCESS {
		return f.fail("MPI_File_close", rc)
	}
	return nil
}

// Hints are the hints MPI applied to the open file, with its own
// defaults (MPI_File_get_info). Not collective.
func (f *File) Hints() (map[string]string, error) {
	if f.fh == C.MPI_FILE_NULL {
		return nil, &FileError{Call: "MPI_File_get_info", Path: f.path, Msg: "file closed"}
	}
	info := C.gmpiio_info(f.fh)
	if info == C.MPI_INFO_NULL {
		return nil, &FileError{Call: "MPI_File_get_info", Path: f.path, Msg: "failed"}
	}
	defer C.gmpi_info_free(info)
	return infoMap(info), nil
}
