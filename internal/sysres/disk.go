package sysres

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/h5mpi/h5mpi/internal/setting"
)

// FS describes the file system that holds a path.
type FS struct {
	Mount string // mount point, from /proc/self/mountinfo (see FileSystem)
	Type  string // "tmpfs", "ext4", "lustre", ...
	Free  int64  // bytes available to unprivileged users
	Size  int64  // total bytes
}

// String formats the file system for messages: "/mnt/small (tmpfs, 1.1 MiB free of 2.0 MiB)".
func (fs FS) String() string {
	kind := ""
	if fs.Type != "" {
		kind = fs.Type + ", "
	}
	return fmt.Sprintf("%s (%s%s free of %s)", fs.Mount, kind, Bytes(fs.Free), Bytes(fs.Size))
}

// FileSystem returns the file system that holds path, which need not exist:
// its directory must. The directory is made absolute and its symlinks
// resolved (an existing path is resolved itself, so a symlinked output
// file counts where it points; an existing directory stands for itself),
// then its mount is the longest mount point in /proc/self/mountinfo above
// it. In a chroot, and in some containers, no mount listed there covers
// the directory: the type then comes from statfs's magic number and the
// mount point is the highest ancestor on the same device. Free is what statfs(2) gives unprivileged users (f_bavail, which
// leaves out ext4's root reserve), Size the whole (f_blocks), both in
// units of f_frsize as statvfs(3) counts them.
func FileSystem(path string) (FS, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return FS{}, fmt.Errorf("file system of %s: %w", path, err)
	}
	dir, err := filepath.EvalSymlinks(abs)
	if err == nil {
		if st, serr := os.Stat(dir); serr != nil || !st.IsDir() {
			dir = filepath.Dir(dir)
		}
	} else {
		// The file is yet to be made; its directory must exist.
		dir, err = filepath.EvalSymlinks(filepath.Dir(abs))
		if err != nil {
			return FS{}, fmt.Errorf("file system of %s: directory: %w", path, err)
		}
	}
	var st syscall.Statfs_t
	if err := statfs(dir, &st); err != nil {
		return FS{}, fmt.Errorf("file system of %s: statfs %s: %w", path, dir, err)
	}
	unit := st.Frsize
	if unit <= 0 {
		unit = st.Bsize
	}
	fs := FS{
		Mount: dir, // until mountinfo says better
		Free:  mulClamp(st.Bavail, unit),
		Size:  mulClamp(st.Blocks, unit),
	}
	mounts, err := readMountinfo()
	if err != nil {
		return FS{}, fmt.Errorf("file system of %s: %w", path, err)
	}
	if m, ok := mountOf(mounts, dir); ok {
		fs.Mount, fs.Type = m.Point, m.Type
		return fs, nil
	}
	fs.Type = magicType(st.Type)
	fs.Mount = deviceTop(dir)
	return fs, nil
}

// deviceTop is the highest directory from dir up to / that lies on dir's
// device: its mount point, as far as this process can see.
func deviceTop(dir string) string {
	var st syscall.Stat_t
	if syscall.Stat(dir, &st) != nil {
		return dir
	}
	top := dir
	for d := dir; d != "/"; {
		d = filepath.Dir(d)
		var up syscall.Stat_t
		if syscall.Stat(d, &up) != nil || up.Dev != st.Dev {
			break
		}
		top = d
	}
	return top
}

// statfs is statfs(2), retried when a signal interrupts it (Go's runtime
// signals its threads often; a network file system may be slow to answer).
func statfs(dir string, st *syscall.Statfs_t) error {
	for {
		err := syscall.Statfs(dir, st)
		if err != syscall.EINTR {
			return err
		}
	}
}

// mulClamp multiplies a block count by a block size, saturating at MaxInt64.
func mulClamp(blocks uint64, size int64) int64 {
	if size <= 0 {
		return 0
	}
	if blocks > uint64(1<<63-1)/uint64(size) {
		return 1<<63 - 1
	}
	return int64(blocks) * size
}

// CheckDisk returns nil if need bytes fit in the free space of the file
// system that will hold path, else a one-line error naming the need, the
// free space, the file system and the setting to change:
//
//	/work/out.h5: needs 96.0 MiB, more than the 1.1 MiB free on /mnt/small (tmpfs, 2.0 MiB in all); free space, or change -o
//
// change names the settings that change the output's size or place, by
// their library's names (setting.Either("N", "Steps", "Out")), which a
// command renders as its flags (package setting); it may be empty. A file
// already at path is not counted as free: a program that
// writes a new file beside it and renames it over needs both at once.
func CheckDisk(path string, need int64, change setting.Text) error {
	if need <= 0 {
		return nil
	}
	fs, err := FileSystem(path)
	if err != nil {
		return err
	}
	if need <= fs.Free {
		return nil
	}
	kind := ""
	if fs.Type != "" {
		kind = fs.Type + ", "
	}
	format := "%s: needs %s, more than the %s free on %s (%s%s in all)"
	args := []any{path, Bytes(need), Bytes(fs.Free), fs.Mount, kind, Bytes(fs.Size)}
	if !change.IsEmpty() {
		format, args = format+"; free space, or change %v", append(args, change)
	}
	return setting.Errorf(format, args...)
}

// diskFullError is a write error for lack of space, with the file system
// it happened on.
type diskFullError struct {
	err   error
	fs    FS
	fsErr error // why fs is unknown, if it is
}

func (e *diskFullError) Error() string {
	if e.fsErr != nil {
		return e.err.Error() + " (file system unknown: " + e.fsErr.Error() + ")"
	}
	return e.err.Error() + ": " + e.fs.String()
}

// Unwrap gives the original error, so errors.Is(err, syscall.ENOSPC) holds.
func (e *diskFullError) Unwrap() error { return e.err }

// DiskFull returns err with the name and free space of path's file system
// added when err is a lack of space (ENOSPC, or EDQUOT for a quota):
//
//	write /mnt/small/out.h5.partial: no space left on device: /mnt/small (tmpfs, 0 B free of 2.0 MiB)
//
// Other errors, nil, and errors it has already wrapped come back unchanged.
// The result still satisfies errors.Is(err, syscall.ENOSPC).
func DiskFull(path string, err error) error {
	if !IsDiskFull(err) {
		return err
	}
	var done *diskFullError
	if errors.As(err, &done) {
		return err
	}
	fs, ferr := FileSystem(path)
	return &diskFullError{err: err, fs: fs, fsErr: ferr}
}

// IsDiskFull reports whether err is a lack of space: ENOSPC or EDQUOT.
func IsDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
