package pio

import (
	"log"
	"os"
	"sync"
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

// Fatal reports err as "rank R: err" through the standard logger (whose
// prefix names the program), removes this process's uncommitted partial
// files, and ends the whole job with status 1. It never returns.
func Fatal(err error) {
	log.Printf("rank %d: %v", Rank(), err)
	partials.Lock()
	for p := range partials.m {
		os.Remove(p)
	}
	partials.Unlock()
	Abort(1)
}
