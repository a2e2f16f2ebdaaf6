package pio

import (
	"log"
	"os"
	"sync"
	"time"
)

// partials are the temporary files this process has created and not yet
// committed; Fatal removes them so a failed run leaves nothing behind.
var partials = struct {
	sync.Mutex
	m map[string]bool
}{m: map[string]bool{}}

func addPartial(p string) {
	partials.Lock()
	partials.m[p] = true
	partials.Unlock()
}

func dropPartial(p string) {
	partials.Lock()
	delete(partials.m, p)
	partials.Unlock()
}

// removePartials removes this process's uncommitted partial files and
// says which it removed (", removed A.partial"), or "".
func removePartials() string {
	partials.Lock()
	defer partials.Unlock()
	var said string
	for p := range partials.m {
		if os.Remove(p) == nil {
			said += ", removed " + p
		}
		delete(partials.m, p)
	}
	return said
}

// Fatal reports err as "rank R: err" through the standard logger (whose
// prefix names the program), removes this process's uncommitted partial
// files, and ends the whole job with status 1. It never returns.
func Fatal(err error) {
	log.Printf("rank %d: %v", Rank(), err)
	removePartials()
	// The launcher forwards each rank's stderr through a pipe, and MPICH's
	// tears the job down at once on MPI_Abort: give it a moment to pass
	// the message on, or the user sees only that the job failed.
	if Size() > 1 {
		time.Sleep(300 * time.Millisecond)
	}
	Abort(1)
}
