// Package h5's C: HDF5's calls, its error stack and its error printing.
// Declared, and documented, in gh5.h; h5.go calls it through cgo.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hdf5.h>
#include "gh5.h"

hid_t gh5_keep(int failed) { return failed ? H5Eget_current_stack() : -1; }
void gh5_restore(hid_t es) { if (es >= 0) H5Eset_current_stack(es); }

// gh5_walk appends one level of the error stack to the gh5_errbuf data.
static herr_t gh5_walk(unsigned n, const H5E_error2_t *e, void *data) {
	(void)n;
	gh5_errbuf *b = (gh5_errbuf *)data;
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

void gh5_error_stack(gh5_errbuf *b) {
	b->len = 0;
	b->buf[0] = 0;
	H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, gh5_walk, b);
	H5Eclear2(H5E_DEFAULT);
}

static hid_t gh5_memtype(int t) {
	switch (t) {
	case GH5_F64: return H5T_NATIVE_DOUBLE;
	case GH5_F32: return H5T_NATIVE_FLOAT;
	case GH5_I64: return H5T_NATIVE_INT64;
	case GH5_I32: return H5T_NATIVE_INT32;
	case GH5_U8: return H5T_NATIVE_UINT8;
	case GH5_U64: return H5T_NATIVE_UINT64;
	}
	return -1;
}

// The file types are fixed little-endian types, whatever the machine, so
// files match the Python original's byte for byte in layout.
static hid_t gh5_filetype(int t) {
	switch (t) {
	case GH5_F64: return H5T_IEEE_F64LE;
	case GH5_F32: return H5T_IEEE_F32LE;
	case GH5_I64: return H5T_STD_I64LE;
	case GH5_I32: return H5T_STD_I32LE;
	case GH5_U8: return H5T_STD_U8LE;
	case GH5_U64: return H5T_STD_U64LE;
	}
	return -1;
}

int gh5_kind(hid_t dset) {
	hid_t t = H5Dget_type(dset);
	if (t < 0) return -1;
	H5T_class_t c = H5Tget_class(t);
	size_t sz = H5Tget_size(t);
	H5T_sign_t s = H5Tget_sign(t);
	H5Tclose(t);
	if (c == H5T_FLOAT) return sz == 4 ? GH5_F32 : GH5_F64;
	if (c == H5T_INTEGER) {
		// The smallest kind that holds every value exactly: unsigned
		// 32-bit values do not fit int32, unsigned 64-bit ones not int64.
		if (s == H5T_SGN_NONE) {
			if (sz == 1) return GH5_U8;
			return sz <= 4 ? GH5_I64 : GH5_U64;
		}
		return sz <= 4 ? GH5_I32 : GH5_I64;
	}
	return 0;
}

hid_t gh5_create_dataset(hid_t file, const char *name, int t, int rank, const hsize_t *dims, const hsize_t *chunk) {
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
		d = H5Dcreate2(file, name, gh5_filetype(t), space, lcpl, dcpl, H5P_DEFAULT);
	hid_t es = gh5_keep(d < 0);
	if (lcpl >= 0) H5Pclose(lcpl);
	H5Pclose(dcpl);
	H5Sclose(space);
	gh5_restore(es);
	return d;
}

int gh5_shape(hid_t dset, hsize_t *dims, int max) {
	hid_t space = H5Dget_space(dset);
	if (space < 0) return -1;
	int n = H5Sget_simple_extent_ndims(space);
	if (n > max) n = -2;
	else if (n >= 0 && H5Sget_simple_extent_dims(space, dims, NULL) < 0) n = -1;
	hid_t es = gh5_keep(n == -1);
	H5Sclose(space);
	gh5_restore(es);
	return n;
}

// The buffer of a transfer that selects nothing.
static char gh5_dummy[8];

herr_t gh5_xfer(int write, hid_t dset, int t, int rank, const hsize_t *off, const hsize_t *stride, const hsize_t *cnt, void *buf, hid_t dxpl) {
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
		buf = gh5_dummy;
	} else {
		err = H5Sselect_hyperslab(fs, H5S_SELECT_SET, off, stride, cnt, NULL);
		ms = H5Screate_simple(rank, cnt, NULL);
	}
	if (err >= 0 && ms >= 0) {
		if (write) err = H5Dwrite(dset, gh5_memtype(t), ms, fs, dxpl, buf);
		else err = H5Dread(dset, gh5_memtype(t), ms, fs, dxpl, buf);
	} else err = -1;
	hid_t es = gh5_keep(err < 0);
	if (ms >= 0) H5Sclose(ms);
	H5Sclose(fs);
	gh5_restore(es);
	return err;
}

static herr_t gh5_attr_write(hid_t obj, const char *name, hid_t ftype, hid_t mtype, hsize_t n, int scalar, const void *buf) {
	hid_t space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, NULL);
	if (space < 0) return -1;
	hid_t a = H5Acreate2(obj, name, ftype, space, H5P_DEFAULT, H5P_DEFAULT);
	herr_t err = -1;
	hid_t es = -1;
	if (a >= 0) {
		err = H5Awrite(a, mtype, buf);
		es = gh5_keep(err < 0);
		if (H5Aclose(a) < 0) { err = -1; if (es < 0) es = gh5_keep(1); }
	} else {
		es = gh5_keep(1);
	}
	H5Sclose(space);
	gh5_restore(es);
	return err;
}

