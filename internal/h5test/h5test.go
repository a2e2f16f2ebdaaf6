// Package h5test writes and reads small HDF5 files serially, with gonum's
// HDF5 package (an implementation independent of pio), for tests: inputs
// in the layouts the programs read, including files as the Python
// originals write them, and an independent reader of what they write.
package h5test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/hdf5"
)

// Dataset is a dataset to write: Data is a slice of any fixed-size Go
// type gonum maps to HDF5 (float64, float32, the integers, structs of
// them as compound types), holding the product of Dims elements. Name may
// contain groups ("grp/x"); they are created.
type Dataset struct {
	Name string
	Dims []uint
	Data any
}

// create creates path, replacing any file there, fills it and closes it,
// reporting the first error.
func create(path string, fill func(*hdf5.File) error) (err error) {
	f, err := hdf5.CreateFile(path, hdf5.F_ACC_TRUNC)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close %s: %w", path, cerr)
		}
	}()
	return fill(f)
}

// Write creates path with the datasets, replacing any file there.
func Write(path string, ds ...Dataset) error {
	return create(path, func(f *hdf5.File) error { return writeAll(f, path, ds) })
}

func writeAll(f *hdf5.File, path string, ds []Dataset) error {
	groups := map[string]bool{}
	for _, d := range ds {
		parts := strings.Split(strings.Trim(d.Name, "/"), "/")
		for i := 1; i < len(parts); i++ {
			g := strings.Join(parts[:i], "/")
			if groups[g] {
				continue
			}
			grp, err := f.CreateGroup(g)
			if err != nil {
				return fmt.Errorf("%s: group %s: %w", path, g, err)
			}
			grp.Close()
			groups[g] = true
		}
		if err := write(f, d); err != nil {
			return fmt.Errorf("%s: %s: %w", path, d.Name, err)
		}
	}
	return nil
}

func write(f *hdf5.File, d Dataset) error {
	v := reflect.ValueOf(d.Data)
	if v.Kind() != reflect.Slice {
		return fmt.Errorf("data of type %T: want a slice", d.Data)
	}
	n := uint(1)
	for _, x := range d.Dims {
		n *= x
	}
	if uint(v.Len()) != n {
		return fmt.Errorf("%d values for dims %v", v.Len(), d.Dims)
	}
	dt, err := hdf5.NewDataTypeFromType(v.Type().Elem())
	if err != nil {
		return err
	}
	space, err := hdf5.CreateSimpleDataspace(d.Dims, nil)
	if err != nil {
		return err
	}
	defer space.Close()
	ds, err := f.CreateDataset(d.Name, dt, space)
	if err != nil {
		return err
	}
	defer ds.Close()
	if n == 0 {
		return nil
	}
	p := reflect.New(v.Type()) // gonum writes through a pointer to the slice
	p.Elem().Set(v)
	return ds.Write(p.Interface())
}

// MustWrite is Write for tests: a failure fails t.
func MustWrite(t testing.TB, path string, ds ...Dataset) {
	t.Helper()
	if err := Write(path, ds...); err != nil {
		t.Fatal(err)
	}
}

// Column returns column j of the row-major table x of cols columns.
func Column(x []float64, cols, j int) []float64 {
	out := make([]float64, 0, len(x)/cols)
	for i := j; i < len(x); i += cols {
		out = append(out, x[i])
	}
	return out
}

// ReadFloat64 reads a whole float64 dataset and its dimensions.
func ReadFloat64(path, name string) ([]float64, []uint, error) { return read[float64](path, name) }

// ReadFloat32 reads a whole float32 dataset and its dimensions.
func ReadFloat32(path, name string) ([]float32, []uint, error) { return read[float32](path, name) }

// Float reports the size in bytes of the floats a dataset stores, 0 if
// it stores something else: what a file holds, whatever type a reader
// would convert it to.
func Float(path, name string) (int, error) {
	f, err := hdf5.OpenFile(path, hdf5.F_ACC_RDONLY)
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	d, err := f.OpenDataset(name)
	if err != nil {
		return 0, fmt.Errorf("%s: %s: %w", path, name, err)
	}
	defer d.Close()
	t, err := d.Datatype()
	if err != nil {
		return 0, fmt.Errorf("%s: %s: %w", path, name, err)
	}
	defer t.Close()
	if t.Class() != hdf5.T_FLOAT {
		return 0, nil
	}
	return int(t.Size()), nil
}

// ReadInt32 reads a whole int32 dataset and its dimensions.
func ReadInt32(path, name string) ([]int32, []uint, error) { return read[int32](path, name) }

// ReadInt64 reads a whole int64 dataset and its dimensions.
func ReadInt64(path, name string) ([]int64, []uint, error) { return read[int64](path, name) }

// ReadUint8 reads a whole uint8 dataset and its dimensions.
func ReadUint8(path, name string) ([]uint8, []uint, error) { return read[uint8](path, name) }

