package sysres

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/h5mpi/h5mpi/internal/setting"
)

const gib = int64(1) << 30

// fakeSystem is a made-up /proc and cgroup tree under a temporary
// directory whose name has a space, so mountinfo must escape it.
type fakeSystem struct {
	t    *testing.T
	root string
}

// newFakeSystem points procRoot and cgroupRoot into a new fake tree,
// RLIMIT_AS at rlimit, and clears the launcher variables; all restored at
// the test's end.
func newFakeSystem(t *testing.T, rlimit uint64) *fakeSystem {
	t.Helper()
	root := filepath.Join(t.TempDir(), "fake root")
	oldProc, oldCg, oldRlim := procRoot, cgroupRoot, rlimitAS
	t.Cleanup(func() { procRoot, cgroupRoot, rlimitAS = oldProc, oldCg, oldRlim })
	procRoot = filepath.Join(root, "proc")
	cgroupRoot = filepath.Join(root, "fallback")
	rlimitAS = func() (uint64, error) { return rlimit, nil }
	ranksOnNode(t, 1)
	return &fakeSystem{t: t, root: root}
}

// ranksOnNode makes CheckMemory see n ranks on this node, until the
// test's end (what the launcher says is launch's to read, and tested
// there).
func ranksOnNode(t *testing.T, n int) {
	old := localSize
	t.Cleanup(func() { localSize = old })
	localSize = func() int { return n }
}

// write puts content at name, relative to the fake root.
func (fs *fakeSystem) write(name, content string) {
	fs.t.Helper()
	p := filepath.Join(fs.root, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		fs.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		fs.t.Fatal(err)
	}
}

// path is name's absolute path in the fake tree.
func (fs *fakeSystem) path(name string) string { return filepath.Join(fs.root, name) }

// mountinfo writes proc/self/mountinfo; "ROOT" in lines stands for the
// fake root, escaped as the kernel would.
func (fs *fakeSystem) mountinfo(lines ...string) {
	esc := strings.ReplaceAll(fs.root, " ", `\040`)
	fs.write("proc/self/mountinfo", strings.ReplaceAll(strings.Join(lines, "\n")+"\n", "ROOT", esc))
}

// standardMounts are a hybrid system's cgroup mounts, as on this machine.
var standardMounts = []string{
	"27 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
	"31 23 0:28 / ROOT/sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
	"35 31 0:32 / ROOT/sys/fs/cgroup/memory rw,relatime shared:5 - cgroup cgroup rw,memory",
	"34 31 0:31 / ROOT/sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset",
	"41 31 0:38 / ROOT/sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
}

