//go:build mpi

// The C of package mpi, called by mpi.go through cgo: the MPI calls
// github.com/emer/empi does not wrap (MPI_Info for hints, a non-zero
// MPI_Abort, small messages between ranks, the library's version) and the
// HDF5 calls that take an MPI type (the MPI-IO file driver's access list,
// the hints it holds, the MPI file handle's hints in use).

#ifndef GMPI_H
#define GMPI_H

#include <stdint.h>
#include <mpi.h>
#include <hdf5.h>

// MPI_Info for hints: a new one (MPI_INFO_NULL if it cannot be made), a
// key set, freed (MPI_INFO_NULL is left alone).
MPI_Info gmpi_info_new(void);
int gmpi_info_set(MPI_Info info, const char *k, const char *v);
void gmpi_info_free(MPI_Info info);

// gmpi_fapl_mpio makes a file access list for the MPI-IO driver on
// MPI_COMM_WORLD with the hints info and collective metadata operations,
// or returns -1.
hid_t gmpi_fapl_mpio(MPI_Info info);

// gmpi_file_info returns a copy of the MPI_Info that HDF5 handed to MPI-IO
// for the file, or MPI_INFO_NULL.
MPI_Info gmpi_file_info(hid_t file);

// The keys of info: their number, the i-th one into key
// (MPI_MAX_INFO_KEY+1 bytes), and whether key is set, its value into val
// (len bytes) if it is.
int gmpi_info_nkeys(MPI_Info info);
int gmpi_info_nthkey(MPI_Info info, int i, char *key);
int gmpi_info_get(MPI_Info info, const char *key, char *val, int len);

// gmpi_signals_save records the actions of SIGINT, SIGTERM and SIGUSR1,
// and gmpi_signals_restore puts back those that changed since, returning
// how many: around MPI_Init, which in MPICH (Cray's too) installs its
// own SIGUSR1 handler, without SA_ONSTACK.
void gmpi_signals_save(void);
int gmpi_signals_restore(void);

// gmpi_abort aborts every rank of MPI_COMM_WORLD with the error code code.
void gmpi_abort(int code);

// Small messages of int64s between ranks (galaxy's work dispatcher).
int gmpi_send(int dst, int tag, const long long *buf, int n);

// gmpi_iprobe: 1 and the source if a message with tag waits, 0 if none,
// -1 on failure.
int gmpi_iprobe(int tag, int *src);

// gmpi_recv returns the number of values received, or -1.
int gmpi_recv(int src, int tag, long long *buf, int n);

// A receive in flight owns its buffer and request: both live in C memory.
typedef struct { MPI_Request req; int n; long long buf[]; } gmpi_pending;

// gmpi_irecv starts receiving up to n values from src with tag, or returns
// NULL.
gmpi_pending *gmpi_irecv(int src, int tag, int n);

// gmpi_test: the count received once complete (then p is freed after the
// values are copied to out), -2 while in flight, -1 on failure.
int gmpi_test(gmpi_pending *p, long long *out);

// gmpi_library_version puts MPI's version string into buf
// (MPI_MAX_LIBRARY_VERSION_STRING bytes) and returns its length.
int gmpi_library_version(char *buf);

// gmpi_fapl_self moves fapl's MPI-IO driver to MPI_COMM_SELF, hints kept:
// a file of one rank.
herr_t gmpi_fapl_self(hid_t fapl);

// gmpi_used_info returns the hints MPI applied to the open file
// (MPI_File_get_info), or MPI_INFO_NULL. Not collective.
MPI_Info gmpi_used_info(hid_t file);

#endif
