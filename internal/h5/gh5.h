// The C of package h5, called by h5.go through cgo: HDF5's calls, its
// error stack and its error printing, the same in the MPI build and the
// one-rank stand-in (both link the parallel HDF5).

#ifndef GH5_H
#define GH5_H

#include <stddef.h>
#include <stdint.h>
#include <hdf5.h>

// Every HDF5 API call clears the error stack as it starts, so the closes
// that tidy up after a failed call would wipe the failure's message:
// gh5_keep saves the stack when failed is true, gh5_restore puts it back.
hid_t gh5_keep(int failed);
void gh5_restore(hid_t es);

// The error stack is walked into a buffer of records separated by 0x1e
// (descriptions, MPI's included, may hold newlines); each record is the
// description HDF5 pushed and its minor message, outermost call first.
typedef struct { char buf[8192]; size_t len; } gh5_errbuf;

// gh5_error_stack reads HDF5's error stack into b and clears it.
void gh5_error_stack(gh5_errbuf *b);

// Kinds of element, mirrored by the Type constants in Go.
enum { GH5_F64 = 1, GH5_F32, GH5_I64, GH5_I32, GH5_U8, GH5_U64 };

// gh5_kind maps a dataset's stored type to a GH5_ kind, or 0 if it is not
// one pio can convert from (strings, compounds, ...). Integers and floats
// of any size convert to the requested memory type in HDF5 itself.
int gh5_kind(hid_t dset);

// chunk NULL: contiguous storage; else chunks of chunk[].
hid_t gh5_create_dataset(hid_t file, const char *name, int t, int rank, const hsize_t *dims, const hsize_t *chunk);

// gh5_shape puts dset's dimensions in dims and returns their number: -2
// if there are more than max, -1 on failure.
int gh5_shape(hid_t dset, hsize_t *dims, int max);

// gh5_xfer writes (write != 0) or reads one block, every stride-th
// element along each dimension (stride NULL: contiguous). A block with a
// zero count selects nothing yet still takes part in a collective transfer.
herr_t gh5_xfer(int write, hid_t dset, int t, int rank, const hsize_t *off, const hsize_t *stride, const hsize_t *cnt, void *buf, hid_t dxpl);

// gh5_attr_num writes the attribute name of obj, n values of kind t (or
// one, scalar != 0, as a scalar).
herr_t gh5_attr_num(hid_t obj, const char *name, int t, hsize_t n, int scalar, const void *buf);

// Strings are stored as variable-length UTF-8, which h5py reads as str.
herr_t gh5_attr_str(hid_t obj, const char *name, const char *s);

hid_t gh5_root(hid_t file);
hid_t gh5_open_dataset(hid_t file, const char *name);
int gh5_exists(hid_t file, const char *name);

// The automatic error printing in force outside pio, saved while one of
// pio's calls runs with it off. A setting made through HDF5's old (v1)
// interface cannot be read back through v2: it is then left alone.
typedef struct { H5E_auto2_t func; void *data; int saved; } gh5_auto;

void gh5_quiet_enter(gh5_auto *a);
void gh5_quiet_leave(gh5_auto *a);

// For tests: whether HDF5 prints errors by itself, and turning that on
// (HDF5's default) or off.
int gh5_printing(void);
void gh5_set_printing(int on);

// gh5_xfer_rows writes or reads whole rows of dset, those of the n
// increasing indices rows along the first dimension, buf holding them in
// that order. Runs of consecutive rows become one block each.
herr_t gh5_xfer_rows(int write, hid_t dset, int t, const long long *rows, int n, void *buf, hid_t dxpl);

// gh5_attr_get reads the scalar attribute name of obj: a float into *f
// (returns 1), an integer into *i (2), a string into *s, which the caller
// frees (3); 4 for anything else, 0 if there is none, -1 on failure.
int gh5_attr_get(hid_t obj, const char *name, double *f, long long *i, char **s);

// gh5_stored gives the class and byte size of a dataset's stored type.
int gh5_stored(hid_t dset, size_t *size);

hid_t gh5_fapl_new(void);
herr_t gh5_set_alignment(hid_t fapl, hsize_t threshold, hsize_t align);

hsize_t gh5_storage_size(hid_t d);

// gh5_file_locking sets HDF5's file locks on or off (use), or to be
// tried but not required (best effort), where HDF5 has the setting
// (1.10.7 and later; older ones read HDF5_USE_FILE_LOCKING only).
herr_t gh5_file_locking(hid_t fapl, int use, int best_effort);

// The parallel HDF5 calls that take no MPI type.

// gh5_dxpl_mpio makes a transfer list for independent (independent != 0)
// or collective MPI-IO transfers, or returns -1.
hid_t gh5_dxpl_mpio(int independent);

// gh5_coll_metadata makes fapl's metadata reads and writes collective, or
// not.
herr_t gh5_coll_metadata(hid_t fapl, int on);

// gh5_actual_io reads how HDF5 really did the last transfer made with
// dxpl: its H5D_mpio_actual_io_mode_t, or -1, and why it was not
// collective (the cause bits of this rank and of all ranks together).
int gh5_actual_io(hid_t dxpl, uint32_t *local, uint32_t *global);

// The actual I/O mode of a transfer that was not collective, and the
// cause bits saying why, under the names the Go side reads.
enum {
	GH5_NO_COLLECTIVE = H5D_MPIO_NO_COLLECTIVE,
	GH5_CAUSE_INDEPENDENT = H5D_MPIO_SET_INDEPENDENT,
	GH5_CAUSE_CONVERSION = H5D_MPIO_DATATYPE_CONVERSION,
	GH5_CAUSE_TRANSFORMS = H5D_MPIO_DATA_TRANSFORMS,
	GH5_CAUSE_ENV = H5D_MPIO_MPI_OPT_TYPES_ENV_VAR_DISABLED,
	GH5_CAUSE_SPACES = H5D_MPIO_NOT_SIMPLE_OR_SCALAR_DATASPACES,
	GH5_CAUSE_LAYOUT = H5D_MPIO_NOT_CONTIGUOUS_OR_CHUNKED_DATASET,
	GH5_CAUSE_FILTERS = H5D_MPIO_PARALLEL_FILTERED_WRITES_DISABLED,
	GH5_CAUSE_CHECK = H5D_MPIO_ERROR_WHILE_CHECKING_COLLECTIVE_POSSIBLE,
};

#endif