func TestMemoryLimit(t *testing.T) {
	const v2 = "sys/fs/cgroup/unified/"
	const v1 = "sys/fs/cgroup/memory/"
	inf := uint64(math.MaxUint64)
	for _, c := range []struct {
		name   string
		mounts []string
		cgroup string
		files  map[string]string // relative to the fake root
		rlimit uint64
		bytes  int64
		source string // the Source, "ROOT/" standing for the fake root
	}{
		{
			name:   "v2 max everywhere: physical memory",
			cgroup: "0::/job/step\n",
			files:  map[string]string{v2 + "job/memory.max": "max\n", v2 + "job/step/memory.max": "max\n"},
			rlimit: inf, bytes: 16 * gib, source: "physical memory",
		},
		{
			name:   "v2 parent smaller than child",
			cgroup: "0::/job/step\n",
			files:  map[string]string{v2 + "job/memory.max": "4294967296\n", v2 + "job/step/memory.max": "max\n"},
			rlimit: inf, bytes: 4 * gib, source: "cgroup memory.max ROOT/" + v2 + "job/memory.max",
		},
		{
			name:   "v2 child smaller than parent",
			cgroup: "0::/job/step\n",
			files:  map[string]string{v2 + "job/memory.max": "4294967296\n", v2 + "job/step/memory.max": "1073741824\n"},
			rlimit: inf, bytes: gib, source: "cgroup memory.max ROOT/" + v2 + "job/step/memory.max",
		},
		{
			name:   "v2 limit above the mount is out of sight",
			cgroup: "0::/job\n",
			files:  map[string]string{"sys/fs/cgroup/memory.max": "1024\n", v2 + "job/memory.max": "max\n"},
			rlimit: inf, bytes: 16 * gib, source: "physical memory",
		},
		{
			name:   "v2 limit larger than physical memory",
			cgroup: "0::/job\n",
			files:  map[string]string{v2 + "job/memory.max": "68719476736\n"},
			rlimit: inf, bytes: 16 * gib, source: "physical memory",
		},
		{
			name:   "v1 huge value is no limit",
			cgroup: "9:name=systemd:/\n4:memory:/process_api/5b2d\n0::/\n",
			files: map[string]string{
				v1 + "memory.limit_in_bytes":                  "9223372036854771712\n",
				v1 + "process_api/5b2d/memory.limit_in_bytes": "9223372036854771712\n",
			},
			rlimit: inf, bytes: 16 * gib, source: "physical memory",
		},
		{
			name:   "v1 limit",
			cgroup: "4:memory:/process_api/5b2d\n0::/\n",
			files: map[string]string{
				v1 + "process_api/memory.limit_in_bytes":      "9223372036854771712\n",
				v1 + "process_api/5b2d/memory.limit_in_bytes": "2147483648\n",
			},
			rlimit: inf, bytes: 2 * gib, source: "cgroup memory.limit_in_bytes ROOT/" + v1 + "process_api/5b2d/memory.limit_in_bytes",
		},
		{
			name:   "v1 memory among other controllers",
			cgroup: "5:cpu,memory:/a\n",
			files:  map[string]string{v1 + "a/memory.limit_in_bytes": "1073741824\n"},
			rlimit: inf, bytes: gib, source: "cgroup memory.limit_in_bytes ROOT/" + v1 + "a/memory.limit_in_bytes",
		},
		{
			name:   "hybrid: v1 smaller than v2",
			cgroup: "4:memory:/a\n0::/b\n",
			files:  map[string]string{v1 + "a/memory.limit_in_bytes": "2147483648\n", v2 + "b/memory.max": "3221225472\n"},
			rlimit: inf, bytes: 2 * gib, source: "cgroup memory.limit_in_bytes ROOT/" + v1 + "a/memory.limit_in_bytes",
		},
		{
			name:   "hybrid: v2 smaller than v1",
			cgroup: "4:memory:/a\n0::/b\n",
			files:  map[string]string{v1 + "a/memory.limit_in_bytes": "2147483648\n", v2 + "b/memory.max": "1073741824\n"},
			rlimit: inf, bytes: gib, source: "cgroup memory.max ROOT/" + v2 + "b/memory.max",
		},
		{
			name:   "RLIMIT_AS smallest",
			cgroup: "0::/b\n",
			files:  map[string]string{v2 + "b/memory.max": "4294967296\n"},
			rlimit: 512 << 20, bytes: 512 << 20, source: "RLIMIT_AS",
		},
		{
			name:   "garbage in memory.max is passed over",
			cgroup: "0::/b/c\n",
			files:  map[string]string{v2 + "b/memory.max": "2147483648\n", v2 + "b/c/memory.max": "lots\n"},
			rlimit: inf, bytes: 2 * gib, source: "cgroup memory.max ROOT/" + v2 + "b/memory.max",
		},
		{
			name:   "no cgroup mounts listed: cgroupRoot",
			mounts: []string{"27 1 254:0 / / rw,relatime - ext4 /dev/vda rw"},
			cgroup: "0::/user.slice\n",
			files:  map[string]string{"fallback/user.slice/memory.max": "3221225472\n"},
			rlimit: inf, bytes: 3 * gib, source: "cgroup memory.max ROOT/fallback/user.slice/memory.max",
		},
		{
			name: "container: a sub-tree mounted at the top",
			mounts: []string{
				"27 1 254:0 / / rw - ext4 /dev/vda rw",
				"41 27 0:38 /kubepods/pod1 ROOT/cg rw - cgroup2 cgroup2 rw",
			},
			cgroup: "0::/kubepods/pod1/ctr\n",
			files:  map[string]string{"cg/memory.max": "max\n", "cg/ctr/memory.max": "1073741824\n"},
			rlimit: inf, bytes: gib, source: "cgroup memory.max ROOT/cg/ctr/memory.max",
		},
		{
			name: "cgroup namespace path outside the mount: the mount's top",
			mounts: []string{
				"27 1 254:0 / / rw - ext4 /dev/vda rw",
				"41 27 0:38 / ROOT/cg rw - cgroup2 cgroup2 rw",
			},
			cgroup: "0::/../../other\n",
			files:  map[string]string{"cg/memory.max": "2147483648\n", "other/memory.max": "1024\n"},
			rlimit: inf, bytes: 2 * gib, source: "cgroup memory.max ROOT/cg/memory.max",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs := newFakeSystem(t, c.rlimit)
			mounts := c.mounts
			if mounts == nil {
				mounts = standardMounts
			}
			fs.mountinfo(mounts...)
			fs.write("proc/self/cgroup", c.cgroup)
			fs.write("proc/meminfo", "MemTotal:       16777216 kB\nMemFree:         1000 kB\n")
			for name, content := range c.files {
				fs.write(name, content)
			}
			got := MemoryLimit()
			want := Limit{Bytes: c.bytes, Source: strings.ReplaceAll(c.source, "ROOT/", fs.root+"/")}
			if got != want {
				t.Errorf("MemoryLimit() = %+v\nwant            %+v", got, want)
			}
		})
	}
}

