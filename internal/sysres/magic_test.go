package sysres

import (
	"syscall"
	"testing"
)

func TestMagicType(t *testing.T) {
	for _, tc := range []struct {
		magic int64
		want  string
	}{
		{0xEF53, "ext4"},
		{0x01021994, "tmpfs"},
		{0x0BD00BD0, "lustre"},
		{0x6969, "nfs"},
		{0x794C7630, "overlay"},
		{0x47504653, "gpfs"},
		{0x12345678, "unknown (statfs type 0x12345678)"},
	} {
		if got := magicType(tc.magic); got != tc.want {
			t.Errorf("magicType(%#x) = %q, want %q", tc.magic, got, tc.want)
		}
	}
}

// The type statfs gives this machine's temporary directory agrees with
// the one mountinfo gives it, and deviceTop finds a directory on the
// same device at or above it (a bind mount may hide part of a device, so
// the mount points themselves can differ).
func TestMagicAgreesWithMountinfo(t *testing.T) {
	dir := t.TempDir()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	mounts, err := readMountinfo()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := mountOf(mounts, dir)
	if !ok {
		t.Logf("no mount covers %s in mountinfo (a chroot): statfs alone says %s", dir, magicType(st.Type))
	} else if got := magicType(st.Type); got != m.Type && !(got == "ext4" && (m.Type == "ext2" || m.Type == "ext3")) {
		t.Errorf("%s: statfs says %s, mountinfo %s", dir, got, m.Type)
	}
	top := deviceTop(dir)
	var a, b syscall.Stat_t
	if err := syscall.Stat(dir, &a); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Stat(top, &b); err != nil || a.Dev != b.Dev || !within(dir, top) {
		t.Errorf("deviceTop(%s) = %s: not an ancestor on the same device (%v)", dir, top, err)
	}
}
