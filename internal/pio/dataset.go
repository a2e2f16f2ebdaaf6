package pio

import (
	"fmt"
	"strings"

	"github.com/h5mpi/h5mpi/internal/h5"
)

// Dataset is an n-dimensional dataset of a File.
type Dataset struct {
	f     *File
	id    h5.ID
	name  string
	typ   h5.Type
	shape []int
}

// CreateDataset creates a dataset of element type t and global shape
// shape, the same on every rank. The name may be a path ("run1/x"): the
// groups on it are made if missing. Storage is allocated at once and never
// filled: each element is written exactly once by the rank that owns it.
// Collective.
func (f *File) CreateDataset(name string, t h5.Type, shape []int) (*Dataset, error) {
	if len(shape) == 0 {
		return nil, fmt.Errorf("%s: create dataset %q: empty shape", f.path, name)
	}
	for _, n := range shape {
		if n < 0 {
			return nil, fmt.Errorf("%s: create dataset %q: negative dimension in %v", f.path, name, shape)
		}
	}
	id, err := h5.CreateDataset(f.id, name, t, shape, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.path, err)
	}
	d := f.track(&Dataset{f: f, id: id, name: name, typ: t, shape: append([]int(nil), shape...)})
	// Its storage is allocated in the file now: on disk too, before any
	// rank writes to it.
	if f.claim != nil {
		f.end = max(f.end, h5.DatasetEnd(id))
		if err := f.reserve(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Dataset opens an existing dataset. Its Type is 0 when it holds
// something other than integers or floats. Collective.
func (f *File) Dataset(name string) (*Dataset, error) {
	id, t, shape, err := h5.OpenDataset(f.id, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.path, err)
	}
	if f.claim != nil {
		f.end = max(f.end, h5.DatasetEnd(id)) // a resumed file's
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
func (d *Dataset) Type() h5.Type { return d.typ }

// Stored describes the type the dataset holds in the file: its class
// ("integer", "float", "string", "compound", or "other") and element size
// in bytes. Read converts integers and floats of any size and byte order
// to the buffer's type; Stored is for checking that a file holds what a
// layout prescribes.
func (d *Dataset) Stored() (class string, size int, err error) {
	class, size, ok := h5.Stored(d.id)
	if !ok {
		return "", 0, h5.Errorf("%s: dataset %s: read its type", d.f.path, d.name)
	}
	return class, size, nil
}

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

// Write writes data to the block at offset with extent count. HDF5
// converts to the dataset's type. A rank with nothing to write passes a
// zero count (and an empty slice) but still calls Write: transfers are
// collective.
func Write[T h5.Elem](d *Dataset, offset, count []int, data []T) error {
	return transfer(d, true, h5.Block{Offset: offset, Count: count}, data)
}

// Read reads the block at offset with extent count into data, converting
// from the dataset's type. Collective, like Write.
func Read[T h5.Elem](d *Dataset, offset, count []int, data []T) error {
	return transfer(d, false, h5.Block{Offset: offset, Count: count}, data)
}

// ReadStrided reads count elements along each dimension from offset,
// every stride-th (stride 1 is Read), into data, converting from the
// dataset's type. Collective on a file opened with Open, like Read.
func ReadStrided[T h5.Elem](d *Dataset, offset, stride, count []int, data []T) error {
	return transfer(d, false, h5.Block{Offset: offset, Stride: stride, Count: count}, data)
}

// WriteRows writes whole rows of the dataset: those whose indices along
// the first dimension are rows (increasing), data holding them in that
// order. With an Independent file each rank writes its own rows alone;
// otherwise every rank calls it, with no rows if it has none.
func WriteRows[T h5.Elem](d *Dataset, rows []int, data []T) error {
	return transferRows(d, true, rows, data)
}

// ReadRows reads whole rows, as WriteRows writes them.
func ReadRows[T h5.Elem](d *Dataset, rows []int, data []T) error {
	return transferRows(d, false, rows, data)
}

func transferRows[T h5.Elem](d *Dataset, write bool, rows []int, data []T) error {
	where := func() string { return fmt.Sprintf("%s: %s %d rows of %s", d.f.path, verb(write), len(rows), d.name) }
	for i, r := range rows {
		if r < 0 || r >= d.shape[0] || (i > 0 && r <= rows[i-1]) {
			return fmt.Errorf("%s: row %d: rows must be increasing, within [0, %d)", where(), r, d.shape[0])
		}
	}
	if want := len(rows) * product(d.shape[1:]); len(data) != want {
		return fmt.Errorf("%s: buffer holds %d elements, the rows %d", where(), len(data), want)
	}
	if !h5.TransferRows(write, d.id, rows, data, d.f.dxpl) {
		return h5.Errorf("%s", where())
	}
	return nil
}

// transfer moves the block b.
func transfer[T h5.Elem](d *Dataset, write bool, b h5.Block, data []T) error {
	where := func() string {
		if b.Stride != nil {
			return fmt.Sprintf("%s: %s %s block %v+%v step %v", d.f.path, verb(write), d.name, b.Offset, b.Count, b.Stride)
		}
		return fmt.Sprintf("%s: %s %s block %v+%v", d.f.path, verb(write), d.name, b.Offset, b.Count)
	}
	if err := d.checkBlock(b.Offset, b.Stride, b.Count, len(data)); err != nil {
		return fmt.Errorf("%s: %w", where(), err)
	}
	if !h5.Transfer(write, d.id, b, data, d.f.dxpl) {
		return h5.Errorf("%s", where())
	}
	return d.f.checkCollective(fmt.Sprintf("%s: %s %s", d.f.path, verb(write), d.name))
}

func verb(write bool) string {
	if write {
		return "write"
	}
	return "read"
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

// SetAttrs writes attributes on the dataset. Collective.
func (d *Dataset) SetAttrs(attrs ...h5.Attribute) error {
	for _, a := range attrs {
		d.f.attrs += attrSize(a.Value)
		if err := a.Write(d.id, d.f.path+":"+d.name); err != nil {
			return err
		}
	}
	return nil
}

// Close releases the dataset. Collective.
func (d *Dataset) Close() error {
	if d.id < 0 {
		return nil
	}
	ok := h5.CloseDataset(d.id)
	d.id = -1
	for i, o := range d.f.open {
		if o == d {
			d.f.open = append(d.f.open[:i], d.f.open[i+1:]...)
			break
		}
	}
	if !ok {
		return h5.Errorf("%s: close dataset %s", d.f.path, d.name)
	}
	return nil
}
