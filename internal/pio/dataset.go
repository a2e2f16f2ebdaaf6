package pio

import (
	"fmt"
	"strings"
)

// Dataset is an n-dimensional dataset of a File.
type Dataset struct {
	f     *File
	id    hid
	name  string
	typ   Type
	shape []int
}

// CreateDataset creates a dataset of element type t and global shape
// shape, the same on every rank. The name may be a path ("run1/x"): the
// groups on it are made if missing. Storage is allocated at once and never
// filled: each element is written exactly once by the rank that owns it.
// Collective.
func (f *File) CreateDataset(name string, t Type, shape []int) (*Dataset, error) {
	if len(shape) == 0 {
		return nil, fmt.Errorf("%s: create dataset %q: empty shape", f.path, name)
	}
	for _, n := range shape {
		if n < 0 {
			return nil, fmt.Errorf("%s: create dataset %q: negative dimension in %v", f.path, name, shape)
		}
	}
	id, err := createDataset(f.id, name, t, shape)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.path, err)
	}
	d := f.track(&Dataset{f: f, id: id, name: name, typ: t, shape: append([]int(nil), shape...)})
	// Its storage is allocated in the file now: on disk too, before any
	// rank writes to it.
	if f.claim != nil {
		f.end = max(f.end, datasetEnd(id))
		if err := f.reserve(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Dataset opens an existing dataset. Its Type is 0 when it holds
// something other than integers or floats. Collective.
func (f *File) Dataset(name string) (*Dataset, error) {
	id, t, shape, err := openDataset(f.id, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.path, err)
	}
	if f.claim != nil {
		f.end = max(f.end, datasetEnd(id)) // a resumed file's
	}
	return f.track(&Dataset{f: f, id: id, name: name, typ: t, shape: shape}), nil
}

func (f *File) track(d *Dataset) *Dataset {
	f.open = append(f.open, d)
	return d
}

// Name is the dataset's path in its file.
func (d *Dataset) Name() string { return d.name }

// Type is the dataset's element type (0 if not numeric).
func (d *Dataset) Type() Type { return d.typ }

// Shape is the dataset's global shape.
func (d *Dataset) Shape() []int { return append([]int(nil), d.shape...) }

// Len is the number of elements in the dataset.
func (d *Dataset) Len() int { return product(d.shape) }

func product(v []int) int {
	n := 1
	for _, x := range v {
		n *= x
	}
	return n
}

// Write writes data, a []float64, []float32, []int64, []int32 or []uint8,
// to the block at offset with extent count. HDF5 converts to the
// dataset's type. A rank with nothing to write passes a zero count (and
// an empty slice) but still calls Write: transfers are collective.
func (d *Dataset) Write(offset, count []int, data any) error {
	return d.transfer(true, offset, nil, count, data)
}

// WriteRows writes whole rows of the dataset: those whose indices along
// the first dimension are rows (increasing), data holding them in that
// order. With an Independent file each rank writes its own rows alone;
// otherwise every rank calls it, with no rows if it has none.
func (d *Dataset) WriteRows(rows []int, data any) error {
	return d.transferRows(true, rows, data)
}

// ReadRows reads whole rows, as WriteRows writes them.
func (d *Dataset) ReadRows(rows []int, data any) error {
	return d.transferRows(false, rows, data)
}

func (d *Dataset) transferRows(write bool, rows []int, data any) error {
	verb := "read"
	if write {
		verb = "write"
	}
	where := func() string { return fmt.Sprintf("%s: %s %d rows of %s", d.f.path, verb, len(rows), d.name) }
	t, p, n, err := sliceOf(data)
	if err != nil {
		return fmt.Errorf("%s: %w", where(), err)
	}
	for i, r := range rows {
		if r < 0 || r >= d.shape[0] || (i > 0 && r <= rows[i-1]) {
			return fmt.Errorf("%s: row %d: rows must be increasing, within [0, %d)", where(), r, d.shape[0])
		}
	}
	if want := len(rows) * product(d.shape[1:]); n != want {
		return fmt.Errorf("%s: buffer holds %d elements, the rows %d", where(), n, want)
	}
	if !xferRows(write, d.id, t, rows, p, d.f.dxpl) {
		return h5err("%s", where())
	}
	return nil
}

// Read reads the block at offset with extent count into data, converting
// from the dataset's type. Collective, like Write.
func (d *Dataset) Read(offset, count []int, data any) error {
	return d.transfer(false, offset, nil, count, data)
}

// transfer moves the block at offset of count elements, every stride-th
// along each dimension (stride nil: contiguous).
func (d *Dataset) transfer(write bool, offset, stride, count []int, data any) error {
	verb := "read"
	if write {
		verb = "write"
	}
	where := func() string {
		if stride != nil {
			return fmt.Sprintf("%s: %s %s block %v+%v step %v", d.f.path, verb, d.name, offset, count, stride)
		}
		return fmt.Sprintf("%s: %s %s block %v+%v", d.f.path, verb, d.name, offset, count)
	}
	t, p, n, err := sliceOf(data)
	if err != nil {
		return fmt.Errorf("%s: %w", where(), err)
	}
	if err := d.checkBlock(offset, stride, count, n); err != nil {
		return fmt.Errorf("%s: %w", where(), err)
	}
	if !xfer(write, d.id, t, offset, stride, count, p, d.f.dxpl) {
		return h5err("%s", where())
	}
	return d.f.checkCollective(fmt.Sprintf("%s: %s %s", d.f.path, verb, d.name))
}

func (d *Dataset) checkBlock(offset, stride, count []int, n int) error {
	if len(offset) != len(d.shape) || len(count) != len(d.shape) || (stride != nil && len(stride) != len(d.shape)) {
		return fmt.Errorf("block has rank %d/%d, dataset has shape %v", len(offset), len(count), d.shape)
	}
	var bad []string
	for i := range d.shape {
		step := 1
		if stride != nil {
			step = stride[i]
		}
		end := offset[i] + count[i] // just past the last element taken
		if count[i] > 0 {
			end = offset[i] + (count[i]-1)*step + 1
		}
		if offset[i] < 0 || count[i] < 0 || step < 1 || end > d.shape[i] {
			bad = append(bad, fmt.Sprintf("dimension %d", i))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("block outside shape %v in %s", d.shape, strings.Join(bad, ", "))
	}
	if want := product(count); n != want {
		return fmt.Errorf("buffer holds %d elements, block has %d", n, want)
	}
	return nil
}

// SetAttr writes an attribute on the dataset: a string, float64, int,
// int64, []float64 or []int64. Collective.
func (d *Dataset) SetAttr(name string, value any) error {
	d.f.attrs += attrSize(value)
	return setAttr(d.id, d.f.path+":"+d.name, name, value)
}

// Close releases the dataset. Collective.
func (d *Dataset) Close() error {
	if d.id < 0 {
		return nil
	}
	ok := closeDataset(d.id)
	d.id = -1
	for i, o := range d.f.open {
		if o == d {
			d.f.open = append(d.f.open[:i], d.f.open[i+1:]...)
			break
		}
	}
	if !ok {
		return h5err("%s: close dataset %s", d.f.path, d.name)
	}
	return nil
}
