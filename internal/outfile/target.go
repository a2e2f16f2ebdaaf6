package outfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/h5mpi/h5mpi/internal/setting"
)

// CheckTarget checks, before any work is done, that out can be an
// output: it is not a directory, its directory exists, and neither it nor
// the files written beside it (out.partial, out.lock) is the same file as
// one of the inputs, whether by the same path, a symbolic link or a hard
// link. name is the setting that gave out, by its library's name ("Out"),
// for the message: a *setting.Error, or a setting.Errorf error when it
// wraps another, which a command renders with its flag. An out that
// exists must be a regular file: a symbolic link would be replaced by
// the commit's rename, not written through, and a FIFO or a device is no
// file to replace.
func CheckTarget(name, out string, inputs ...string) error {
	if out == "" {
		return setting.Bad(name, nil, "empty file name")
	}
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		return setting.Bad(name, out, "is a directory: name a file")
	}
	dir := filepath.Dir(out)
	switch fi, err := os.Stat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		return setting.Bad(name, out, "directory %s does not exist (no such file or directory)", dir)
	case err != nil:
		return setting.Errorf("%v %s: %w", setting.Name(name), out, err)
	case !fi.IsDir():
		return setting.Bad(name, out, "%s is not a directory", dir)
	}
	for _, in := range inputs {
		if in == "" {
			continue
		}
		for _, o := range []string{out, out + PartialSuffix, out + LockSuffix} {
			if SameFile(in, o) {
				return setting.Bad(name, out, "would overwrite the input %s (the same file)", in)
			}
		}
	}
	if err := Regular(out, "a regular file to replace: name a file"); err != nil {
		return setting.Errorf("%v %w", setting.Name(name), err)
	}
	return nil
}

// SameFile reports whether a and b name one file: the same inode if both
// exist (through links of either kind), else the same resolved path.
func SameFile(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	return resolve(a) == resolve(b)
}

// resolve is the absolute path of p with the links of its directory
// (and of p itself, if it exists) followed.
func resolve(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	} else if d, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		p = filepath.Join(d, filepath.Base(p))
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}
