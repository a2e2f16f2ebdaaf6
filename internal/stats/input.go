package stats

import (
	"fmt"
	"strings"
)

// Input is one dataset of the table, named on the command line as
// FILE:DATASET.
type Input struct {
	File, Dataset string
}

func (in Input) String() string { return in.File + ":" + in.Dataset }

// ParseInput parses FILE:DATASET. The last colon separates the two, so a
// file name may contain colons; a dataset name may not.
func ParseInput(arg string) (Input, error) {
	i := strings.LastIndexByte(arg, ':')
	if i < 0 {
		return Input{}, fmt.Errorf("input %q: want FILE:DATASET", arg)
	}
	in := Input{File: arg[:i], Dataset: arg[i+1:]}
	switch {
	case in.File == "":
		return Input{}, fmt.Errorf("input %q: no file name before the colon", arg)
	case strings.Trim(in.Dataset, "/") == "":
		return Input{}, fmt.Errorf("input %q: no dataset name after the colon", arg)
	}
	return in, nil
}