// Without /proc/meminfo, physical memory comes from sysinfo(2).
func TestMemoryLimitSysinfo(t *testing.T) {
	newFakeSystem(t, math.MaxUint64) // an empty /proc: no meminfo, no cgroup
	var si syscall.Sysinfo_t
	if err := syscall.Sysinfo(&si); err != nil {
		t.Fatal(err)
	}
	want := int64(si.Totalram) * int64(si.Unit)
	if got := MemoryLimit(); got.Bytes != want || got.Source != "physical memory" {
		t.Errorf("MemoryLimit() = %+v, want %d bytes of physical memory", got, want)
	}
}

// checkMemorySystem is 16 GiB of physical memory in a 4 GiB cgroup.
func checkMemorySystem(t *testing.T, rlimit uint64) *fakeSystem {
	fs := newFakeSystem(t, rlimit)
	fs.mountinfo(standardMounts...)
	fs.write("proc/self/cgroup", "0::/job\n")
	fs.write("proc/meminfo", "MemTotal:       16777216 kB\n")
	fs.write("sys/fs/cgroup/unified/job/memory.max", "4294967296\n")
	return fs
}

func TestCheckMemory(t *testing.T) {
	fs := checkMemorySystem(t, math.MaxUint64)
	ranksOnNode(t, 2)

	// 4 GiB / 2 ranks = 2 GiB, less 10%: floor(0.9 * 2147483648).
	const allowed = 1932735283
	if err := CheckMemory(allowed, setting.Textf("grid"), setting.Either("Steps")); err != nil {
		t.Errorf("CheckMemory(%d) at the limit: %v", int64(allowed), err)
	}
	if err := CheckMemory(0, setting.Textf("grid"), setting.Either("Steps")); err != nil {
		t.Errorf("CheckMemory(0): %v", err)
	}
	err := CheckMemory(allowed+1, setting.Textf("grid"), setting.Either("Steps"))
	if err == nil {
		t.Fatalf("CheckMemory(%d) above the limit: nil", int64(allowed+1))
	}

	err = CheckMemory(3*gib, setting.Textf("time grid and one particle's trajectory"), setting.Either("Steps"))
	if err == nil {
		t.Fatal("CheckMemory(3 GiB) with 1.8 GiB per rank: nil")
	}
	msg := err.Error()
	t.Log(msg)
	for _, part := range []string{
		"needs 3.0 GiB of memory per rank (time grid and one particle's trajectory)", // the figure
		"more than the 1.8 GiB this rank may use",                                    // the limit
		"cgroup memory.max " + fs.path("sys/fs/cgroup/unified/job/memory.max") + ": 4.0 GiB shared by 2 ranks on this node, less 10% headroom",
		"; lower Steps", // the setting, by its library's name
	} {
		if !strings.Contains(msg, part) {
			t.Errorf("message lacks %q:\n%s", part, msg)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("message is more than one line:\n%s", msg)
	}
}

// RLIMIT_AS binds each process alone: not divided among the node's ranks.
func TestCheckMemoryRlimit(t *testing.T) {
	checkMemorySystem(t, uint64(gib))
	ranksOnNode(t, 2) // cgroup share 1.8 GiB, rlimit 0.9 GiB
	if err := CheckMemory(900<<20, setting.Textf("x"), setting.Either("N")); err != nil {
		t.Errorf("900 MiB within 90%% of a 1 GiB RLIMIT_AS: %v", err)
	}
	err := CheckMemory(1000<<20, setting.Textf("particles"), setting.Either("N"))
	if err == nil {
		t.Fatal("1000 MiB under a 1 GiB RLIMIT_AS: nil")
	}
	msg := setting.Render(err, map[string]string{"N": "-n"}).Error()
	want := "needs 1000.0 MiB of memory per rank (particles), more than the 921.6 MiB this rank may use (RLIMIT_AS: 1.0 GiB, less 10% headroom); lower -n"
	if msg != want {
		t.Errorf("message\n%s\nwant\n%s", msg, want)
	}
}

// One rank on a node with no cgroup limit: physical memory binds, and
// nothing is said of sharing. Empty what and setting leave no stray words.
func TestCheckMemoryPhysical(t *testing.T) {
	fs := newFakeSystem(t, math.MaxUint64)
	fs.mountinfo(standardMounts...)
	fs.write("proc/self/cgroup", "0::/\n")
	fs.write("proc/meminfo", "MemTotal:       16777216 kB\n")
	err := CheckMemory(15*gib, setting.Text{}, setting.Text{})
	want := "needs 15.0 GiB of memory per rank, more than the 14.4 GiB this rank may use (physical memory: 16.0 GiB, less 10% headroom)"
	if err == nil || err.Error() != want {
		t.Errorf("CheckMemory(15 GiB) = %v\nwant %s", err, want)
	}
	// Eight ranks of the same node share it.
	ranksOnNode(t, 8)
	if err := CheckMemory(2*gib, setting.Textf("grid"), setting.Either("N")); err == nil || !strings.Contains(err.Error(), "physical memory: 16.0 GiB shared by 8 ranks on this node") {
		t.Errorf("CheckMemory(2 GiB) on 8 ranks = %v", err)
	}
}
