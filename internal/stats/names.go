package stats

import (
	"fmt"
	"path"
	"strings"
)

// OutputNames returns the name of each input's normalised dataset in the
// output file: the input's dataset path, without its leading slash, so
// that "/run1/normal" is written as run1/normal, in group run1 (made by
// pio as h5py would). When several inputs come to the same name, each of
// them gets "_K" appended, K being the input's position among the inputs,
// counting from 0 (three files with dataset "normal" give "normal_0",
// "normal_1", "normal_2"). A name that still collides, or that another
// input needs as a group ("a" and "a/b"), is an error: it is found here,
// before any file is made.
func OutputNames(inputs []Input) ([]string, error) {
	names := make([]string, len(inputs))
	seen := map[string]int{}
	for i, in := range inputs {
		names[i] = strings.TrimPrefix(path.Clean("/"+in.Dataset), "/")
		seen[names[i]]++
	}
	for i, n := range names {
		if seen[n] > 1 {
			names[i] = fmt.Sprintf("%s_%d", n, i)
		}
	}
	owner := map[string]int{}
	for i, n := range names {
		if j, ok := owner[n]; ok {
			return nil, fmt.Errorf("inputs %d (%v) and %d (%v) would both be written as dataset %q", j, inputs[j], i, inputs[i], n)
		}
		owner[n] = i
	}
	for i, n := range names {
		for g := path.Dir(n); g != "."; g = path.Dir(g) {
			if j, ok := owner[g]; ok {
				return nil, fmt.Errorf("input %d (%v) would be written as dataset %q, which input %d (%v) needs as a group", j, inputs[j], g, i, inputs[i])
			}
		}
	}
	return names, nil
}
