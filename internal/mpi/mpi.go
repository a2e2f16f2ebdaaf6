//go:build mpi

package mpi

// The MPI build: MPI through github.com/emer/empi, plus the calls empi
// does not wrap, their C in gmpi.c (declared in gmpi.h).

/*
#cgo pkg-config: hdf5-mpi
#include <stdlib.h>
#include "gmpi.h"
*/
import "C"

import (
	"fmt"
	"os"
	"strings"
	"unsafe"

	"github.com/emer/empi/mpi"
	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/launch"
)

// Real reports whether this build runs on real MPI (the mpi tag).
const Real = true

// Comm is a communicator. The programs use one, World.
type Comm struct {
	c *mpi.Comm // nil until Init
}

// World is every rank of the job (MPI_COMM_WORLD). Before Init its rank
// is the launcher's word (package launch) and its size 1.
var World = &Comm{}

// sharedfpEnv is Open MPI's choice of shared-file-pointer components.
// Its "lockedfile" component builds a lock file's name from the data
// file's in a fixed buffer, and a path of 237 characters or more aborts
// the process inside MPI_File_open (a buffer overflow caught by glibc).
// HDF5 never moves a shared file pointer, so the component is left out,
// unless the user chose the components; MPICH ignores the variable.
const sharedfpEnv = "OMPI_MCA_sharedfp"

// Init starts MPI, without thread support: every MPI call must come from
// the thread that made this one (the program's main thread, locked in
// this package's init). A launch for another MPI, which runs as N
// one-rank jobs all writing as rank 0, is refused (launch.Check).
func Init() error {
	if _, set := os.LookupEnv(sharedfpEnv); !set {
		os.Setenv(sharedfpEnv, "^lockedfile")
	}
	mpi.LogErrors = false
	// The job's signals stay the Go runtime's. MPICH's MPI_Init installs
	// a SIGUSR1 handler of its own (for its process manager's failure
	// notices), without SA_ONSTACK, which then runs Go's handler on
	// whatever stack the signal interrupts: Go aborts the process ("non-Go
	// code set up signal handler without SA_ONSTACK flag") when that is a
	// goroutine's. SIGUSR1 is what Slurm sends before a time limit
	// (--signal=USR1@SECONDS).
	C.gmpi_signals_save()
	mpi.Init()
	C.gmpi_signals_restore()
	c, err := mpi.NewComm(nil)
	if err != nil {
		return err
	}
	World.c = c
	return launch.Check(c.Size())
}

// Finalize shuts MPI down; no MPI call may follow.
func Finalize() { mpi.Finalize() }

// Rank is this process's rank in c.
func (c *Comm) Rank() int {
	if c.c == nil {
		return launch.Rank()
	}
	return c.c.Rank()
}

// Size is the number of ranks in c.
func (c *Comm) Size() int {
	if c.c == nil {
		return 1
	}
	return c.c.Size()
}

// Barrier waits for every rank. Collective.
func (c *Comm) Barrier() error { return c.c.Barrier() }

func (c *Comm) allReduce(op mpi.Op, x float64) (float64, error) {
	out := []float64{0}
	err := c.c.AllReduceF64(op, out, []float64{x})
	return out[0], err
}

// MaxFloat64 returns the largest x over all ranks, on every rank.
// Collective.
func (c *Comm) MaxFloat64(x float64) (float64, error) { return c.allReduce(mpi.OpMax, x) }

// SumFloat64 returns the sum of x over all ranks, on every rank.
// Collective.
func (c *Comm) SumFloat64(x float64) (float64, error) { return c.allReduce(mpi.OpSum, x) }

// AllGatherFloat64 returns the x of every rank, concatenated in rank
// order, on every rank. Every rank passes the same number of values.
// Collective.
func (c *Comm) AllGatherFloat64(x []float64) ([]float64, error) {
	out := make([]float64, len(x)*c.Size())
	if len(x) == 0 {
		return out, nil // every rank passes the same length: all skip
	}
	err := c.c.AllGatherF64(out, x)
	return out, err
}

// AllGatherBytes is AllGatherFloat64 for bytes. Collective.
func (c *Comm) AllGatherBytes(x []byte) ([]byte, error) {
	out := make([]byte, len(x)*c.Size())
	if len(x) == 0 {
		return out, nil
	}
	err := c.c.AllGatherU8(out, x)
	return out, err
}

// BcastInts sends rank 0's v to every rank, in place. Collective.
func (c *Comm) BcastInts(v []int) error { return c.c.BcastInt(0, v) }

// Send sends v to rank dst with tag. It returns once v may be reused;
// small messages do not wait for the receiver.
func (c *Comm) Send(dst, tag int, v []int64) error {
	if C.gmpi_send(C.int(dst), C.int(tag), (*C.longlong)(ptr(v)), C.int(len(v))) != 0 {
		return fmt.Errorf("MPI_Send to rank %d failed", dst)
	}
	return nil
}

// Probe reports whether a message with tag waits from any rank, and from
// which. It does not wait.
func (c *Comm) Probe(tag int) (src int, ok bool, err error) {
	var s C.int
	switch C.gmpi_iprobe(C.int(tag), &s) {
	case 1:
		return int(s), true, nil
	case 0:
		return 0, false, nil
	}
	return 0, false, fmt.Errorf("MPI_Iprobe failed")
}

