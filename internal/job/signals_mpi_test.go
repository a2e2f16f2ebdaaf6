//go:build mpi

package job

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/h5mpi/h5mpi/internal/mpitest"
)

// kernelSigaction is the kernel's struct sigaction on Linux (amd64,
// arm64): what rt_sigaction reads.
type kernelSigaction struct {
	handler  uintptr
	flags    uint64
	restorer uintptr
	mask     uint64
}

// saOnStack is SA_ONSTACK: the handler runs on the alternate signal
// stack, which Go's handler needs.
const saOnStack = 0x08000000

func sigaction(sig syscall.Signal) (kernelSigaction, error) {
	var a kernelSigaction
	_, _, errno := syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(sig), 0, uintptr(unsafe.Pointer(&a)), 8, 0, 0)
	if errno != 0 {
		return a, errno
	}
	return a, nil
}

const signalsWorkerEnv = "JOB_TEST_SIGNALS_WORKER"

// The job's stop signals keep the Go runtime's handlers through MPI's
// start: MPICH's MPI_Init installs a SIGUSR1 handler of its own, without
// SA_ONSTACK, and Go then aborts the process on a SIGUSR1 (Slurm's
// warning before a time limit) that interrupts a goroutine. Each rank
// reads the actions before and after Init.
func TestSignalsKeptThroughInit(t *testing.T) {
	if os.Getenv(signalsWorkerEnv) == "1" {
		signalsWorker()
		return
	}
	t.Setenv(signalsWorkerEnv, "1")
	r := mpitest.MustRun(t, 2, time.Minute, t.TempDir(), os.Args[0], "-test.run=^TestSignalsKeptThroughInit$")
	if c := strings.Count(r.Stdout, "signals kept"); c != 2 {
		t.Errorf("%d ranks kept their signals, want 2:\n%s\n%s", c, r.Stdout, r.Stderr)
	}
}

func signalsWorker() {
	sigs := []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGUSR1}
	before := make([]kernelSigaction, len(sigs))
	for i, s := range sigs {
		var err error
		if before[i], err = sigaction(s); err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
	}
	if err := Init(); err != nil {
		Fatal(err)
	}
	var bad []string
	for i, s := range sigs {
		a, err := sigaction(s)
		switch {
		case err != nil:
			bad = append(bad, fmt.Sprintf("%v: %v", s, err))
		case a.handler != before[i].handler || a.flags&saOnStack == 0:
			bad = append(bad, fmt.Sprintf("%v: handler %#x flags %#x, before Init %#x flags %#x", s, a.handler, a.flags, before[i].handler, before[i].flags))
		}
	}
	if len(bad) > 0 {
		fmt.Println(strings.Join(bad, "; "))
	} else {
		fmt.Println("signals kept")
	}
	Finalize()
}
