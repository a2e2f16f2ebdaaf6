package pio

import (
	"bytes"
	"fmt"
	"os"

	"github.com/h5mpi/h5mpi/internal/mpi"
)

// hostLen bounds a host name as gathered (POSIX allows 255 bytes).
const hostLen = 256

// Hosts returns the host name of every rank, in rank order, on every
// rank: where the job runs, and how many ranks share a node. Collective.
func Hosts() ([]string, error) {
	h, err := os.Hostname()
	if err != nil {
		return nil, fmt.Errorf("host name: %w", err)
	}
	b := make([]byte, hostLen)
	copy(b, h)
	all, err := mpi.World.AllGatherBytes(b)
	if err != nil {
		return nil, fmt.Errorf("gather host names: %w", err)
	}
	out := make([]string, mpi.World.Size())
	for i := range out {
		out[i] = string(bytes.TrimRight(all[i*hostLen:(i+1)*hostLen], "\x00"))
	}
	return out, nil
}

// NodeOf numbers each rank's node from the host names of Hosts: the
// index of its host among the hosts in the order of their first rank, so
// that rank 0 is on node 0.
func NodeOf(hosts []string) []int {
	seen := map[string]int{}
	out := make([]int, len(hosts))
	for r, h := range hosts {
		i, ok := seen[h]
		if !ok {
			i = len(seen)
			seen[h] = i
		}
		out[r] = i
	}
	return out
}
