package sysres

import (
	"os"
	"strings"
	"testing"
)

func TestParseMountinfo(t *testing.T) {
	f, err := os.Open("testdata/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mounts, err := parseMountinfo(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(mounts) != 10 {
		t.Fatalf("parsed %d mounts, want 10: %+v", len(mounts), mounts)
	}
	// Optional fields ("shared:12 master:3") must not shift type and source.
	if got, want := mounts[3], (mount{Root: "/", Point: "/sys/fs/cgroup/memory", Type: "cgroup", Source: "cgroup", Super: "rw,memory"}); got != want {
		t.Errorf("cgroup v1 line: got %+v, want %+v", got, want)
	}
	if got, want := mounts[5], (mount{Root: "/", Point: "/mnt/my data", Type: "tmpfs", Source: "small fs", Super: "rw,size=64k"}); got != want {
		t.Errorf("escaped spaces: got %+v, want %+v", got, want)
	}
	if got, want := mounts[9], (mount{Root: "/sub", Point: "/mnt/a/deep\\dir\tx", Type: "xfs", Source: "/dev/sdb1", Super: "rw"}); got != want {
		t.Errorf("escaped backslash and tab: got %+v, want %+v", got, want)
	}

	for _, c := range []struct{ dir, point, typ string }{
		{"/", "/", "ext4"},
		{"/home/user", "/", "ext4"},
		{"/mnt/my data", "/mnt/my data", "tmpfs"},
		{"/mnt/my data/run 1", "/mnt/my data", "tmpfs"},
		{"/mnt/my", "/", "ext4"},
		{"/mnt/a/x", "/mnt/a", "ext4"}, // the later of two mounts on /mnt/a hides the lustre one
		{"/mnt/ab/x", "/mnt/ab", "nfs4"},
		{"/mnt/abc", "/", "ext4"}, // a prefix, but not a path ancestor
		{"/mnt/a/deep\\dir\tx/y", "/mnt/a/deep\\dir\tx", "xfs"},
		{"/sys/fs/cgroup/memory/a", "/sys/fs/cgroup/memory", "cgroup"},
	} {
		m, ok := mountOf(mounts, c.dir)
		if !ok || m.Point != c.point || m.Type != c.typ {
			t.Errorf("mountOf(%q) = %q %q, %v; want %q %q", c.dir, m.Point, m.Type, ok, c.point, c.typ)
		}
	}
}

func TestParseMountinfoErrors(t *testing.T) {
	for _, bad := range []string{
		"27 1 254:0 / / rw,relatime ext4 /dev/vda rw", // no separator
		"27 1 254:0 / / rw - ext4",                    // no source
		"27 1 / -",
	} {
		_, err := parseMountinfo(strings.NewReader("22 27 0:21 / /proc rw - proc proc rw\n" + bad + "\n"))
		if err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("parseMountinfo(%q): err = %v, want one naming line 2", bad, err)
		}
	}
}

func TestUnescapeMount(t *testing.T) {
	for in, want := range map[string]string{
		`/plain`:          "/plain",
		`/a\040b`:         "/a b",
		`/a\040\040b\040`: "/a  b ",
		`/n\012l`:         "/n\nl",
		`/b\134s`:         `/b\s`,
		`/short\04`:       `/short\04`, // too short to be an escape
		`/not\089`:        `/not\089`,  // 8 and 9 are not octal
	} {
		if got := unescapeMount(in); got != want {
			t.Errorf("unescapeMount(%q) = %q, want %q", in, got, want)
		}
	}
}