// read reads a whole dataset whose elements are of Go type T, which
// gonum/hdf5 takes as the type stored.
func read[T any](path, name string) ([]T, []uint, error) {
	f, err := hdf5.OpenFile(path, hdf5.F_ACC_RDONLY)
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	d, err := f.OpenDataset(name)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %s: %w", path, name, err)
	}
	defer d.Close()
	space := d.Space()
	defer space.Close()
	dims, _, err := space.SimpleExtentDims()
	if err != nil {
		return nil, nil, err
	}
	n := uint(1)
	for _, x := range dims {
		n *= x
	}
	v := make([]T, n)
	if n > 0 {
		if err := d.Read(&v); err != nil {
			return nil, nil, fmt.Errorf("%s: read %s: %w", path, name, err)
		}
	}
	return v, dims, nil
}

// ReadAttr reads a float64 array attribute of n values of a dataset.
func ReadAttr(path, dataset, name string, n int) ([]float64, error) {
	f, err := hdf5.OpenFile(path, hdf5.F_ACC_RDONLY)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	d, err := f.OpenDataset(dataset)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	a, err := d.OpenAttribute(name)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	v := reflect.New(reflect.ArrayOf(n, reflect.TypeOf(float64(0)))) // gonum reads arrays, not slices
	if err := a.Read(v.Interface(), hdf5.T_NATIVE_DOUBLE); err != nil {
		return nil, err
	}
	out := make([]float64, n)
	reflect.Copy(reflect.ValueOf(out), v.Elem())
	return out, nil
}

// ReadRootString reads a string attribute of the root group, such as the
// version galaxy and h5stats -normalize record.
func ReadRootString(path, name string) (string, error) {
	f, err := hdf5.OpenFile(path, hdf5.F_ACC_RDONLY)
	if err != nil {
		return "", fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	g, err := f.OpenGroup("/")
	if err != nil {
		return "", err
	}
	defer g.Close()
	a, err := g.OpenAttribute(name)
	if err != nil {
		return "", fmt.Errorf("%s: attribute %s: %w", path, name, err)
	}
	defer a.Close()
	var s string // gonum reads fixed and variable-length strings alike
	if err := a.Read(&s, nil); err != nil {
		return "", fmt.Errorf("%s: attribute %s: %w", path, name, err)
	}
	return s, nil
}

// ReadRootInt64 reads a scalar integer attribute of the root group.
func ReadRootInt64(path, name string) (int64, error) {
	f, err := hdf5.OpenFile(path, hdf5.F_ACC_RDONLY)
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	g, err := f.OpenGroup("/")
	if err != nil {
		return 0, err
	}
	defer g.Close()
	a, err := g.OpenAttribute(name)
	if err != nil {
		return 0, fmt.Errorf("%s: attribute %s: %w", path, name, err)
	}
	defer a.Close()
	var v int64
	if err := a.Read(&v, hdf5.T_NATIVE_INT64); err != nil {
		return 0, fmt.Errorf("%s: attribute %s: %w", path, name, err)
	}
	return v, nil
}

// Galaxy writes a galaxy file as the Python original does: the four
// datasets pos_pt, vel_pt (n, steps, 3), pos_nuc and vel_nuc (1, steps,
// 3), float64, nothing else. Element (i, j, k) of each comes from its
// function; a nil function gives zeros.
func Galaxy(path string, n, steps int, pos, vel, nucPos, nucVel func(i, j, k int) float64) error {
	fill := func(bodies int, f func(i, j, k int) float64) []float64 {
		v := make([]float64, 0, bodies*steps*3)
		for i := 0; i < bodies; i++ {
			for j := 0; j < steps; j++ {
				for k := 0; k < 3; k++ {
					x := 0.0
					if f != nil {
						x = f(i, j, k)
					}
					v = append(v, x)
				}
			}
		}
		return v
	}
	pt := []uint{uint(n), uint(steps), 3}
	nuc := []uint{1, uint(steps), 3}
	return Write(path,
		Dataset{"pos_pt", pt, fill(n, pos)},
		Dataset{"vel_pt", pt, fill(n, vel)},
		Dataset{"pos_nuc", nuc, fill(1, nucPos)},
		Dataset{"vel_nuc", nuc, fill(1, nucVel)})
}

// Declare creates path with datasets of the given shapes and file type and
// no data, for bad-input tests: chunked, so that even an absurd declared
// size costs nothing on disk.
func Declare(path string, sets map[string][]uint, typ *hdf5.Datatype) error {
	return create(path, func(f *hdf5.File) error {
		for name, dims := range sets {
			if err := declare(f, name, dims, typ); err != nil {
				return fmt.Errorf("%s: %s %v: %w", path, name, dims, err)
			}
		}
		return nil
	})
}

func declare(f *hdf5.File, name string, dims []uint, typ *hdf5.Datatype) error {
	sp, err := hdf5.CreateSimpleDataspace(dims, nil)
	if err != nil {
		return err
	}
	defer sp.Close()
	pl, err := hdf5.NewPropList(hdf5.P_DATASET_CREATE)
	if err != nil {
		return err
	}
	defer pl.Close()
	chunk := make([]uint, len(dims))
	for i := range chunk {
		chunk[i] = max(min(dims[i], 4), 1)
	}
	if err := pl.SetChunk(chunk); err != nil {
		return err
	}
	d, err := f.CreateDatasetWith(name, typ, sp, pl)
	if err != nil {
		return err
	}
	return d.Close()
}
