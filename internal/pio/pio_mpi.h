//go:build mpi

// The MPI calls of mpi.c, pio's C layer of the MPI build, that mpi.go
// calls through cgo: those github.com/emer/empi does not wrap.

#ifndef PIO_MPI_H
#define PIO_MPI_H

#include <stdint.h>
#include <mpi.h>
#include <hdf5.h>

// MPI_Info for hints: a new one (MPI_INFO_NULL if it cannot be made), a
// key set, freed (MPI_INFO_NULL is left alone).
MPI_Info pio_info_new(void);
int pio_info_set(MPI_Info info, const char *k, const char *v);
void pio_info_free(MPI_Info info);

// pio_fapl_mpio makes a file access list for the MPI-IO driver on
// MPI_COMM_WORLD with the hints info and collective metadata operations,
// or returns -1.
hid_t pio_fapl_mpio(MPI_Info info);

// pio_dxpl_mpio makes a transfer list for independent (independent != 0)
// or collective MPI-IO transfers, or returns -1.
hid_t pio_dxpl_mpio(int independent);

// pio_file_info returns a copy of the MPI_Info that HDF5 handed to MPI-IO
// for the file, or MPI_INFO_NULL.
MPI_Info pio_file_info(hid_t file);

// The keys of info: their number, the i-th one into key
// (MPI_MAX_INFO_KEY+1 bytes), and whether key is set, its value into val
// (len bytes) if it is.
int pio_info_nkeys(MPI_Info info);
int pio_info_nthkey(MPI_Info info, int i, char *key);
int pio_info_get(MPI_Info info, const char *key, char *val, int len);

// pio_abort aborts every rank of MPI_COMM_WORLD with the error code code.
void pio_abort(int code);

// Small messages of int64s between ranks (galaxy's work dispatcher).
int pio_send(int dst, int tag, const long long *buf, int n);

// pio_iprobe: 1 and the source if a message with tag waits, 0 if none,
// -1 on failure.
int pio_iprobe(int tag, int *src);

// pio_recv returns the number of values received, or -1.
int pio_recv(int src, int tag, long long *buf, int n);

// A receive in flight owns its buffer and request: both live in C memory.
typedef struct { MPI_Request req; int n; long long buf[]; } pio_pending;

// pio_irecv starts receiving up to n values from src with tag, or returns
// NULL.
pio_pending *pio_irecv(int src, int tag, int n);

// pio_test: the count received once complete (then p is freed after the
// values are copied to out), -2 while in flight, -1 on failure.
int pio_test(pio_pending *p, long long *out);

// pio_library_version puts MPI's version string into buf
// (MPI_MAX_LIBRARY_VERSION_STRING bytes) and returns its length.
int pio_library_version(char *buf);

// The knobs of props.go and own.go, from here to the end.

// pio_coll_metadata makes fapl's metadata reads and writes collective, or
// not.
herr_t pio_coll_metadata(hid_t fapl, int on);

// pio_fapl_self moves fapl's MPI-IO driver to MPI_COMM_SELF, hints kept:
// a file of one rank.
herr_t pio_fapl_self(hid_t fapl);

// pio_actual_io reads how HDF5 really did the last transfer made with
// dxpl: its H5D_mpio_actual_io_mode_t, or -1, and why it was not
// collective (the cause bits of this rank and of all ranks together).
int pio_actual_io(hid_t dxpl, uint32_t *local, uint32_t *global);

// pio_used_info returns the hints MPI applied to the open file
// (MPI_File_get_info), or MPI_INFO_NULL. Not collective.
MPI_Info pio_used_info(hid_t file);

// The actual I/O mode of a transfer that was not collective, and the
// cause bits saying why, under the names the Go side reads.
enum {
	PIO_NO_COLLECTIVE = H5D_MPIO_NO_COLLECTIVE,
	PIO_CAUSE_INDEPENDENT = H5D_MPIO_SET_INDEPENDENT,
	PIO_CAUSE_CONVERSION = H5D_MPIO_DATATYPE_CONVERSION,
	PIO_CAUSE_TRANSFORMS = H5D_MPIO_DATA_TRANSFORMS,
	PIO_CAUSE_ENV = H5D_MPIO_MPI_OPT_TYPES_ENV_VAR_DISABLED,
	PIO_CAUSE_SPACES = H5D_MPIO_NOT_SIMPLE_OR_SCALAR_DATASPACES,
	PIO_CAUSE_LAYOUT = H5D_MPIO_NOT_CONTIGUOUS_OR_CHUNKED_DATASET,
	PIO_CAUSE_FILTERS = H5D_MPIO_PARALLEL_FILTERED_WRITES_DISABLED,
	PIO_CAUSE_CHECK = H5D_MPIO_ERROR_WHILE_CHECKING_COLLECTIVE_POSSIBLE,
};

#endif
