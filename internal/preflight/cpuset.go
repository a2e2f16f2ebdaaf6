package preflight

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// CPUSet is a set of CPU numbers, ascending, without repeats.
type CPUSet []int

// String is the set as Linux lists CPUs (cpuset(7)'s list format):
// ranges of consecutive CPUs as "first-last", joined by commas, as in
// "0-3,8,10-11"; the empty set is "none".
func (s CPUSet) String() string {
	if len(s) == 0 {
		return "none"
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j+1 < len(s) && s[j+1] == s[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(s[i]))
		if j > i {
			b.WriteByte('-')
			b.WriteString(strconv.Itoa(s[j]))
		}
		i = j + 1
	}
	return b.String()
}

// ParseCPUList reads a CPU list such as "0-3,8,10-11" (as in
// /sys/devices/system/cpu/online); "" and "none" are the empty set.
func ParseCPUList(list string) (CPUSet, error) {
	list = strings.TrimSpace(list)
	if list == "" || list == "none" {
		return nil, nil
	}
	var s CPUSet
	for _, item := range strings.Split(list, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(item), "-")
		a, err := strconv.Atoi(lo)
		b := a
		if err == nil && isRange {
			b, err = strconv.Atoi(hi)
		}
		if err != nil || a < 0 || b < a {
			return nil, fmt.Errorf("CPU list %q: %q is not a CPU or a range of CPUs", list, item)
		}
		for c := a; c <= b; c++ {
			s = append(s, c)
		}
	}
	slices.Sort(s)
	return slices.Compact(s), nil
}

// And is the CPUs in both s and t.
func (s CPUSet) And(t CPUSet) CPUSet {
	var out CPUSet
	for i, j := 0, 0; i < len(s) && j < len(t); {
		switch {
		case s[i] < t[j]:
			i++
		case s[i] > t[j]:
			j++
		default:
			out = append(out, s[i])
			i++
			j++
		}
	}
	return out
}

// Covers reports whether every CPU of t is in s.
func (s CPUSet) Covers(t CPUSet) bool { return len(s.And(t)) == len(t) }
