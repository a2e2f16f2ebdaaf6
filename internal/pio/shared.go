package pio

// Every rank must see the same file. On a cluster, a path under a
// node-local directory (/tmp, /dev/shm, a local disk) names one file per
// node: a collective create would make one file per node, each with some
// ranks' data, and a collective open would fail on some ranks with HDF5's
// errors. Create and Open check first, on every rank, and name the nodes
// that do not see what rank 0 sees.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/outfile"
)

// seen is what one rank found at a path.
type seen struct {
	rank int
	host string
	ok   bool   // it sees rank 0's file
	why  string // if not, why (rank 0's own failure included)
}

// gatherSeen shares each rank's verdict (ok, why) and host name, on every
// rank. Collective.
func gatherSeen(ok bool, why string) ([]seen, error) {
	hosts, err := Hosts()
	if err != nil {
		return nil, err
	}
	// The reasons travel padded to the longest, after a byte for ok.
	n, err := mpi.World.MaxFloat64(float64(len(why)))
	if err != nil {
		return nil, err
	}
	w := 1 + int(n)
	v := make([]byte, w)
	if ok {
		v[0] = 1
	}
	copy(v[1:], why)
	all, err := mpi.World.AllGatherBytes(v)
	if err != nil {
		return nil, err
	}
	out := make([]seen, mpi.World.Size())
	for r := range out {
		u := all[r*w : (r+1)*w]
		out[r] = seen{rank: r, host: hosts[r], ok: u[0] == 1, why: string(bytes.TrimRight(u[1:], "\x00"))}
	}
	return out, nil
}

// blind lists the hosts of the ranks that are not ok, in order, and the
// first reason given on each.
func blind(s []seen) (hosts []string, why map[string]string) {
	why = map[string]string{}
	for _, x := range s {
		if x.ok {
			continue
		}
		if _, dup := why[x.host]; !dup {
			hosts = append(hosts, x.host)
			why[x.host] = x.why
		}
	}
	sort.Strings(hosts)
	return hosts, why
}

// onHosts is "node2" or "node2 and node3" or "node2, node3 and node4".
func onHosts(h []string) string {
	if len(h) == 1 {
		return h[0]
	}
	return strings.Join(h[:len(h)-1], ", ") + " and " + h[len(h)-1]
}

// checkCreated checks that every rank sees the lock rank 0 took for c
// (its token in it): that path's directory is one directory for the whole
// job. The error is shared and printed once. Collective.
func checkCreated(c *outfile.Claim) error {
	ok := c.Held()
	s, err := gatherSeen(ok, "")
	if err != nil {
		return fmt.Errorf("create %s: %w", c.Path, err)
	}
	hosts, _ := blind(s)
	if hosts == nil {
		return nil
	}
	return &SharedError{Print: mpi.World.Rank() == 0, Err: fmt.Errorf(
		"%s: the ranks on %s do not see the file created by rank 0 on %s: write to a file system shared by all nodes",
		c.Path, onHosts(hosts), s[0].host)}
}

// checkVisible checks that every rank sees path as rank 0 does (there,
// with rank 0's size) before a collective open; a path that nobody sees
// is left to the open's own message. The error is shared and printed
// once. Collective.
func checkVisible(path string) error {
	var size0 int64 = -1
	fi, err := os.Stat(path)
	if err == nil {
		size0 = fi.Size()
	}
	v := []int{int(size0)}
	if err := mpi.World.BcastInts(v); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if v[0] < 0 {
		// Rank 0 cannot stat it: no rank reads it, and rank 0 says why,
		// once.
		if mpi.World.Rank() != 0 {
			return &SharedError{Err: fmt.Errorf("open %s: rank 0 cannot", path)}
		}
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return &SharedError{Err: fmt.Errorf("open %s: %w", path, err), Print: true}
	}
	ok, why := true, ""
	switch {
	case err != nil:
		ok, why = false, "no such file"
		if !os.IsNotExist(err) {
			why = err.Error()
		}
	case fi.Size() != int64(v[0]):
		ok, why = false, fmt.Sprintf("a file of %d bytes, not %d", fi.Size(), v[0])
	}
	s, gerr := gatherSeen(ok, why)
	if gerr != nil {
		return fmt.Errorf("open %s: %w", path, gerr)
	}
	hosts, whys := blind(s)
	if hosts == nil {
		return nil
	}
	var d []string
	for _, h := range hosts {
		d = append(d, h+": "+whys[h])
	}
	return &SharedError{Print: mpi.World.Rank() == 0, Err: fmt.Errorf(
		"%s: the ranks on %s do not see the file rank 0 reads on %s (%s): read from a file system shared by all nodes",
		path, onHosts(hosts), s[0].host, strings.Join(d, "; "))}
}
