package preflight

import (
	"os"
	"time"

	"github.com/h5mpi/h5mpi/internal/launch"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// Config is the checks asked for. The zero value runs those that need
// nothing: ranks, nodes, CPU binding, GPUs and start-up.
type Config struct {
	// Startup is this rank's time from process start to the end of MPI's
	// start (ProcessAge, taken then).
	Startup time.Duration
	// Dir, if not "", is a directory to test as the output's file system.
	Dir string
	// Block is the bytes of the test file each rank writes in Dir: 0 for
	// DefaultBlock; a multiple of 8.
	Block int64
	// Net measures the network between nodes.
	Net bool
	// Names are the command's names for the settings (Dir, Block), for
	// messages (setting.Render).
	Names map[string]string
}

// DefaultBlock is each rank's part of the test file in Dir.
const DefaultBlock = 1 << 20

func (c Config) block() int64 {
	if c.Block <= 0 {
		return DefaultBlock
	}
	return c.Block
}

// Check validates c's settings.
func (c Config) Check() error {
	if c.Block < 0 || c.Block%8 != 0 {
		return setting.Bad("Block", c.Block, "want a positive multiple of 8 bytes")
	}
	return nil
}

// Run makes the checks c asks for and returns the same Report on every
// rank. Its error is one of the job itself (MPI, the host's name), not a
// failed check. Collective.
func Run(c Config) (*Report, error) {
	if err := c.Check(); err != nil {
		return nil, err
	}
	f := rankFacts{Startup: c.Startup.Seconds(), GPUs: gpuVars()}
	var err error
	if f.Host, err = os.Hostname(); err != nil {
		return nil, err
	}
	req := launch.Requested()
	f.Local = req.Local
	cpus, err := Affinity()
	if err != nil {
		return nil, err
	}
	node, err := NodeCPUs()
	if err != nil {
		return nil, err
	}
	f.CPUs, f.NodeCPUs = cpus.String(), node.String()
	hosts, err := pio.Hosts()
	if err != nil {
		return nil, err
	}
	nodes := nodesOf(hosts)
	if c.Net {
		if f.Net, err = measureNet(nodes, hosts); err != nil {
			return nil, err
		}
	}
	if c.Dir != "" {
		if f.Dir, err = runDir(c, nodes); err != nil {
			return nil, err
		}
	}
	facts, err := gatherFacts(f)
	if err != nil {
		return nil, err
	}

	world := mpi.World.Size()
	r := &Report{Ranks: world, OK: true}
	for _, n := range nodes {
		r.Nodes = append(r.Nodes, n.host)
	}
	ranks := checkRanks(req, world, mpi.Real)
	r.add(ranks)
	// A world of one the launcher did not start alone has no nodes of
	// its own to count: the ranks check said why.
	if !(world == 1 && req.Ranks > 1) {
		r.add(checkNodes(req, nodes, facts))
	}
	r.add(checkBinding(nodes, facts))
	r.add(checkGPUs(nodes, facts))
	r.add(checkStartup(facts))
	if c.Dir != "" {
		r.add(checkDir(c, nodes, facts))
	}
	if c.Net {
		r.add(checkNet(nodes, facts))
	}
	return r, nil
}
