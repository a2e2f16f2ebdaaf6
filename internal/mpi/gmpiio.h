//go:build mpi

// The C of package mpi's raw MPI-IO files (mpiio.go): a file opened on
// MPI_COMM_WORLD whose errors come back as codes (MPI_ERRORS_RETURN), never
// abort, transfers of bytes at explicit offsets, and MPI's own words for
// an error code.

#ifndef GMPIIO_H
#define GMPIIO_H

#include <mpi.h>

// The transfers of gmpiio_xfer.
enum { GMPIIO_WRITE, GMPIIO_READ, GMPIIO_WRITE_ALL, GMPIIO_READ_ALL };

// gmpiio_open opens path on MPI_COMM_WORLD with amode and the hints info
// (MPI_INFO_NULL for none) into *fh, errors returned from then on; with
// truncate, the file is cut to 0 bytes (collective, as MPI_File_open).
// It returns an MPI error code; *fh is MPI_FILE_NULL on failure.
int gmpiio_open(const char *path, int amode, int truncate, MPI_Info info, MPI_File *fh);

// gmpiio_xfer moves n bytes (at most INT_MAX) between buf and the file at
// byte offset off, by op, and puts the bytes moved into *done.
int gmpiio_xfer(MPI_File fh, int op, long long off, void *buf, long long n, long long *done);

// gmpiio_sync flushes the file to storage (MPI_File_sync, collective),
// gmpiio_close closes it (collective).
int gmpiio_sync(MPI_File fh);
int gmpiio_close(MPI_File *fh);

// gmpiio_info returns the hints in use for the file (MPI_File_get_info)
// or MPI_INFO_NULL; the caller frees it.
MPI_Info gmpiio_info(MPI_File fh);

// gmpiio_error_string puts MPI's text for code into buf
// (MPI_MAX_ERROR_STRING+1 bytes) and returns its length.
int gmpiio_error_string(int code, char *buf);

#endif
