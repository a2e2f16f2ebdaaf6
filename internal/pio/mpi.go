//go:build mpi

package pio

// The MPI build: MPI itself through empi, plus the calls empi does not
// wrap (MPI_Info for hints, the MPI-IO file driver, a non-zero MPI_Abort).

/*
#cgo pkg-config: hdf5-mpi
#include <stdlib.h>
#include <mpi.h>
#include <hdf5.h>
#include "errstack.h"

static MPI_Info pio_info_new(void) {
	MPI_Info info;
	if (MPI_Info_create(&info) != MPI_SUCCESS) return MPI_INFO_NULL;
	return info;
}
static int pio_info_set(MPI_Info info, const char *k, const char *v) { return MPI_Info_set(info, k, v); }
static void pio_info_free(MPI_Info info) { if (info != MPI_INFO_NULL) MPI_Info_free(&info); }

static hid_t pio_fapl_mpio(MPI_Info info) {
	hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
	if (fapl < 0) return -1;
	// Metadata operations are collective too: every rank calls them, and
	// HDF5 can then read metadata once and broadcast it.
	if (H5Pset_fapl_mpio(fapl, MPI_COMM_WORLD, info) < 0 ||
	    H5Pset_all_coll_metadata_ops(fapl, 1) < 0 ||
	    H5Pset_coll_metadata_write(fapl, 1) < 0) {
		hid_t es = pio_keep(1);
		H5Pclose(fapl);
		pio_restore(es);
		return -1;
	}
	return fapl;
}

static hid_t pio_dxpl_mpio(int independent) {
	hid_t dxpl = H5Pcreate(H5P_DATASET_XFER);
	if (dxpl < 0) return -1;
	if (H5Pset_dxpl_mpio(dxpl, independent ? H5FD_MPIO_INDEPENDENT : H5FD_MPIO_COLLECTIVE) < 0) {
		hid_t es = pio_keep(1);
		H5Pclose(dxpl);
		pio_restore(es);
		return -1;
	}
	return dxpl;
}

// pio_file_info returns a copy of the MPI_Info that HDF5 handed to MPI-IO
// for the file, or MPI_INFO_NULL.
static MPI_Info pio_file_info(hid_t file) {
	MPI_Info info = MPI_INFO_NULL;
	MPI_Comm comm = MPI_COMM_NULL;
	hid_t fapl = H5Fget_access_plist(file);
	if (fapl < 0) return MPI_INFO_NULL;
	int failed = H5Pget_fapl_mpio(fapl, &comm, &info) < 0;
	if (failed) info = MPI_INFO_NULL;
	hid_t es = pio_keep(failed);
	if (comm != MPI_COMM_NULL) MPI_Comm_free(&comm);
	H5Pclose(fapl);
	pio_restore(es);
	return info;
}
static int pio_info_nkeys(MPI_Info info) { int n = 0; MPI_Info_get_nkeys(info, &n); return n; }
static int pio_info_nthkey(MPI_Info info, int i, char *key) { return MPI_Info_get_nthkey(info, i, key); }
static int pio_info_get(MPI_Info info, const char *key, char *val, int len) {
	int flag = 0;
	MPI_Info_get(info, key, len - 1, val, &flag);
	return flag;
}

static void pio_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }

static int pio_library_version(char *buf) {
	int n = 0;
	MPI_Get_library_version(buf, &n);
	return n;
}
*/
import "C"

import (
	"fmt"
	"strings"
	"unsafe"

	"github.com/emer/empi/mpi"
	"github.com/h5mpi/h5mpi/internal/launch"
)

var world *mpi.Comm

func initMPI() error {
	mpi.LogErrors = false
	mpi.Init()
	var err error
	if world, err = mpi.NewComm(nil); err != nil {
		return err
	}
	// A launch for another MPI runs as N one-rank jobs, all writing as
	// rank 0: refuse it.
	return launch.Check(world.Size())
}

func finalizeMPI() { mpi.Finalize() }

func rank() int {
	if world == nil {
		return launch.Rank()
	}
	return world.Rank()
}

func size() int {
	if world == nil {
		return 1
	}
	return world.Size()
}

