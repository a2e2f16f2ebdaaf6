package outfile

import (
	"fmt"
	"io/fs"
	"os"
)

// Kind names what a file of mode m is, for messages: "a directory", "a
// named pipe (FIFO)", "a symbolic link", ...
func Kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// NotRegularError is a path that names something other than the regular
// file a program reads or writes there: opening it could block (a FIFO,
// a device), and renaming over it would replace it (a symbolic link).
type NotRegularError struct {
	Path string
	Mode fs.FileMode
	What string // what the program wanted there: "a lock file", "an HDF5 file"
}

func (e *NotRegularError) Error() string {
	s := fmt.Sprintf("%s is %s, not %s", e.Path, Kind(e.Mode), e.What)
	if e.Mode&fs.ModeSymlink != 0 {
		if to, err := os.Readlink(e.Path); err == nil {
			s = fmt.Sprintf("%s is a symbolic link (to %s), not %s", e.Path, to, e.What)
		}
	}
	return s
}

// Regular returns a *NotRegularError unless path is absent or a regular
// file. It stats path without following a final symbolic link (lstat)
// and never opens it: a FIFO's open would block.
func Regular(path, what string) error {
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode().IsRegular() {
		return nil
	}
	return &NotRegularError{Path: path, Mode: fi.Mode(), What: what}
}
