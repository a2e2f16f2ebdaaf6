package pio

import (
	"fmt"

	"github.com/h5mpi/h5mpi/internal/h5"
)

// CreateChunked is CreateDataset with chunked storage, chunks of chunk
// elements along each dimension: a layout to compare with the contiguous
// one. Storage is allocated at once and never filled, as for
// CreateDataset. Collective.
func (f *File) CreateChunked(name string, t h5.Type, shape, chunk []int) (*Dataset, error) {
	if len(shape) == 0 || len(chunk) != len(shape) {
		return nil, fmt.Errorf("%s: create dataset %q: shape %v and chunk %v", f.path, name, shape, chunk)
	}
	for i, n := range shape {
		if n < 0 || chunk[i] < 1 {
			return nil, fmt.Errorf("%s: create dataset %q: shape %v and chunk %v", f.path, name, shape, chunk)
		}
	}
	id, err := h5.CreateDataset(f.id, name, t, shape, chunk)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.path, err)
	}
	d := f.track(&Dataset{f: f, id: id, name: name, typ: t, shape: append([]int(nil), shape...)})
	if f.claim != nil {
		// The chunks' addresses are HDF5's to choose: reserve as if they
		// came after everything so far.
		f.end = SumSizes(f.end, h5.StorageSize(id), metaRoom(0))
		if err := f.reserve(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Offset is the file address at which the dataset's data starts, or -1
// when it is not stored in one piece (chunked).
func (d *Dataset) Offset() int64 { return h5.DatasetOffset(d.id) }
