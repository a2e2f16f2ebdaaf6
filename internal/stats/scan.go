package stats

import (
	"fmt"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// Source is an input as found in its file.
type Source struct {
	Input
	Type  h5.Type // pio's class of the stored type (0: not numeric)
	Shape []int   // 1-D (rows), 2-D (rows, columns) or more (rows, then the columns' dimensions)
}

// Rows is the number of rows of the source.
func (s Source) Rows() int { return s.Shape[0] }

// Cols is the number of columns: 1 for a 1-D dataset; beyond 2-D, the
// dimensions after the first flattened in row-major order, as numpy
// reduces along axis 0 (a galaxy file's pos_pt, (N, T, 3), has a column
// for each sample and coordinate, over the N particles).
func (s Source) Cols() int {
	n := 1
	for _, d := range s.Shape[1:] {
		n *= d
	}
	return n
}

// Scan opens every input on all ranks together, checks that it is an
// integer or float dataset of at least one dimension and that all have
// the same number of columns, and returns what it found. An error names
// the input.
// Collective.
func Scan(inputs []Input, o pio.Options) ([]Source, error) {
	if len(inputs) == 0 {
		return nil, fmt.Errorf("no inputs")
	}
	srcs := make([]Source, len(inputs))
	for i, in := range inputs {
		s, err := scan(in, o)
		if err != nil {
			return nil, setting.Errorf("input %v: %w", in, err)
		}
		if i > 0 && s.Cols() != srcs[0].Cols() {
			return nil, fmt.Errorf("input %v: %d columns (shape %v), but input %v has %d (shape %v)",
				in, s.Cols(), s.Shape, inputs[0], srcs[0].Cols(), srcs[0].Shape)
		}
		srcs[i] = s
	}
	return srcs, nil
}

func scan(in Input, o pio.Options) (Source, error) {
	f, err := pio.Open(in.File, o)
	if err != nil {
		return Source{}, err
	}
	s, err := check(f, in)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return s, err
}

func check(f *pio.File, in Input) (Source, error) {
	d, err := f.Dataset(in.Dataset)
	if err != nil {
		return Source{}, err
	}
	s := Source{Input: in, Type: d.Type(), Shape: d.Shape()}
	switch {
	case s.Type == 0:
		return s, fmt.Errorf("not a numeric dataset: h5stats reads integers and floats only")
	case len(s.Shape) == 0:
		return s, fmt.Errorf("scalar dataset: want 1-D or more")
	case pio.SizeOf(1, s.Shape[1:]...) > MaxChunkValues:
		return s, fmt.Errorf("shape %v: rows of %d values, more than one read may move (%d)", s.Shape, pio.SizeOf(1, s.Shape[1:]...), MaxChunkValues)
	case s.Cols() == 0:
		return s, fmt.Errorf("shape %v: no columns", s.Shape)
	}
	return s, nil
}
