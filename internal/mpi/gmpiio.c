//go:build mpi

// Package mpi's raw MPI-IO files: declared, and documented, in gmpiio.h;
// mpiio.go calls them through cgo.

#include <limits.h>
#include <mpi.h>
#include "gmpiio.h"

int gmpiio_open(const char *path, int amode, int truncate, MPI_Info info, MPI_File *fh) {
	*fh = MPI_FILE_NULL;
	// MPI_FILE_NULL's handler is the one MPI_File_open uses: the
	// standard's default is MPI_ERRORS_RETURN, set here in case a
	// launcher or an MPI changed it.
	MPI_File_set_errhandler(MPI_FILE_NULL, MPI_ERRORS_RETURN);
	int rc = MPI_File_open(MPI_COMM_WORLD, path, amode, info, fh);
	if (rc != MPI_SUCCESS) {
		*fh = MPI_FILE_NULL;
		return rc;
	}
	MPI_File_set_errhandler(*fh, MPI_ERRORS_RETURN);
	if (truncate) rc = MPI_File_set_size(*fh, 0);
	return rc;
}

int gmpiio_xfer(MPI_File fh, int op, long long off, void *buf, long long n, long long *done) {
	MPI_Status st;
	int rc;
	*done = 0;
	if (n < 0 || n > INT_MAX) return MPI_ERR_COUNT;
	switch (op) {
	case GMPIIO_WRITE: rc = MPI_File_write_at(fh, off, buf, (int)n, MPI_BYTE, &st); break;
	case GMPIIO_READ: rc = MPI_File_read_at(fh, off, buf, (int)n, MPI_BYTE, &st); break;
	case GMPIIO_WRITE_ALL: rc = MPI_File_write_at_all(fh, off, buf, (int)n, MPI_BYTE, &st); break;
	case GMPIIO_READ_ALL: rc = MPI_File_read_at_all(fh, off, buf, (int)n, MPI_BYTE, &st); break;
	default: return MPI_ERR_ARG;
	}
	if (rc != MPI_SUCCESS) return rc;
	MPI_Count got = 0;
	if (MPI_Get_elements_x(&st, MPI_BYTE, &got) == MPI_SUCCESS) *done = got;
	return MPI_SUCCESS;
}

int gmpiio_sync(MPI_File fh) { return MPI_File_sync(fh); }
int gmpiio_close(MPI_File *fh) { return MPI_File_close(fh); }

MPI_Info gmpiio_info(MPI_File fh) {
	MPI_Info info = MPI_INFO_NULL;
	if (MPI_File_get_info(fh, &info) != MPI_SUCCESS) return MPI_INFO_NULL;
	return info;
}

int gmpiio_error_string(int code, char *buf) {
	int n = 0;
	if (MPI_Error_string(code, buf, &n) != MPI_SUCCESS) return 0;
	return n;
}