herr_t gh5_attr_num(hid_t obj, const char *name, int t, hsize_t n, int scalar, const void *buf) {
	return gh5_attr_write(obj, name, gh5_filetype(t), gh5_memtype(t), n, scalar, buf);
}

herr_t gh5_attr_str(hid_t obj, const char *name, const char *s) {
	hid_t t = H5Tcopy(H5T_C_S1);
	if (t < 0) return -1;
	herr_t err = -1;
	if (H5Tset_size(t, H5T_VARIABLE) >= 0 && H5Tset_cset(t, H5T_CSET_UTF8) >= 0)
		err = gh5_attr_write(obj, name, t, t, 1, 1, &s);
	hid_t es = gh5_keep(err < 0);
	H5Tclose(t);
	gh5_restore(es);
	return err;
}

hid_t gh5_root(hid_t file) { return H5Gopen2(file, "/", H5P_DEFAULT); }
hid_t gh5_open_dataset(hid_t file, const char *name) { return H5Dopen2(file, name, H5P_DEFAULT); }
int gh5_exists(hid_t file, const char *name) { return H5Lexists(file, name, H5P_DEFAULT); }

void gh5_quiet_enter(gh5_auto *a) {
	a->saved = H5Eget_auto2(H5E_DEFAULT, &a->func, &a->data) >= 0;
	if (a->saved) H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}
void gh5_quiet_leave(gh5_auto *a) {
	if (a->saved) H5Eset_auto2(H5E_DEFAULT, a->func, a->data);
}

int gh5_printing(void) {
	H5E_auto2_t f = NULL;
	void *d = NULL;
	H5Eget_auto2(H5E_DEFAULT, &f, &d);
	return f != NULL;
}
void gh5_set_printing(int on) {
	if (on) H5Eset_auto2(H5E_DEFAULT, (H5E_auto2_t)H5Eprint2, stderr);
	else H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

herr_t gh5_xfer_rows(int write, hid_t dset, int t, const long long *rows, int n, void *buf, hid_t dxpl) {
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
		if (elems == 0) buf = gh5_dummy;
	}
	if (err >= 0) {
		if (write) err = H5Dwrite(dset, gh5_memtype(t), ms, fs, dxpl, buf);
		else err = H5Dread(dset, gh5_memtype(t), ms, fs, dxpl, buf);
	}
	hid_t es = gh5_keep(err < 0);
	if (ms >= 0) H5Sclose(ms);
	H5Sclose(fs);
	gh5_restore(es);
	return err;
}

int gh5_attr_get(hid_t obj, const char *name, double *f, long long *i, char **s) {
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
	hid_t es = gh5_keep(kind < 0);
	if (sp >= 0) H5Sclose(sp);
	if (t >= 0) H5Tclose(t);
	H5Aclose(a);
	gh5_restore(es);
	return kind;
}

int gh5_stored(hid_t dset, size_t *size) {
	hid_t t = H5Dget_type(dset);
	if (t < 0) return -1;
	H5T_class_t c = H5Tget_class(t);
	*size = H5Tget_size(t);
	H5Tclose(t);
	return c;
}

// The knobs of props.go, own.go and chunked.go, from here to the end.

hid_t gh5_fapl_new(void) { return H5Pcreate(H5P_FILE_ACCESS); }
herr_t gh5_set_alignment(hid_t fapl, hsize_t threshold, hsize_t align) {
	return H5Pset_alignment(fapl, threshold, align);
}

hsize_t gh5_storage_size(hid_t d) { return H5Dget_storage_size(d); }

herr_t gh5_file_locking(hid_t fapl, int use, int best_effort) {
#if H5_VERSION_GE(1, 10, 7)
	return H5Pset_file_locking(fapl, use, best_effort);
#else
	(void)fapl;
	(void)use;
	(void)best_effort;
	return 0;
#endif
}

// The parallel HDF5 calls that take no MPI type: transfer mode,
// collective metadata, how a transfer really went.

hid_t gh5_dxpl_mpio(int independent) {
	hid_t dxpl = H5Pcreate(H5P_DATASET_XFER);
	if (dxpl < 0) return -1;
	if (H5Pset_dxpl_mpio(dxpl, independent ? H5FD_MPIO_INDEPENDENT : H5FD_MPIO_COLLECTIVE) < 0) {
		hid_t es = gh5_keep(1);
		H5Pclose(dxpl);
		gh5_restore(es);
		return -1;
	}
	return dxpl;
}

herr_t gh5_coll_metadata(hid_t fapl, int on) {
	if (H5Pset_all_coll_metadata_ops(fapl, on) < 0) return -1;
	return H5Pset_coll_metadata_write(fapl, on);
}

int gh5_actual_io(hid_t dxpl, uint32_t *local, uint32_t *global) {
	H5D_mpio_actual_io_mode_t mode;
	*local = *global = 0;
	if (H5Pget_mpio_actual_io_mode(dxpl, &mode) < 0) return -1;
	if (H5Pget_mpio_no_collective_cause(dxpl, local, global) < 0) return -1;
	return (int)mode;
}
