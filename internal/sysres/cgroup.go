package sysres

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// cgroupRoot is where cgroup file systems are looked for when mountinfo
// lists none (v2 there, v1's memory controller under memory/); tests point
// it at fixtures.
var cgroupRoot = "/sys/fs/cgroup"

// v1Unlimited: cgroup v1 reports "no limit" as a page-rounded
// 9223372036854771712, never exactly MaxInt64; anything this large is no limit.
const v1Unlimited = int64(1) << 62

// procCgroups is what /proc/self/cgroup says about the memory controller.
type procCgroups struct {
	v2, v1       string // cgroup paths relative to their hierarchy's root
	hasV2, hasV1 bool
}

// parseProcCgroup reads /proc/self/cgroup lines "ID:CONTROLLERS:PATH":
// "0::/a/b" is the v2 unified hierarchy, "4:memory:/a/b" (the controller
// possibly among others, comma separated) the v1 memory hierarchy.
func parseProcCgroup(data string) procCgroups {
	var pc procCgroups
	sc := bufio.NewScanner(strings.NewReader(data))
	for sc.Scan() {
		// The path may itself contain ':', so split into three at most.
		f := strings.SplitN(sc.Text(), ":", 3)
		if len(f) != 3 {
			continue
		}
		if f[0] == "0" && f[1] == "" {
			pc.v2, pc.hasV2 = f[2], true
			continue
		}
		for _, c := range strings.Split(f[1], ",") {
			if c == "memory" {
				pc.v1, pc.hasV1 = f[2], true
			}
		}
	}
	return pc
}

// cgroupMount returns the mount point and mounted root of the v2
// hierarchy (v1 false) or of v1's memory controller (v1 true).
func cgroupMount(mounts []mount, v1 bool) (point, root string) {
	for _, m := range mounts {
		if !v1 && m.Type == "cgroup2" {
			return m.Point, m.Root
		}
		if v1 && m.Type == "cgroup" {
			for _, o := range strings.Split(m.Super, ",") {
				if o == "memory" {
					return m.Point, m.Root
				}
			}
		}
	}
	if v1 {
		return filepath.Join(cgroupRoot, "memory"), "/"
	}
	return cgroupRoot, "/"
}

// cgroupLimit returns the smallest limit in the file named file along the
// cgroup path cg and its ancestors, up to the top of the hierarchy as
// mounted at point (whose root is the hierarchy directory root). A parent's
// limit caps its children, so the smallest one is the one that binds.
// Missing or unreadable files and "no limit" values are passed over.
func cgroupLimit(point, root, cg, file, label string) (Limit, bool) {
	rel := cg
	// A mount of a sub-tree (a container's own cgroup at /sys/fs/cgroup)
	// shows the process's path below that sub-tree's root.
	if root != "/" && within(cg, root) {
		rel = strings.TrimPrefix(cg, root)
	}
	dir := filepath.Join(point, rel)
	if _, err := os.Stat(dir); err != nil || !within(dir, point) {
		// The path is not visible here (e.g. a cgroup namespace whose
		// paths, "/../x", lead outside the mount): only the mounted top
		// remains.
		dir = point
	}
	best, found := Limit{}, false
	for {
		name := filepath.Join(dir, file)
		if v, ok := readCgroupValue(name); ok && (!found || v < best.Bytes) {
			best, found = Limit{Bytes: v, Source: label + " " + name}, true
		}
		if dir == point || !within(dir, point) {
			break
		}
		dir = filepath.Dir(dir)
	}
	return best, found
}

// readCgroupValue reads a memory limit file: a byte count, or "max" (v2)
// or a huge number (v1) meaning no limit, reported as false.
func readCgroupValue(name string) (int64, bool) {
	data, err := os.ReadFile(name)
	if err != nil {
		return 0, false
	}
	s := strings.TrimSpace(string(data))
	if s == "max" {
		return 0, false
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 || v >= v1Unlimited {
		return 0, false
	}
	return v, true
}

// cgroupLimits returns the memory limits of this process's cgroups, v2
// and v1 (a hybrid system may have both), those that are set.
func cgroupLimits() []Limit {
	data, err := os.ReadFile(filepath.Join(procRoot, "self", "cgroup"))
	if err != nil {
		return nil
	}
	pc := parseProcCgroup(string(data))
	mounts, _ := readMountinfo() // without it, cgroupMount falls back to cgroupRoot
	var limits []Limit
	if pc.hasV2 {
		point, root := cgroupMount(mounts, false)
		if l, ok := cgroupLimit(point, root, pc.v2, "memory.max", "cgroup memory.max"); ok {
			limits = append(limits, l)
		}
	}
	if pc.hasV1 {
		point, root := cgroupMount(mounts, true)
		if l, ok := cgroupLimit(point, root, pc.v1, "memory.limit_in_bytes", "cgroup memory.limit_in_bytes"); ok {
			limits = append(limits, l)
		}
	}
	return limits
}
