package sysres

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// procRoot is where /proc is read from; tests point it at fixtures.
var procRoot = "/proc"

// mount is one line of /proc/self/mountinfo, the fields this package uses.
type mount struct {
	Root   string // the directory of the mounted file system seen at Point
	Point  string // mount point, unescaped
	Type   string // file system type, e.g. "ext4", "cgroup2"
	Source string // e.g. "/dev/vda", "tmpfs"
	Super  string // per-superblock options, e.g. "rw,memory" for a cgroup v1 mount
}

// readMountinfo reads and parses this process's mountinfo.
func readMountinfo() ([]mount, error) {
	name := filepath.Join(procRoot, "self", "mountinfo")
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	mounts, err := parseMountinfo(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return mounts, nil
}

// parseMountinfo parses mountinfo lines (proc(5)):
//
//	36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
//
// The optional fields before "-" vary in number, so the fields after it
// are found from the separator, not by position.
func parseMountinfo(r io.Reader) ([]mount, error) {
	var mounts []mount
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for line := 1; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		sep := -1
		for i := 6; i < len(f); i++ {
			if f[i] == "-" {
				sep = i
				break
			}
		}
		if len(f) < 6 || sep < 0 || sep+2 >= len(f) {
			return nil, fmt.Errorf("line %d: not a mountinfo line: %q", line, sc.Text())
		}
		m := mount{
			Root:   unescapeMount(f[3]),
			Point:  unescapeMount(f[4]),
			Type:   f[sep+1],
			Source: unescapeMount(f[sep+2]),
		}
		if sep+3 < len(f) {
			m.Super = f[sep+3]
		}
		mounts = append(mounts, m)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return mounts, nil
}

// unescapeMount undoes the kernel's octal escapes in mountinfo paths:
// space, tab, newline and backslash appear as \040, \011, \012 and \134.
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) && isOctal(s[i+1]) && isOctal(s[i+2]) && isOctal(s[i+3]) {
			b.WriteByte((s[i+1]-'0')<<6 | (s[i+2]-'0')<<3 | (s[i+3] - '0'))
			i += 3
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// isOctal reports whether c is an octal digit.
func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// mountOf returns the mount that holds dir, an absolute, clean path with
// symlinks resolved: the longest mount point that is dir or one of its
// ancestors. Of several mounts on the same point the last listed wins,
// since a later mount hides the earlier ones.
func mountOf(mounts []mount, dir string) (mount, bool) {
	best, found := mount{}, false
	for _, m := range mounts {
		if !within(dir, m.Point) {
			continue
		}
		if !found || len(m.Point) >= len(best.Point) {
			best, found = m, true
		}
	}
	return best, found
}

// within reports whether path is dir or lies under it, comparing whole
// path components so that /mnt/ab is not under /mnt/a.
func within(path, dir string) bool {
	if dir == "/" {
		return strings.HasPrefix(path, "/")
	}
	return path == dir || strings.HasPrefix(path, dir+"/")
}
