package pio

// This file is pio's cgo layer for the HDF5 calls shared by the MPI build
// and the one-rank stand-in. The MPI-IO specific calls live in mpi.go.
// Everything here takes and returns Go types, bar the hid_t handles that
// the rest of the package keeps as the hid type.

/*
#cgo pkg-config: hdf5-mpi
#include <stdlib.h>
#include <string.h>
#include <hdf5.h>
#include "errstack.h"

// The error stack is walked into a buffer of records separated by 0x1e
// (descriptions, MPI's included, may hold newlines); each record is the
// description HDF5 pushed and its minor message, outermost call first.
typedef struct { char buf[8192]; size_t len; } pio_errbuf;

static herr_t pio_walk(unsigned n, const H5E_error2_t *e, void *data) {
	pio_errbuf *b = (pio_errbuf *)data;
	const char *d = e->desc ? e->desc : "";
	char min[256] = "";
	if (e->min_num > 0) H5Eget_msg(e->min_num, NULL, min, sizeof min);
	int w = snprintf(b->buf + b->len, sizeof b->buf - b->len, "%s\x1f%s\x1e", d, min);
	if (w > 0) {
		b->len += (size_t)w;
		if (b->len >= sizeof b->buf) b->len = sizeof b->buf - 1;
	}
	return 0;
}

static void pio_error_stack(pio_errbuf *b) {
	b->len = 0;
	b->buf[0] = 0;
	H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, pio_walk, b);
	H5Eclear2(H5E_DEFAULT);
}

// Kinds of element, mirrored by the Type constants in Go.
enum { PIO_F64 = 1, PIO_F32, PIO_I64, PIO_I32, PIO_U8, PIO_U64 };

static hid_t pio_memtype(int t) {
	switch (t) {
	case PIO_F64: return H5T_NATIVE_DOUBLE;
	case PIO_F32: return H5T_NATIVE_FLOAT;
	case PIO_I64: return H5T_NATIVE_INT64;
	case PIO_I32: return H5T_NATIVE_INT32;
	case PIO_U8: return H5T_NATIVE_UINT8;
	case PIO_U64: return H5T_NATIVE_UINT64;
	}
	return -1;
}

// The file types are fixed little-endian types, whatever the machine, so
// files match the Python original's byte for byte in layout.
static hid_t pio_filetype(int t) {
	switch (t) {
	case PIO_F64: return H5T_IEEE_F64LE;
	case PIO_F32: return H5T_IEEE_F32LE;
	case PIO_I64: return H5T_STD_I64LE;
	case PIO_I32: return H5T_STD_I32LE;
	case PIO_U8: return H5T_STD_U8LE;
	case PIO_U64: return H5T_STD_U64LE;
	}
	return -1;
}

// pio_kind maps a dataset's stored type to a PIO_ kind, or 0 if it is not
// one pio can convert from (strings, compounds, ...). Integers and floats
// of any size convert to the requested memory type in HDF5 itself.
static int pio_kind(hid_t dset) {
	hid_t t = H5Dget_type(dset);
	if (t < 0) return -1;
	H5T_class_t c = H5Tget_class(t);
	size_t sz = H5Tget_size(t);
	H5T_sign_t s = H5Tget_sign(t);
	H5Tclose(t);
	if (c == H5T_FLOAT) return sz == 4 ? PIO_F32 : PIO_F64;
	if (c == H5T_INTEGER) {
		// The smallest kind that holds every value exactly: unsigned
		// 32-bit values do not fit int32, unsigned 64-bit ones not int64.
		if (s == H5T_SGN_NONE) {
			if (sz == 1) return PIO_U8;
			return sz <= 4 ? PIO_I64 : PIO_U64;
		}
		return sz <= 4 ? PIO_I32 : PIO_I64;
	}
	return 0;
}

// chunk NULL: contiguous storage; else chunks of chunk[].
static hid_t pio_create_dataset(hid_t file, const char *name, int t, int rank, const hsize_t *dims, const hsize_t *chunk) {
	hid_t space = H5Screate_simple(rank, dims, NULL);
	if (space < 0) return -1;
	hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
	if (dcpl < 0) { H5Sclose(space); return -1; }
	// Every element is written by exactly one rank: fill values would only
	// double the I/O. Early allocation is what parallel HDF5 requires.
	// "run1/normal" makes the group run1 if need be, as h5py does.
	hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
	hid_t d = -1;
	if (lcpl >= 0 && H5Pset_create_intermediate_group(lcpl, 1) >= 0 &&
	    (chunk == NULL || H5Pset_chunk(dcpl, rank, chunk) >= 0) &&
	    H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER) >= 0 &&
	    H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY) >= 0)
		d = H5Dcreate2(file, name, pio_filetype(t), space, lcpl, dcpl, H5P_DEFAULT);
	hid_t es = pio_keep(d < 0);
	if (lcpl >= 0) H5Pclose(lcpl);
	H5Pclose(dcpl);
	H5Sclose(space);
	pio_restore(es);
	return d;
}

static int pio_shape(hid_t dset, hsize_t *dims, int max) {
	hid_t space = H5Dget_space(dset);
	if (space < 0) return -1;
	int n = H5Sget_simple_extent_ndims(space);
	if (n > max) n = -2;
	else if (n >= 0 && H5Sget_simple_extent_dims(space, dims, NULL) < 0) n = -1;
	hid_t es = pio_keep(n == -1);
	H5Sclose(space);
	pio_restore(es);
	return n;
}

static char pio_dummy[8];

// pio_xfer writes (write != 0) or reads one block, every stride-th
// element along each dimension (stride NULL: contiguous). A block with a
// zero count selects nothing yet still takes part in a collective transfer.
static herr_t pio_xfer(int write, hid_t dset, int t, int rank, const hsize_t *off, const hsize_t *stride, const hsize_t *cnt, void *buf, hid_t dxpl) {
	hid_t fs = H5Dget_space(dset);
	if (fs < 0) return -1;
	int empty = 0;
	for (int i = 0; i < rank; i++) if (cnt[i] == 0) empty = 1;
	hid_t ms;
	herr_t err;
	if (empty) {
		err = H5Sselect_none(fs);
		ms = H5Scopy(fs);
		if (ms >= 0 && H5Sselect_none(ms) < 0) err = -1;
		buf = pio_dummy;
	} else {
		err = H5Sselect_hyperslab(fs, H5S_SELECT_SET, off, stride, cnt, NULL);
		ms = H5Screate_simple(rank, cnt, NULL);
	}
	if (err >= 0 && ms >= 0) {
		if (write) err = H5Dwrite(dset, pio_memtype(t), ms, fs, dxpl, buf);
		else err = H5Dread(dset, pio_memtype(t), ms, fs, dxpl, buf);
	} else err = -1;
	hid_t es = pio_keep(err < 0);
	if (ms >= 0) H5Sclose(ms);
	H5Sclose(fs);
	pio_restore(es);
	return err;
}

static herr_t pio_attr_write(hid_t obj, const char *name, hid_t ftype, hid_t mtype, hsize_t n, int scalar, const void *buf) {
	hid_t space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, NULL);
	if (space < 0) return -1;
	hid_t a = H5Acreate2(obj, name, ftype, space, H5P_DEFAULT, H5P_DEFAULT);
	herr_t err = -1;
	hid_t es = -1;
	if (a >= 0) {
		err = H5Awrite(a, mtype, buf);
		es = pio_keep(err < 0);
		if (H5Aclose(a) < 0) { err = -1; if (es < 0) es = pio_keep(1); }
	} else {
		es = pio_keep(1);
	}
	H5Sclose(space);
	pio_restore(es);
	return err;
}

static herr_t pio_attr_num(hid_t obj, const char *name, int t, hsize_t n, int scalar, const void *buf) {
	return pio_attr_write(obj, name, pio_filetype(t), pio_memtype(t), n, scalar, buf);
}

// Strings are stored as variable-length UTF-8, which h5py reads as str.
static herr_t pio_attr_str(hid_t obj, const char *name, const char *s) {
	hid_t t = H5Tcopy(H5T_C_S1);
	if (t < 0) return -1;
	herr_t err = -1;
	if (H5Tset_size(t, H5T_VARIABLE) >= 0 && H5Tset_cset(t, H5T_CSET_UTF8) >= 0)
		err = pio_attr_write(obj, name, t, t, 1, 1, &s);
	hid_t es = pio_keep(err < 0);
	H5Tclose(t);
	pio_restore(es);
	return err;
}

static hid_t pio_root(hid_t file) { return H5Gopen2(file, "/", H5P_DEFAULT); }
static hid_t pio_open_dataset(hid_t file, const char *name) { return H5Dopen2(file, name, H5P_DEFAULT); }
static int pio_exists(hid_t file, const char *name) { return H5Lexists(file, name, H5P_DEFAULT); }

// The automatic error printing in force outside pio, saved while one of
// pio's calls runs with it off. A setting made through HDF5's old (v1)
// interface cannot be read back through v2: it is then left alone.
typedef struct { H5E_auto2_t func; void *data; int saved; } pio_auto;

static void pio_quiet_enter(pio_auto *a) {
	a->saved = H5Eget_auto2(H5E_DEFAULT, &a->func, &a->data) >= 0;
	if (a->saved) H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}
static void pio_quiet_leave(pio_auto *a) {
	if (a->saved) H5Eset_auto2(H5E_DEFAULT, a->func, a->data);
}

// For tests: whether HDF5 prints errors by itself, and turning that on
// (HDF5's default) or off.
static int pio_printing(void) {
	H5E_auto2_t f = NULL;
	void *d = NULL;
	H5Eget_auto2(H5E_DEFAULT, &f, &d);
	return f != NULL;
}
static void pio_set_printing(int on) {
	if (on) H5Eset_auto2(H5E_DEFAULT, (H5E_auto2_t)H5Eprint2, stderr);
	else H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

// pio_xfer_rows writes or reads whole rows of dset, those of the n
// increasing indices rows along the first dimension, buf holding them in
// that order. Runs of consecutive rows become one block each.
static herr_t pio_xfer_rows(int write, hid_t dset, int t, const long long *rows, int n, void *buf, hid_t dxpl) {
	hid_t fs = H5Dget_space(dset);
	if (fs < 0) return -1;
	hsize_t dims[H5S_MAX_RANK], off[H5S_MAX_RANK] = {0}, cnt[H5S_MAX_RANK];
	int rank = H5Sget_simple_extent_dims(fs, dims, NULL);
	herr_t err = rank < 1 ? -1 : H5Sselect_none(fs);
	hsize_t elems = 0;
	for (int k = 0; k < n && err >= 0;) {
		int j = k + 1;
		while (j < n && rows[j] == rows[j - 1] + 1) j++;
		off[0] = (hsize_t)rows[k];
		cnt[0] = (hsize_t)(j - k);
		hsize_t e = cnt[0];
		for (int d = 1; d < rank; d++) { cnt[d] = dims[d]; e *= dims[d]; }
		err = H5Sselect_hyperslab(fs, H5S_SELECT_OR, off, NULL, cnt, NULL);
		elems += e;
		k = j;
	}
	hid_t ms = -1;
	if (err >= 0) {
		hsize_t m = elems ? elems : 1;
		ms = H5Screate_simple(1, &m, NULL);
		if (ms < 0 || (elems == 0 && H5Sselect_none(ms) < 0)) err = -1;
		if (elems == 0) buf = pio_dummy;
	}
	if (err >= 0) {
		if (write) err = H5Dwrite(dset, pio_memtype(t), ms, fs, dxpl, buf);
		else err = H5Dread(dset, pio_memtype(t), ms, fs, dxpl, buf);
	}
	hid_t es = pio_keep(err < 0);
	if (ms >= 0) H5Sclose(ms);
	H5Sclose(fs);
	pio_restore(es);
	return err;
}

// pio_attr_get reads the scalar attribute name of obj: a float into *f
// (returns 1), an integer into *i (2), a string into *s, which the caller
// frees (3); 4 for anything else, 0 if there is none, -1 on failure.
static int pio_attr_get(hid_t obj, const char *name, double *f, long long *i, char **s) {
	htri_t ex = H5Aexists(obj, name);
	if (ex <= 0) return ex < 0 ? -1 : 0;
	hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
	if (a < 0) return -1;
	int kind = -1;
	hid_t sp = H5Aget_space(a), t = H5Aget_type(a);
	if (sp >= 0 && t >= 0) {
		if (H5Sget_simple_extent_npoints(sp) != 1) kind = 4;
		else switch (H5Tget_class(t)) {
		case H5T_FLOAT:
			if (H5Aread(a, H5T_NATIVE_DOUBLE, f) >= 0) kind = 1;
			break;
		case H5T_INTEGER:
			if (H5Aread(a, H5T_NATIVE_LLONG, i) >= 0) kind = 2;
			break;
		case H5T_STRING:
			if (H5Tis_variable_str(t) > 0) {
				char *v = NULL;
				hid_t m = H5Tcopy(H5T_C_S1);
				// HDF5 converts no character set into another.
				if (m >= 0 && H5Tset_size(m, H5T_VARIABLE) >= 0 && H5Tset_cset(m, H5Tget_cset(t)) >= 0 &&
				    H5Aread(a, m, &v) >= 0) {
					*s = strdup(v ? v : "");
					H5free_memory(v);
					kind = 3;
				}
				if (m >= 0) H5Tclose(m);
			} else {
				size_t n = H5Tget_size(t);
				char *v = calloc(n + 1, 1);
				if (v && H5Aread(a, t, v) >= 0) {
					*s = v;
					kind = 3;
				} else free(v);
			}
			break;
		default:
			kind = 4;
		}
	}
	hid_t es = pio_keep(kind < 0);
	if (sp >= 0) H5Sclose(sp);
	if (t >= 0) H5Tclose(t);
	H5Aclose(a);
	pio_restore(es);
	return kind;
}

// pio_stored gives the class and byte size of a dataset's stored type.
static int pio_stored(hid_t dset, size_t *size) {
	hid_t t = H5Dget_type(dset);
	if (t < 0) return -1;
	H5T_class_t c = H5Tget_class(t);
	*size = H5Tget_size(t);
	H5Tclose(t);
	return c;
}
// The knobs of props.go, own.go and chunked.go, from here to the end.

static hid_t pio_fapl_new(void) { return H5Pcreate(H5P_FILE_ACCESS); }
static herr_t pio_set_alignment(hid_t fapl, hsize_t threshold, hsize_t align) {
	return H5Pset_alignment(fapl, threshold, align);
}


static hsize_t pio_storage_size(hid_t d) { return H5Dget_storage_size(d); }

// pio_file_locking sets HDF5's file locks on or off (use), or to be
// tried but not required (best effort), where HDF5 has the setting
// (1.10.7 and later; older ones read HDF5_USE_FILE_LOCKING only).
static herr_t pio_file_locking(hid_t fapl, int use, int best_effort) {
#if H5_VERSION_GE(1, 10, 7)
	return H5Pset_file_locking(fapl, use, best_effort);
#else
	return 0;
#endif
}
*/
import "C"