// Recv receives a message with tag from src into v and returns how many
// values came. It waits for the message.
func (c *Comm) Recv(src, tag int, v []int64) (int, error) {
	n := C.gmpi_recv(C.int(src), C.int(tag), (*C.longlong)(ptr(v)), C.int(len(v)))
	if n < 0 {
		return 0, fmt.Errorf("MPI_Recv from rank %d failed", src)
	}
	return int(n), nil
}

// Receive is a receive in flight; its buffer and request live in C
// memory until it completes.
type Receive struct {
	p    *C.gmpi_pending
	buf  []int64
	done bool
}

// Irecv starts receiving a message of at most n values with tag from
// src. Poll it with Test; a Receive must complete before Finalize.
func (c *Comm) Irecv(src, tag, n int) (*Receive, error) {
	p := C.gmpi_irecv(C.int(src), C.int(tag), C.int(n))
	if p == nil {
		return nil, fmt.Errorf("MPI_Irecv from rank %d failed", src)
	}
	return &Receive{p: p, buf: make([]int64, n)}, nil
}

// Test returns the message once it has come (ok), without waiting.
func (r *Receive) Test() (v []int64, ok bool, err error) {
	if r.done {
		return nil, false, fmt.Errorf("mpi: Test of a completed receive")
	}
	switch n := C.gmpi_test(r.p, (*C.longlong)(ptr(r.buf))); {
	case n >= 0:
		r.done = true
		return r.buf[:n], true, nil
	case n == -2:
		return nil, false, nil
	}
	return nil, false, fmt.Errorf("MPI_Test failed")
}

// Abort ends every rank of the job with status code (MPI_Abort), so that
// ranks waiting in a collective do not hang. Before Init it returns, and
// so may it if MPI fails: the caller then exits by itself.
func (c *Comm) Abort(code int) {
	if c.c != nil {
		C.gmpi_abort(C.int(code))
	}
}

// Version is the MPI library's own version string, first line only. It
// may be called before Init, as MPI allows of MPI_Get_library_version.
func Version() string {
	buf := make([]byte, C.MPI_MAX_LIBRARY_VERSION_STRING+1)
	n := C.gmpi_library_version((*C.char)(unsafe.Pointer(&buf[0])))
	s := strings.TrimSpace(string(buf[:n]))
	s = strings.TrimRight(s, "\x00")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// FileAccess makes a file access list for HDF5's MPI-IO driver on World
// with the MPI-IO hints, and collective metadata operations.
func FileAccess(hints []Hint) (h5.ID, error) {
	defer h5.Quiet()()
	info := C.gmpi_info_new()
	if info == C.MPI_INFO_NULL {
		return -1, fmt.Errorf("MPI_Info_create failed")
	}
	defer C.gmpi_info_free(info)
	if err := setHints(info, hints); err != nil {
		return -1, err
	}
	// HDF5 duplicates the info object, so it is freed here.
	fapl := C.gmpi_fapl_mpio(info)
	if fapl < 0 {
		return -1, h5.Errorf("set MPI-IO file driver")
	}
	return h5.ID(fapl), nil
}

// SetSelf puts fapl's MPI-IO driver on MPI_COMM_SELF, hints kept: a file
// of this rank alone.
func SetSelf(fapl h5.ID) error {
	defer h5.Quiet()()
	if C.gmpi_fapl_self(C.hid_t(fapl)) < 0 {
		return h5.Errorf("set the MPI-IO file driver on MPI_COMM_SELF")
	}
	return nil
}

// FileHints reads back the MPI-IO hints HDF5 handed to MPI for file.
func FileHints(file h5.ID) (map[string]string, error) {
	defer h5.Quiet()()
	info := C.gmpi_file_info(C.hid_t(file))
	if info == C.MPI_INFO_NULL {
		return nil, h5.Errorf("read the file's MPI-IO hints")
	}
	defer C.gmpi_info_free(info)
	return infoMap(info), nil
}

// AppliedHints reads the hints MPI applied to the open file, with its
// own defaults (MPI_File_get_info). Not collective.
func AppliedHints(file h5.ID) (map[string]string, error) {
	defer h5.Quiet()()
	info := C.gmpi_used_info(C.hid_t(file))
	if info == C.MPI_INFO_NULL {
		return nil, h5.Errorf("read the MPI-IO hints in use")
	}
	defer C.gmpi_info_free(info)
	return infoMap(info), nil
}

func infoMap(info C.MPI_Info) map[string]string {
	hints := map[string]string{}
	key := make([]byte, C.MPI_MAX_INFO_KEY+1)
	val := make([]byte, C.MPI_MAX_INFO_VAL+1)
	kp := (*C.char)(unsafe.Pointer(&key[0]))
	vp := (*C.char)(unsafe.Pointer(&val[0]))
	for i := 0; i < int(C.gmpi_info_nkeys(info)); i++ {
		if C.gmpi_info_nthkey(info, C.int(i), kp) != C.MPI_SUCCESS {
			continue
		}
		if C.gmpi_info_get(info, kp, vp, C.int(len(val))) != 0 {
			hints[C.GoString(kp)] = C.GoString(vp)
		}
	}
	return hints
}

func ptr[T any](s []T) unsafe.Pointer {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Pointer(&s[0])
}
