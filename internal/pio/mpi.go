//go:build mpi

package pio

// The MPI build: MPI itself through empi, plus the calls empi does not
// wrap (MPI_Info for hints, the MPI-IO file driver, a non-zero MPI_Abort),
// their C in mpi.c (declared in pio_mpi.h).

/*
#cgo pkg-config: hdf5-mpi
#include <stdlib.h>
#include "pio_mpi.h"
*/
import "C"

import (
	"fmt"
	"os"
	"strings"
	"unsafe"

	"github.com/emer/empi/mpi"
	"github.com/h5mpi/h5mpi/internal/launch"
)

var world *mpi.Comm

// sharedfpEnv is Open MPI's choice of shared-file-pointer components.
// Its "lockedfile" component builds a lock file's name from the data
// file's in a fixed buffer, and a path of 237 characters or more aborts
// the process inside MPI_File_open (a buffer overflow caught by glibc).
// HDF5 never moves a shared file pointer, so the component is left out,
// unless the user chose the components; MPICH ignores the variable.
const sharedfpEnv = "OMPI_MCA_sharedfp"

func initMPI() error {
	if _, set := os.LookupEnv(sharedfpEnv); !set {
		os.Setenv(sharedfpEnv, "^lockedfile")
	}
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

func send(dst, tag int, v []int64) error {
	if C.pio_send(C.int(dst), C.int(tag), (*C.longlong)(ptr(v)), C.int(len(v))) != 0 {
		return fmt.Errorf("MPI_Send to rank %d failed", dst)
	}
	return nil
}

func probe(tag int) (int, bool, error) {
	var src C.int
	switch C.pio_iprobe(C.int(tag), &src) {
	case 1:
		return int(src), true, nil
	case 0:
		return 0, false, nil
	}
	return 0, false, fmt.Errorf("MPI_Iprobe failed")
}

func recv(src, tag int, v []int64) (int, error) {
	n := C.pio_recv(C.int(src), C.int(tag), (*C.longlong)(ptr(v)), C.int(len(v)))
	if n < 0 {
		return 0, fmt.Errorf("MPI_Recv from rank %d failed", src)
	}
	return int(n), nil
}

type pending = *C.pio_pending

func irecv(src, tag, n int) (pending, error) {
	p := C.pio_irecv(C.int(src), C.int(tag), C.int(n))
	if p == nil {
		return nil, fmt.Errorf("MPI_Irecv from rank %d failed", src)
	}
	return p, nil
}

// test copies a completed receive into v (which has room for all that
// was asked) and returns its count, or -1 while in flight.
func test(p pending, v []int64) (int, error) {
	switch n := C.pio_test(p, (*C.longlong)(ptr(v))); {
	case n >= 0:
		return int(n), nil
	case n == -2:
		return -1, nil
	}
	return 0, fmt.Errorf("MPI_Test failed")
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
	return infoMap(info), nil
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

// The wrappers of props.go and own.go, from here to the end.

// hasMPIIO: files go through the MPI-IO driver, whose knobs apply.
const hasMPIIO = true

func setCollMetadata(fapl hid, on bool) error {
	defer quiet()()
	v := C.int(0)
	if on {
		v = 1
	}
	if C.pio_coll_metadata(fapl, v) < 0 {
		return h5err("set collective metadata %v", on)
	}
	return nil
}

// setSelf puts fapl's driver on MPI_COMM_SELF: a file of this rank alone.
func setSelf(fapl hid) error {
	defer quiet()()
	if C.pio_fapl_self(fapl) < 0 {
		return h5err("set the MPI-IO file driver on MPI_COMM_SELF")
	}
	return nil
}

// notCollective reports whether the last transfer made with dxpl, asked
// to be collective, ran without collective I/O, and the causes HDF5
// gives (of all ranks together: the same on every rank).
func notCollective(dxpl hid) (bool, []string, error) {
	defer quiet()()
	var local, global C.uint32_t
	mode := C.pio_actual_io(dxpl, &local, &global)
	if mode < 0 {
		return false, nil, h5err("read the actual MPI-IO transfer mode")
	}
	if mode != C.PIO_NO_COLLECTIVE || global == 0 {
		return false, nil, nil
	}
	var causes []string
	for _, c := range []struct {
		bit  C.uint32_t
		text string
	}{
		{C.PIO_CAUSE_INDEPENDENT, "independent I/O was asked for"},
		{C.PIO_CAUSE_CONVERSION, "a datatype conversion (the buffer's type is not the dataset's)"},
		{C.PIO_CAUSE_TRANSFORMS, "a data transform"},
		{C.PIO_CAUSE_ENV, "HDF5_MPI_OPT_TYPES is off"},
		{C.PIO_CAUSE_SPACES, "a dataspace neither simple nor scalar"},
		{C.PIO_CAUSE_LAYOUT, "a layout neither contiguous nor chunked"},
		{C.PIO_CAUSE_FILTERS, "a filter, which this HDF5 cannot write collectively"},
		{C.PIO_CAUSE_CHECK, "an error while checking whether it could be collective"},
	} {
		if global&c.bit != 0 {
			causes = append(causes, c.text)
		}
	}
	if len(causes) == 0 {
		causes = []string{fmt.Sprintf("cause bits %#x", uint32(global))}
	}
	return true, causes, nil
}

// appliedHints reads the hints MPI applied to the open file, with its
// own defaults (MPI_File_get_info).
func appliedHints(file hid) (map[string]string, error) {
	defer quiet()()
	info := C.pio_used_info(file)
	if info == C.MPI_INFO_NULL {
		return nil, h5err("read the MPI-IO hints in use")
	}
	defer C.pio_info_free(info)
	return infoMap(info), nil
}

func infoMap(info C.MPI_Info) map[string]string {
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
	return hints
}

// allGatherBytes returns every rank's x, concatenated in rank order;
// every rank passes the same length. Collective.
func allGatherBytes(x []byte) ([]byte, error) {
	out := make([]byte, len(x)*size())
	if len(x) == 0 {
		return out, nil
	}
	err := world.AllGatherU8(out, x)
	return out, err
}
