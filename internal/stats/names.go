package stats

import (
	"fmt"
	"strings"
)

// OutputNames returns the name of each input's normalised dataset in the
// output file. pio creates datasets in the root group only, so a name is
// the input's dataset path without its leading slash and with the slashes
// of any groups replaced by underscores ("/run1/normal" becomes
// "run1_normal"). When several inputs come to the same name, each of them
// gets "_K" appended, K being the input's position among the inputs,
// counting from 0 (three files with dataset "normal" give "normal_0",
// "normal_1", "normal_2"). A name that still collides is an error.
func OutputNames(inputs []Input) ([]string, error) {
	names := make([]string, len(inputs))
	seen := map[string]int{}
	for i, in := range inputs {
		names[i] = strings.ReplaceAll(strings.Trim(in.Dataset, "/"), "/", "_")
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
	return names, nil
}