func barrier() error { return world.Barrier() }

func allReduce(op mpi.Op, x float64) (float64, error) {
	out := []float64{0}
	err := world.AllReduceF64(op, out, []float64{x})
	return out[0], err
}

func maxFloat64(x float64) (float64, error) { return allReduce(mpi.OpMax, x) }
func sumFloat64(x float64) (float64, error) { return allReduce(mpi.OpSum, x) }

func allGatherFloat64(x []float64) ([]float64, error) {
	out := make([]float64, len(x)*size())
	if len(x) == 0 {
		return out, nil // every rank passes the same length: all skip
	}
	err := world.AllGatherF64(out, x)
	return out, err
}

// bcastInts sends rank 0's v to every rank, in place.
func bcastInts(v []int) error { return world.BcastInt(0, v) }

func abort(code int) {
	if world == nil {
		exit(code)
	}
	C.pio_abort(C.int(code))
	exit(code) // MPI_Abort should not return; make sure we do not either
}

func newFapl(hints []Hint) (hid, error) {
	defer quiet()()
	info := C.pio_info_new()
	if info == C.MPI_INFO_NULL {
		return -1, fmt.Errorf("MPI_Info_create failed")
	}
	defer C.pio_info_free(info)
	for _, h := range hints {
		k, v := C.CString(h.Key), C.CString(h.Value)
		rc := C.pio_info_set(info, k, v)
		C.free(unsafe.Pointer(k))
		C.free(unsafe.Pointer(v))
		if rc != C.MPI_SUCCESS {
			return -1, fmt.Errorf("MPI-IO hint %s=%s: MPI_Info_set failed", h.Key, h.Value)
		}
	}
	// HDF5 duplicates the info object, so it is freed here.
	fapl := C.pio_fapl_mpio(info)
	if fapl < 0 {
		return -1, h5err("set MPI-IO file driver")
	}
	return fapl, nil
}

func newDxpl(independent bool) (hid, error) {
	defer quiet()()
	ind := C.int(0)
	if independent {
		ind = 1
	}
	dxpl := C.pio_dxpl_mpio(ind)
	if dxpl < 0 {
		return -1, h5err("set MPI-IO transfer mode")
	}
	return dxpl, nil
}

// fileHints reads back the MPI-IO hints HDF5 handed to MPI for file.
func fileHints(file hid) (map[string]string, error) {
	defer quiet()()
	info := C.pio_file_info(file)
	if info == C.MPI_INFO_NULL {
		return nil, h5err("read the file's MPI-IO hints")
	}
	defer C.pio_info_free(info)
	hints := map[string]string{}
	key := make([]byte, C.MPI_MAX_INFO_KEY+1)
	val := make([]byte, C.MPI_MAX_INFO_VAL+1)
	kp := (*C.char)(unsafe.Pointer(&key[0]))
	vp := (*C.char)(unsafe.Pointer(&val[0]))
	for i := 0; i < int(C.pio_info_nkeys(info)); i++ {
		if C.pio_info_nthkey(info, C.int(i), kp) != C.MPI_SUCCESS {
			continue
		}
		if C.pio_info_get(info, kp, vp, C.int(len(val))) != 0 {
			hints[C.GoString(kp)] = C.GoString(vp)
		}
	}
	return hints, nil
}

// MPIVersion is the MPI library's own version string, first line only.
// It may be called before Init, as MPI allows of MPI_Get_library_version.
func MPIVersion() string {
	buf := make([]byte, C.MPI_MAX_LIBRARY_VERSION_STRING+1)
	n := C.pio_library_version((*C.char)(unsafe.Pointer(&buf[0])))
	s := strings.TrimSpace(string(buf[:n]))
	s = strings.TrimRight(s, "\x00")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// Real reports whether pio runs on real MPI (built with the mpi tag).
const Real = true

// allGatherInts returns the x of every rank, concatenated in rank order,
// on every rank; every rank passes the same number of values. Collective.
func allGatherInts(x []int) ([]int, error) {
	out := make([]int, len(x)*size())
	if len(x) == 0 {
		return out, nil
	}
	err := world.AllGatherInt(out, x)
	return out, err
}
