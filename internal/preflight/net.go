package preflight

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpi"
)

// The ping-pong's sizes and repetitions: latency with one 8-byte value
// each way, bandwidth with 1 MiB messages.
const (
	latencyReps   = 200
	bandwidthReps = 20
	bandwidthLen  = 1 << 17 // int64 values: 1 MiB
	allreduceReps = 200
	warmup        = 5
	tagPing       = 7101
	tagPong       = 7102
)

// Pair is a ping-pong's result between ranks A and B.
type Pair struct {
	A       int     `json:"a"`
	B       int     `json:"b"`
	HostA   string  `json:"host_a"`
	HostB   string  `json:"host_b"`
	Latency float64 `json:"latency_us"`     // half a round trip of 8 bytes, µs
	Rate    float64 `json:"bandwidth_MBps"` // 1 MiB messages, both ways, MB/s (10^6 bytes)
}

// Net is the network's figures.
type Net struct {
	Pairs     []Pair  `json:"pairs"`
	Allreduce float64 `json:"allreduce_us"`      // one 8-byte allreduce over the world, the slowest rank's mean, µs
	Slowest   *Pair   `json:"slowest,omitempty"` // the lowest bandwidth
}

// netFacts is what one rank measured: the pairs it led and its allreduce.
type netFacts struct {
	Pairs     []Pair  `json:"pairs,omitempty"`
	Allreduce float64 `json:"allreduce_us"`
}

// ring is the pairs measured: the first ranks of consecutive nodes, the
// last back to the first when there are three nodes or more; on one
// node, ranks 0 and 1.
func ring(nodes []node) [][2]int {
	switch {
	case len(nodes) >= 3:
		var p [][2]int
		for i, n := range nodes {
			p = append(p, [2]int{n.ranks[0], nodes[(i+1)%len(nodes)].ranks[0]})
		}
		return p
	case len(nodes) == 2:
		return [][2]int{{nodes[0].ranks[0], nodes[1].ranks[0]}}
	case len(nodes[0].ranks) >= 2:
		return [][2]int{{nodes[0].ranks[0], nodes[0].ranks[1]}}
	}
	return nil
}

// measureNet runs the ping-pongs of the ring one pair at a time, so that
// none shares the network with another, then the allreduce. Collective.
func measureNet(nodes []node, hosts []string) (*netFacts, error) {
	me := mpi.World.Rank()
	f := &netFacts{}
	for _, p := range ring(nodes) {
		switch me {
		case p[0]:
			lat, err := pingPong(p[1], 1, latencyReps, true)
			if err != nil {
				return nil, err
			}
			bw, err := pingPong(p[1], bandwidthLen, bandwidthReps, true)
			if err != nil {
				return nil, err
			}
			f.Pairs = append(f.Pairs, Pair{A: p[0], B: p[1], HostA: hosts[p[0]], HostB: hosts[p[1]],
				Latency: lat.Seconds() / 2 * 1e6,
				Rate:    2 * 8 * bandwidthLen / bw.Seconds() / 1e6})
		case p[1]:
			if _, err := pingPong(p[0], 1, latencyReps, false); err != nil {
				return nil, err
			}
			if _, err := pingPong(p[0], bandwidthLen, bandwidthReps, false); err != nil {
				return nil, err
			}
		}
		if err := mpi.World.Barrier(); err != nil {
			return nil, err
		}
	}
	var t0 time.Time
	for i := 0; i < warmup+allreduceReps; i++ {
		if i == warmup {
			t0 = time.Now()
		}
		if _, err := mpi.World.MaxFloat64(float64(i)); err != nil {
			return nil, err
		}
	}
	f.Allreduce = time.Since(t0).Seconds() / allreduceReps * 1e6
	return f, nil
}

// pingPong exchanges messages of n values with peer reps times (after a
// few unmeasured), leading when lead, and returns the mean round trip.
func pingPong(peer, n, reps int, lead bool) (time.Duration, error) {
	buf := make([]int64, n)
	var t0 time.Time
	for i := 0; i < warmup+reps; i++ {
		if i == warmup {
			t0 = time.Now()
		}
		if lead {
			if err := mpi.World.Send(peer, tagPing, buf); err != nil {
				return 0, err
			}
			if _, err := mpi.World.Recv(peer, tagPong, buf); err != nil {
				return 0, err
			}
		} else {
			if _, err := mpi.World.Recv(peer, tagPing, buf); err != nil {
				return 0, err
			}
			if err := mpi.World.Send(peer, tagPong, buf); err != nil {
				return 0, err
			}
		}
	}
	return time.Since(t0) / time.Duration(reps), nil
}

// checkNet reports the network's figures: a measurement, never a
// failure.
func checkNet(nodes []node, facts []rankFacts) Check {
	c := Check{Name: "net", OK: true}
	n := &Net{}
	for _, f := range facts {
		if f.Net == nil {
			continue
		}
		n.Pairs = append(n.Pairs, f.Net.Pairs...)
		n.Allreduce = max(n.Allreduce, f.Net.Allreduce)
	}
	// In the ring's order, which is the first ranks' order.
	slices.SortStableFunc(n.Pairs, func(a, b Pair) int { return cmp.Compare(a.A, b.A) })
	for i, p := range n.Pairs {
		c.Details = append(c.Details, fmt.Sprintf("%s (rank %d) - %s (rank %d): latency %.1f µs, bandwidth %.0f MB/s", p.HostA, p.A, p.HostB, p.B, p.Latency, p.Rate))
		if n.Slowest == nil || p.Rate < n.Slowest.Rate {
			n.Slowest = &n.Pairs[i]
		}
	}
	c.Data = n
	switch {
	case len(n.Pairs) == 0:
		c.Line = fmt.Sprintf("one rank: no pair to measure; allreduce %.1f µs", n.Allreduce)
	case len(nodes) == 1:
		c.Line = fmt.Sprintf("one node: ranks %d and %d, through shared memory, not the network: latency %.1f µs, bandwidth %.0f MB/s; allreduce over %d ranks %.1f µs", n.Slowest.A, n.Slowest.B, n.Slowest.Latency, n.Slowest.Rate, len(facts), n.Allreduce)
		c.Details = nil
	default:
		s := n.Slowest
		c.Line = fmt.Sprintf("%d %s between the first ranks of consecutive nodes, the slowest %s - %s (%.0f MB/s, %.1f µs); allreduce over %d ranks %.1f µs", len(n.Pairs), plural(len(n.Pairs), "pair"), s.HostA, s.HostB, s.Rate, s.Latency, len(facts), n.Allreduce)
	}
	return c
}
