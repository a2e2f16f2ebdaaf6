package preflight

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/pio"
)

// rankFacts is what one rank finds about itself and measures, gathered
// to every rank as JSON.
type rankFacts struct {
	Host     string            `json:"host"`
	Local    int               `json:"local"`     // the launcher's ranks on this node, 0 unknown
	CPUs     string            `json:"cpus"`      // affinity, as a CPU list
	NodeCPUs string            `json:"node_cpus"` // the node's online CPUs
	GPUs     map[string]string `json:"gpus,omitempty"`
	Startup  float64           `json:"startup"` // seconds from process start to the end of MPI's start
	Dir      *dirFacts         `json:"dir,omitempty"`
	Net      *netFacts         `json:"net,omitempty"`
}

// gatherFacts shares every rank's facts with every rank, in rank order.
// Collective.
func gatherFacts(f rankFacts) ([]rankFacts, error) {
	b, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	// Padded to the longest; JSON holds no NUL byte.
	n, err := mpi.World.MaxFloat64(float64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("gather the ranks' findings: %w", err)
	}
	w := int(n)
	v := make([]byte, w)
	copy(v, b)
	all, err := mpi.World.AllGatherBytes(v)
	if err != nil {
		return nil, fmt.Errorf("gather the ranks' findings: %w", err)
	}
	out := make([]rankFacts, mpi.World.Size())
	for r := range out {
		if err := json.Unmarshal(bytes.TrimRight(all[r*w:(r+1)*w], "\x00"), &out[r]); err != nil {
			return nil, fmt.Errorf("rank %d's findings: %w", r, err)
		}
	}
	return out, nil
}

// node is one host and its ranks, in rank order.
type node struct {
	host  string
	ranks []int
}

// nodesOf groups ranks by host, the nodes in the order of their first
// rank.
func nodesOf(hosts []string) []node {
	var out []node
	for r, i := range pio.NodeOf(hosts) {
		if i == len(out) {
			out = append(out, node{host: hosts[r]})
		}
		out[i].ranks = append(out[i].ranks, r)
	}
	return out
}