import (
	"fmt"
	"strings"
	"unsafe"
)

// hid is an HDF5 identifier.
type hid = C.hid_t

// Type is the element type of a dataset.
type Type int

// Element types pio creates, reads and writes. Files always hold the
// little-endian form.
const (
	Float64 Type = C.PIO_F64
	Float32 Type = C.PIO_F32
	Int64   Type = C.PIO_I64
	Int32   Type = C.PIO_I32
	Uint8   Type = C.PIO_U8
	Uint64  Type = C.PIO_U64
)

func (t Type) String() string {
	switch t {
	case Float64:
		return "float64"
	case Float32:
		return "float32"
	case Int64:
		return "int64"
	case Int32:
		return "int32"
	case Uint8:
		return "uint8"
	case Uint64:
		return "uint64"
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// Error is an HDF5 failure, with the messages HDF5 pushed on its error
// stack, outermost first.
type Error struct {
	Op    string   // what pio was doing, with the file or dataset it concerned
	Stack []string // HDF5's descriptions, outermost call first
}

func (e *Error) Error() string {
	if len(e.Stack) == 0 {
		return e.Op + ": HDF5 call failed"
	}
	// The outermost message says what failed, the innermost two say why;
	// the levels between mostly repeat them.
	msgs := e.Stack
	if len(msgs) > 3 {
		msgs = append([]string{msgs[0]}, msgs[len(msgs)-2:]...)
	}
	return e.Op + ": " + strings.Join(msgs, ": ")
}

// h5err reads and clears HDF5's error stack into an *Error for op,
// keeping each level's description once.
func h5err(format string, args ...any) error {
	var b C.pio_errbuf
	C.pio_error_stack(&b)
	e := &Error{Op: fmt.Sprintf(format, args...)}
	seen := map[string]bool{}
	for _, rec := range strings.Split(C.GoStringN(&b.buf[0], C.int(b.len)), "\x1e") {
		desc, minor, _ := strings.Cut(rec, "\x1f")
		m := strings.Join(strings.Fields(desc), " ")
		if m == "" {
			m = strings.TrimSpace(minor)
		}
		if i := strings.Index(m, "MPI error string is "); i >= 0 {
			m = m[:i] + strings.Trim(m[i+len("MPI error string is "):], "'")
		}
		if m == "" || seen[strings.ToLower(m)] {
			continue
		}
		seen[strings.ToLower(m)] = true
		e.Stack = append(e.Stack, m)
	}
	return e
}

func hsizes(v []int) []C.hsize_t {
	out := make([]C.hsize_t, len(v))
	for i, x := range v {
		out[i] = C.hsize_t(x)
	}
	return out
}

func createDataset(file hid, name string, t Type, shape []int) (hid, error) {
	defer quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	dims := hsizes(shape)
	d := C.pio_create_dataset(file, cs, C.int(t), C.int(len(dims)), &dims[0], nil)
	if d < 0 {
		return -1, h5err("create dataset %q %s%v", name, t, shape)
	}
	return d, nil
}

// openDataset opens a dataset and returns its kind (0 if not numeric) and
// shape.
func openDataset(file hid, name string) (hid, Type, []int, error) {
	defer quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	if C.pio_exists(file, cs) <= 0 {
		C.H5Eclear2(C.H5E_DEFAULT)
		return -1, 0, nil, fmt.Errorf("no dataset %q", name)
	}
	d := C.pio_open_dataset(file, cs)
	if d < 0 {
		return -1, 0, nil, h5err("open dataset %q", name)
	}
	k := C.pio_kind(d)
	var dims [32]C.hsize_t
	n := C.pio_shape(d, &dims[0], C.int(len(dims)))
	if k < 0 || n < 0 {
		err := h5err("dataset %q: read type and shape", name)
		C.H5Dclose(d)
		return -1, 0, nil, err
	}
	shape := make([]int, n)
	for i := range shape {
		shape[i] = int(dims[i])
	}
	return d, Type(k), shape, nil
}

// sliceOf returns the element type and first-element pointer of a
// supported slice; the pointer is nil for an empty slice.
func sliceOf(data any) (Type, unsafe.Pointer, int, error) {
	switch s := data.(type) {
	case []float64:
		return Float64, ptr(s), len(s), nil
	case []float32:
		return Float32, ptr(s), len(s), nil
	case []int64:
		return Int64, ptr(s), len(s), nil
	case []int32:
		return Int32, ptr(s), len(s), nil
	case []uint8:
		return Uint8, ptr(s), len(s), nil
	case []uint64:
		return Uint64, ptr(s), len(s), nil
	}
	return 0, nil, 0, fmt.Errorf("unsupported buffer type %T", data)
}

func ptr[T any](s []T) unsafe.Pointer {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Pointer(&s[0])
}

// xfer transfers one block; stride nil means contiguous.
func xfer(write bool, dset hid, t Type, off, stride, cnt []int, buf unsafe.Pointer, dxpl hid) bool {
	defer quiet()()
	w := C.int(0)
	if write {
		w = 1
	}
	o, c := hsizes(off), hsizes(cnt)
	var s *C.hsize_t
	if stride != nil {
		s = &hsizes(stride)[0]
	}
	return C.pio_xfer(w, dset, C.int(t), C.int(len(o)), &o[0], s, &c[0], buf, dxpl) >= 0
}

// setAttr writes a scalar, 1-D or string attribute on obj. where names
// obj in errors.
func setAttr(obj hid, where, name string, value any) error {
	defer quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	num := func(t Type, n int, scalar bool, p unsafe.Pointer) C.herr_t {
		sc := C.int(0)
		if scalar {
			sc = 1
		}
		return C.pio_attr_num(obj, cs, C.int(t), C.hsize_t(n), sc, p)
	}
	var rc C.herr_t
	switch v := value.(type) {
	case string:
		s := C.CString(v)
		defer C.free(unsafe.Pointer(s))
		rc = C.pio_attr_str(obj, cs, s)
	case float64:
		rc = num(Float64, 1, true, unsafe.Pointer(&v))
	case int:
		x := int64(v)
		rc = num(Int64, 1, true, unsafe.Pointer(&x))
	case int64:
		rc = num(Int64, 1, true, unsafe.Pointer(&v))
	case []float64:
		if len(v) == 0 {
			return fmt.Errorf("%s: attribute %q: empty slice", where, name)
		}
		rc = num(Float64, len(v), false, unsafe.Pointer(&v[0]))
	case []int64:
		if len(v) == 0 {
			return fmt.Errorf("%s: attribute %q: empty slice", where, name)
		}
		rc = num(Int64, len(v), false, unsafe.Pointer(&v[0]))
	default:
		return fmt.Errorf("%s: attribute %q: unsupported type %T", where, name, value)
	}
	if rc < 0 {
		return h5err("%s: write attribute %q", where, name)
	}
	return nil
}

func rootGroup(file hid) (hid, error) {
	defer quiet()()
	g := C.pio_root(file)
	if g < 0 {
		return -1, h5err("open root group")
	}
	return g, nil
}

func closeGroup(g hid) bool   { defer quiet()(); return C.H5Gclose(g) >= 0 }
func closeDataset(d hid) bool { defer quiet()(); return C.H5Dclose(d) >= 0 }
func closeFile(f hid) bool    { defer quiet()(); return C.H5Fclose(f) >= 0 }
func closePlist(p hid) bool   { defer quiet()(); return C.H5Pclose(p) >= 0 }

// createFile and openFile use a file access property list from the
// driver (mpi.go or standin.go).
func createFile(path string, fapl hid) (hid, bool) {
	defer quiet()()
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	f := C.H5Fcreate(cs, C.H5F_ACC_TRUNC, C.H5P_DEFAULT, fapl)
	return f, f >= 0
}

func openFile(path string, fapl hid, write bool) (hid, bool) {
	defer quiet()()
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	mode := C.uint(C.H5F_ACC_RDONLY)
	if write {
		mode = C.H5F_ACC_RDWR
	}
	f := C.H5Fopen(cs, mode, fapl)
	return f, f >= 0
}

// flushFile writes out everything HDF5 holds for f and, through the
// MPI-IO driver, syncs it to storage (MPI_File_sync). Collective.
func flushFile(f hid) bool {
	defer quiet()()
	return C.H5Fflush(f, C.H5F_SCOPE_GLOBAL) >= 0
}

// xferRows transfers whole rows (increasing indices) of dset.
func xferRows(write bool, dset hid, t Type, rows []int, buf unsafe.Pointer, dxpl hid) bool {
	defer quiet()()
	w := C.int(0)
	if write {
		w = 1
	}
	r := make([]C.longlong, len(rows))
	for i, x := range rows {
		r[i] = C.longlong(x)
	}
	return C.pio_xfer_rows(w, dset, C.int(t), (*C.longlong)(ptr(r)), C.int(len(r)), buf, dxpl) >= 0
}

// getAttr reads a scalar attribute of obj: float64, int64 or string; nil
// if obj has none of that name.
func getAttr(obj hid, where, name string) (any, error) {
	defer quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	var (
		f C.double
		i C.longlong
		s *C.char
	)
	switch C.pio_attr_get(obj, cs, &f, &i, &s) {
	case 0:
		return nil, nil
	case 1:
		return float64(f), nil
	case 2:
		return int64(i), nil
	case 3:
		defer C.free(unsafe.Pointer(s))
		return C.GoString(s), nil
	case 4:
		return nil, fmt.Errorf("%s: attribute %q is not a scalar number or string", where, name)
	}
	return nil, h5err("%s: read attribute %q", where, name)
}

// datasetEnd is the file address just past d's storage, or 0 if it has
// none in one piece.
func datasetEnd(d hid) int64 {
	defer quiet()()
	off := C.H5Dget_offset(d)
	if off == C.HADDR_UNDEF {
		C.H5Eclear2(C.H5E_DEFAULT)
		return 0
	}
	return int64(off) + int64(C.H5Dget_storage_size(d))
}

// HDF5Version is the version of the HDF5 library linked in.
func HDF5Version() string {
	var maj, min, rel C.uint
	C.H5get_libversion(&maj, &min, &rel)
	return fmt.Sprintf("%d.%d.%d", maj, min, rel)
}

// defaultPlist is HDF5's default property list (H5P_DEFAULT).
const defaultPlist = hid(C.H5P_DEFAULT)

// quiet turns HDF5's automatic error printing off for one of pio's calls
// and returns what restores the setting found, so that pio reports
// errors as Go errors without changing how HDF5 behaves for other code in
// the process (gonum/hdf5 in the tests, say). Use: defer quiet()().
// HDF5 keeps the error stack across the setting's change, so h5err may
// read it after the restore.
func quiet() func() {
	var a C.pio_auto
	C.pio_quiet_enter(&a)
	return func() { C.pio_quiet_leave(&a) }
}

// errorPrinting reports whether HDF5 prints errors by itself; for tests.
func errorPrinting() bool { return C.pio_printing() != 0 }

// setErrorPrinting turns HDF5's own error printing on or off; for tests.
func setErrorPrinting(on bool) {
	v := C.int(0)
	if on {
		v = 1
	}
	C.pio_set_printing(v)
}

// isHDF5 reports whether path holds an HDF5 file's signature.
func isHDF5(path string) bool {
	defer quiet()()
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	ok := C.H5Fis_hdf5(cs) > 0
	C.H5Eclear2(C.H5E_DEFAULT)
	return ok
}

// Stored describes the type the dataset holds in the file: its class
// ("integer", "float", "string", "compound", or "other") and element size
// in bytes. Read converts integers and floats of any size and byte order
// to the buffer's type; Stored is for checking that a file holds what a
// layout prescribes.
func (d *Dataset) Stored() (class string, size int, err error) {
	defer quiet()()
	var sz C.size_t
	c := C.pio_stored(d.id, &sz)
	if c < 0 {
		return "", 0, h5err("%s: dataset %s: read its type", d.f.path, d.name)
	}
	switch c {
	case C.H5T_INTEGER:
		class = "integer"
	case C.H5T_FLOAT:
		class = "float"
	case C.H5T_STRING:
		class = "string"
	case C.H5T_COMPOUND:
		class = "compound"
	default:
		class = "other"
	}
	return class, int(sz), nil
}

// Has reports whether the file holds an object called name (a path such
// as "grp/x" needs its groups to exist). Collective on a file opened with
// Open.
func (f *File) Has(name string) (bool, error) {
	defer quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	switch rc := C.H5Lexists(f.id, cs, C.H5P_DEFAULT); {
	case rc > 0:
		return true, nil
	case rc == 0:
		return false, nil
	}
	return false, h5err("%s: look up %q", f.path, name)
}

// The wrappers of props.go, own.go and chunked.go, from here to the end.

// newAccessList makes a file access list of HDF5's defaults, for the
// stand-in, whose driver hands out H5P_DEFAULT, when a knob needs a
// list of its own.
func newAccessList() (hid, error) {
	defer quiet()()
	p := C.pio_fapl_new()
	if p < 0 {
		return -1, h5err("create a file access property list")
	}
	return p, nil
}

func setAlignment(fapl hid, threshold, align int64) error {
	defer quiet()()
	if C.pio_set_alignment(fapl, C.hsize_t(threshold), C.hsize_t(align)) < 0 {
		return h5err("set alignment %d (threshold %d)", align, threshold)
	}
	return nil
}

func createChunked(file hid, name string, t Type, shape, chunk []int) (hid, error) {
	defer quiet()()
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	dims, ch := hsizes(shape), hsizes(chunk)
	d := C.pio_create_dataset(file, cs, C.int(t), C.int(len(dims)), &dims[0], &ch[0])
	if d < 0 {
		return -1, h5err("create dataset %q %s%v in chunks of %v", name, t, shape, chunk)
	}
	return d, nil
}

// storageSize is the bytes of file storage allocated to d.
func storageSize(d hid) int64 { defer quiet()(); return int64(C.pio_storage_size(d)) }

// datasetOffset is the file address of d's storage, or -1 when it is
// not in one piece (chunked).
func datasetOffset(d hid) int64 {
	defer quiet()()
	off := C.H5Dget_offset(d)
	if off == C.HADDR_UNDEF {
		C.H5Eclear2(C.H5E_DEFAULT)
		return -1
	}
	return int64(off)
}

func setFileLocking(fapl hid, use, bestEffort bool) error {
	defer quiet()()
	b := func(v bool) C.int {
		if v {
			return 1
		}
		return 0
	}
	if C.pio_file_locking(fapl, b(use), b(bestEffort)) < 0 {
		return h5err("set file locking")
	}
	return nil
}
