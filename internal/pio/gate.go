package pio

import "sync/atomic"

// Gate is told when the fate of an output starts being decided (Hold:
// its commit begins) and when the program starts on other work (Release:
// the next Create or Open). A job holds its stop signals back in between,
// so that its exit status says what became of the output (package job
// installs its gate when it starts MPI).
type Gate interface {
	Hold()
	Release()
}

var gate atomic.Pointer[Gate]

// SetGate installs g; nil removes it.
func SetGate(g Gate) {
	if g == nil {
		gate.Store(nil)
		return
	}
	gate.Store(&g)
}

func holdSignals() {
	if g := gate.Load(); g != nil {
		(*g).Hold()
	}
}

func releaseSignals() {
	if g := gate.Load(); g != nil {
		(*g).Release()
	}
}

// OpenFiles is the number of files this process has open, HDF5's and
// raw MPI-IO ones (RawFile): MPI_Finalize would close them,
// collectively, so a failing job aborts instead while any are.
func OpenFiles() int { return int(openFiles.Load()) }
