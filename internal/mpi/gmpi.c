//go:build mpi

// Package mpi's C, of the MPI build: the calls github.com/emer/empi does
// not wrap. Declared, and documented, in gmpi.h; mpi.go calls it through
// cgo.

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <mpi.h>
#include <hdf5.h>
#include "gmpi.h"

// keep saves HDF5's error stack when failed is true, restore puts it
// back: the closes that tidy up after a failed call would wipe it.
static hid_t keep(int failed) { return failed ? H5Eget_current_stack() : -1; }
static void restore(hid_t es) { if (es >= 0) H5Eset_current_stack(es); }

MPI_Info gmpi_info_new(void) {
	MPI_Info info;
	if (MPI_Info_create(&info) != MPI_SUCCESS) return MPI_INFO_NULL;
	return info;
}
int gmpi_info_set(MPI_Info info, const char *k, const char *v) { return MPI_Info_set(info, k, v); }
void gmpi_info_free(MPI_Info info) { if (info != MPI_INFO_NULL) MPI_Info_free(&info); }

hid_t gmpi_fapl_mpio(MPI_Info info) {
	hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
	if (fapl < 0) return -1;
	// Metadata operations are collective too: every rank calls them, and
	// HDF5 can then read metadata once and broadcast it.
	if (H5Pset_fapl_mpio(fapl, MPI_COMM_WORLD, info) < 0 ||
	    H5Pset_all_coll_metadata_ops(fapl, 1) < 0 ||
	    H5Pset_coll_metadata_write(fapl, 1) < 0) {
		hid_t es = keep(1);
		H5Pclose(fapl);
		restore(es);
		return -1;
	}
	return fapl;
}


MPI_Info gmpi_file_info(hid_t file) {
	MPI_Info info = MPI_INFO_NULL;
	MPI_Comm comm = MPI_COMM_NULL;
	hid_t fapl = H5Fget_access_plist(file);
	if (fapl < 0) return MPI_INFO_NULL;
	int failed = H5Pget_fapl_mpio(fapl, &comm, &info) < 0;
	if (failed) info = MPI_INFO_NULL;
	hid_t es = keep(failed);
	if (comm != MPI_COMM_NULL) MPI_Comm_free(&comm);
	H5Pclose(fapl);
	restore(es);
	return info;
}
int gmpi_info_nkeys(MPI_Info info) { int n = 0; MPI_Info_get_nkeys(info, &n); return n; }
int gmpi_info_nthkey(MPI_Info info, int i, char *key) { return MPI_Info_get_nthkey(info, i, key); }
int gmpi_info_get(MPI_Info info, const char *key, char *val, int len) {
	int flag = 0;
	MPI_Info_get(info, key, len - 1, val, &flag);
	return flag;
}

static const int kept[] = {SIGINT, SIGTERM, SIGUSR1};
static struct sigaction saved[sizeof kept / sizeof kept[0]];

void gmpi_signals_save(void) {
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) sigaction(kept[i], NULL, &saved[i]);
}

int gmpi_signals_restore(void) {
	int n = 0;
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		struct sigaction now;
		sigaction(kept[i], NULL, &now);
		if (now.sa_handler != saved[i].sa_handler || now.sa_flags != saved[i].sa_flags) {
			sigaction(kept[i], &saved[i], NULL);
			n++;
		}
	}
	return n;
}

void gmpi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }

int gmpi_send(int dst, int tag, const long long *buf, int n) {
	return MPI_Send(buf, n, MPI_LONG_LONG, dst, tag, MPI_COMM_WORLD) == MPI_SUCCESS ? 0 : -1;
}

int gmpi_iprobe(int tag, int *src) {
	int flag = 0;
	MPI_Status st;
	if (MPI_Iprobe(MPI_ANY_SOURCE, tag, MPI_COMM_WORLD, &flag, &st) != MPI_SUCCESS) return -1;
	if (flag) *src = st.MPI_SOURCE;
	return flag;
}

int gmpi_recv(int src, int tag, long long *buf, int n) {
	MPI_Status st;
	int count = 0;
	if (MPI_Recv(buf, n, MPI_LONG_LONG, src, tag, MPI_COMM_WORLD, &st) != MPI_SUCCESS) return -1;
	MPI_Get_count(&st, MPI_LONG_LONG, &count);
	return count;
}

gmpi_pending *gmpi_irecv(int src, int tag, int n) {
	gmpi_pending *p = malloc(sizeof *p + (size_t)n * sizeof p->buf[0]);
	if (!p) return NULL;
	p->n = n;
	if (MPI_Irecv(p->buf, n, MPI_LONG_LONG, src, tag, MPI_COMM_WORLD, &p->req) != MPI_SUCCESS) {
		free(p);
		return NULL;
	}
	return p;
}

int gmpi_test(gmpi_pending *p, long long *out) {
	int flag = 0;
	MPI_Status st;
	if (MPI_Test(&p->req, &flag, &st) != MPI_SUCCESS) return -1;
	if (!flag) return -2;
	int count = 0;
	MPI_Get_count(&st, MPI_LONG_LONG, &count);
	memcpy(out, p->buf, (size_t)count * sizeof p->buf[0]);
	free(p);
	return count;
}

int gmpi_library_version(char *buf) {
	int n = 0;
	MPI_Get_library_version(buf, &n);
	return n;
}

// The knobs of props.go and own.go, from here to the end.


herr_t gmpi_fapl_self(hid_t fapl) {
	MPI_Comm comm = MPI_COMM_NULL;
	MPI_Info info = MPI_INFO_NULL;
	if (H5Pget_fapl_mpio(fapl, &comm, &info) < 0) return -1;
	herr_t err = H5Pset_fapl_mpio(fapl, MPI_COMM_SELF, info);
	hid_t es = keep(err < 0);
	if (comm != MPI_COMM_NULL) MPI_Comm_free(&comm);
	if (info != MPI_INFO_NULL) MPI_Info_free(&info);
	restore(es);
	return err;
}


MPI_Info gmpi_used_info(hid_t file) {
	MPI_Info info = MPI_INFO_NULL;
	MPI_File *fh = NULL;
	// Not the file's own access list: getting that duplicates its
	// communicator, which is collective. The MPI-IO driver ignores the
	// list here.
	hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
	if (fapl < 0) return MPI_INFO_NULL;
	if (H5Fget_vfd_handle(file, fapl, (void **)&fh) >= 0 && fh != NULL &&
	    MPI_File_get_info(*fh, &info) != MPI_SUCCESS)
		info = MPI_INFO_NULL;
	hid_t es = keep(info == MPI_INFO_NULL);
	H5Pclose(fapl);
	restore(es);
	return info;
}
