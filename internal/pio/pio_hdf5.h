// The HDF5 calls of hdf5.c, pio's C layer shared by the MPI build and the
// one-rank stand-in; hdf5.go calls them through cgo, mpi.c uses the error
// stack's pio_keep and pio_restore.

#ifndef PIO_HDF5_H
#define PIO_HDF5_H

#include <stddef.h>
#include <hdf5.h>

// Every HDF5 API call clears the error stack as it starts, so the closes
// that tidy up after a failed call would wipe the failure's message:
// pio_keep saves the stack when failed is true, pio_restore puts it back.
hid_t pio_keep(int failed);
void pio_restore(hid_t es);

// The error stack is walked into a buffer of records separated by 0x1e
// (descriptions, MPI's included, may hold newlines); each record is the
// description HDF5 pushed and its minor message, outermost call first.
typedef struct { char buf[8192]; size_t len; } pio_errbuf;

// pio_error_stack reads HDF5's error stack into b and clears it.
void pio_error_stack(pio_errbuf *b);

// Kinds of element, mirrored by the Type constants in Go.
enum { PIO_F64 = 1, PIO_F32, PIO_I64, PIO_I32, PIO_U8, PIO_U64 };

// pio_kind maps a dataset's stored type to a PIO_ kind, or 0 if it is not
// one pio can convert from (strings, compounds, ...). Integers and floats
// of any size convert to the requested memory type in HDF5 itself.
int pio_kind(hid_t dset);

// chunk NULL: contiguous storage; else chunks of chunk[].
hid_t pio_create_dataset(hid_t file, const char *name, int t, int rank, const hsize_t *dims, const hsize_t *chunk);

// pio_shape puts dset's dimensions in dims and returns their number: -2
// if there are more than max, -1 on failure.
int pio_shape(hid_t dset, hsize_t *dims, int max);

// pio_xfer writes (write != 0) or reads one block, every stride-th
// element along each dimension (stride NULL: contiguous). A block with a
// zero count selects nothing yet still takes part in a collective transfer.
herr_t pio_xfer(int write, hid_t dset, int t, int rank, const hsize_t *off, const hsize_t *stride, const hsize_t *cnt, void *buf, hid_t dxpl);

// pio_attr_num writes the attribute name of obj, n values of kind t (or
// one, scalar != 0, as a scalar).
herr_t pio_attr_num(hid_t obj, const char *name, int t, hsize_t n, int scalar, const void *buf);

// Strings are stored as variable-length UTF-8, which h5py reads as str.
herr_t pio_attr_str(hid_t obj, const char *name, const char *s);

hid_t pio_root(hid_t file);
hid_t pio_open_dataset(hid_t file, const char *name);
int pio_exists(hid_t file, const char *name);

// The automatic error printing in force outside pio, saved while one of
// pio's calls runs with it off. A setting made through HDF5's old (v1)
// interface cannot be read back through v2: it is then left alone.
typedef struct { H5E_auto2_t func; void *data; int saved; } pio_auto;

void pio_quiet_enter(pio_auto *a);
void pio_quiet_leave(pio_auto *a);

// For tests: whether HDF5 prints errors by itself, and turning that on
// (HDF5's default) or off.
int pio_printing(void);
void pio_set_printing(int on);

// pio_xfer_rows writes or reads whole rows of dset, those of the n
// increasing indices rows along the first dimension, buf holding them in
// that order. Runs of consecutive rows become one block each.
herr_t pio_xfer_rows(int write, hid_t dset, int t, const long long *rows, int n, void *buf, hid_t dxpl);

// pio_attr_get reads the scalar attribute name of obj: a float into *f
// (returns 1), an integer into *i (2), a string into *s, which the caller
// frees (3); 4 for anything else, 0 if there is none, -1 on failure.
int pio_attr_get(hid_t obj, const char *name, double *f, long long *i, char **s);

// pio_stored gives the class and byte size of a dataset's stored type.
int pio_stored(hid_t dset, size_t *size);

// The knobs of props.go, own.go and chunked.go, from here to the end.

hid_t pio_fapl_new(void);
herr_t pio_set_alignment(hid_t fapl, hsize_t threshold, hsize_t align);

hsize_t pio_storage_size(hid_t d);

// pio_file_locking sets HDF5's file locks on or off (use), or to be
// tried but not required (best effort), where HDF5 has the setting
// (1.10.7 and later; older ones read HDF5_USE_FILE_LOCKING only).
herr_t pio_file_locking(hid_t fapl, int use, int best_effort);

#endif
