//go:build cluster

// Package slurm_test submits the sbatch scripts of this directory to a
// real three-node Slurm cluster built from Linux namespaces on this
// machine (scripts/cluster-local.sh) and checks what the jobs did: ranks
// on different nodes talk TCP across the namespaces, each node has its
// own /tmp, and a node can be lost. It runs with `go test -tags cluster
// ./slurm/`, from scripts/test.sh --cluster. The cluster is started once,
// by TestMain; TestJobs runs the tests that only submit jobs side by
// side, and the tests that break the cluster (TestClusterRecovers,
// TestClusterLostNode) run after it, one at a time.
package slurm_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image/gif"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
)

const nodes = 3

var cluster = filepath.Join(root, "scripts", "cluster-local.sh")

func TestMain(m *testing.M) {
	os.Exit(runCluster(m))
}

func runCluster(m *testing.M) int {
	// Every node has its own /tmp: the binaries and the job directories
	// (t.TempDir) go where all nodes see them, as on a parallel file
	// system.
	shared := filepath.Join(root, "build", "cluster-test")
	os.RemoveAll(shared)
	if err := os.MkdirAll(shared, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(shared)
	// Nothing here (go's own build files included) is a package of the
	// repository's module to a go vet ./... running beside this: a
	// go.mod makes the directory a module of its own, which ./... skips.
	if err := os.WriteFile(filepath.Join(shared, "go.mod"), []byte("module h5mpi-cluster-test\n"), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	os.Setenv("TMPDIR", shared)
	// The binaries build while the cluster starts.
	bin := filepath.Join(shared, "bin")
	built := make(chan error, 1)
	go func() { built <- mpitest.Build(bin, "./cmd/...") }()
	out, err := exec.Command("bash", cluster, "start", strconv.Itoa(nodes)).CombinedOutput()
	defer func() {
		if out, err := exec.Command("bash", cluster, "stop").CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "cluster-local.sh stop: %v\n%s", err, out)
		}
	}()
	if berr := <-built; berr != nil {
		fmt.Fprintln(os.Stderr, berr)
		return 1
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "cluster-local.sh start: %v\n%s", err, out)
		return 1
	}
	env, err := exec.Command("bash", cluster, "env").Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for _, line := range strings.Split(strings.TrimSpace(string(env)), "\n") {
		k, v, _ := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		os.Setenv(k, v)
	}
	os.Setenv("H5MPI_BIN", bin) // the binaries under test, for the scripts
	// A rank of Open MPI crashes in MPI_Init now and then on this loaded
	// machine (crashedInMPIInit), and the job's other ranks wait in it
	// until H5MPI_INIT_LIMIT: a minute here, so that such a job ends well
	// within a test's limit and is submitted again (MPI_Init takes under
	// 2 s here).
	os.Setenv("H5MPI_INIT_LIMIT", "60s")
	// TestJobs' tests at once, unless -parallel says otherwise: all of
	// them. Most of their time is spent waiting (for Slurm to start and
	// reap jobs, for a time limit's warning), and Slurm queues the jobs
	// that find no free node.
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", strconv.Itoa(len(jobs)))
	}
	return m.Run()
}

// jobs are TestJobs' tests, in the order they start: the longest first.
var jobs = []struct {
	name string
	f    func(*testing.T)
}{
	{"TimeLimitResubmit", testTimeLimitResubmit},
	{"ClusterGalaxy", testClusterGalaxy},
	{"ClusterGalaxyGroups", testClusterGalaxyGroups},
	{"GalaxyThenAnimate", testGalaxyThenAnimate},
	{"H5write42", testH5write42},
	{"ClusterH5write42", testClusterH5write42},
	{"CancelledJob", testCancelledJob},
	{"RepositoryPathWithSpaces", testRepositoryPathWithSpaces},
	{"Partition", testPartition},
	{"H5stats", testH5stats},
	{"ClusterProbe", testClusterProbe},
	{"ClusterInitDeath", testClusterInitDeath},
	{"ClusterRankKilled", testClusterRankKilled},
	{"ClusterHello", testClusterHello},
	{"ClusterPreflight", testClusterPreflight},
	{"PreflightBinding", testPreflightBinding},
	{"ClusterPreflightNodeLocal", testClusterPreflightNodeLocal},
	{"ClusterNodeLocalOutput", testClusterNodeLocalOutput},
	{"ClusterNodeLocalInput", testClusterNodeLocalInput},
	{"Hello", testHello},
	{"H5writeLargeFileHeader", testH5writeLargeFileHeader},
	{"WrongMPIPlugin", testWrongMPIPlugin},
	{"FailedJob", testFailedJob},
}

// TestJobs runs the tests that only submit jobs, side by side (each
// calls t.Parallel): each works in a directory of its own and names no
// node another one depends on (jobs get whole nodes: a job waits for free
// ones). It ends before the tests after it, which break the cluster,
// begin.
func TestJobs(t *testing.T) {
	for _, j := range jobs {
		t.Run(j.name, j.f)
	}
}

var helloLine = regexp.MustCompile(`(?m)^Hello from MPI rank (\d+) of (\d+) on (\S+)$`)

// hello on 12 ranks over 3 nodes: three hostnames, four ranks on each.
func testClusterHello(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	id, code, log := submitOpts(t, dir, []string{"RANKS=12"}, []string{"-N", "3", "-n", "12"}, "hello.sbatch")
	completed(t, id, code, log)
	perHost := map[string]int{}
	ranks := map[string]bool{}
	for _, m := range helloLine.FindAllStringSubmatch(log, -1) {
		if m[2] != "12" || ranks[m[1]] {
			t.Errorf("unexpected or repeated line %q", m[0])
		}
		ranks[m[1]] = true
		perHost[m[3]]++
	}
	want := map[string]int{"node1": 4, "node2": 4, "node3": 4}
	if len(ranks) != 12 || fmt.Sprint(perHost) != fmt.Sprint(want) {
		t.Errorf("ranks per host %v (%d ranks), want %v\n%s", perHost, len(ranks), want, log)
	}
}

// hello's preflight on 6 ranks over 3 nodes, with the job's directory
// as -dir and -net: every check passes, the directory shared by all
// three nodes is left as it was, and the ring names three pairs.
func testClusterPreflight(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	id, code, log := submitOpts(t, dir, []string{"RANKS=6"}, []string{"-N", "3"}, "hello.sbatch", "-dir", out, "-net")
	completed(t, id, code, log)
	for _, want := range []string{
		"ok   ranks: 6, as srun was asked (SLURM_STEP_NUM_TASKS=6, SLURM_STEP_NUM_NODES=3, SLURM_STEP_TASKS_PER_NODE=2(x3))\n",
		"ok   nodes: 3 nodes, ranks per node node1 2, node2 2, node3 2, as srun was asked\n",
		"ok   dir: " + out + " (", ") is one file system for all 3 nodes: ", "each node's blocks read back on another node, file locks work, removed\n",
		"ok   net: 3 pairs between the first ranks of consecutive nodes, the slowest ",
		"node1 (rank 0) - node2 (rank 2): latency ", "node2 (rank 2) - node3 (rank 4): latency ", "node3 (rank 4) - node1 (rank 0): latency ",
		"preflight: ok: 7 checks passed on 6 ranks, 3 nodes\n",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("log of job %s lacks %q:\n%s", id, want, log)
		}
	}
	if ents, err := os.ReadDir(out); err != nil || len(ents) != 0 {
		t.Errorf("-dir %s left %v (%v)", out, ents, err)
	}
}

// srun --cpu-bind=map_cpu:0,0 puts two ranks of a node on CPU 0: the
// binding check fails, naming them.
func testPreflightBinding(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	id, code, log := submitOpts(t, dir, []string{"RANKS=2", "SRUN_OPTS=--cpu-bind=map_cpu:0,0"}, []string{"-N", "1"}, "hello.sbatch")
	if s := field(t, id, "JobState"); code == 0 || s != "FAILED" {
		t.Errorf("job %s: sbatch status %d, state %s, want FAILED\n%s", id, code, s, log)
	}
	if !regexp.MustCompile(`(?m)^FAIL cpu binding: expected bound ranks on separate CPUs, found node\d: ranks 0 and 1 share cpus 0 \(check srun's -c/--cpus-per-task and --cpu-bind`).MatchString(log) {
		t.Errorf("log of job %s does not fail the binding check for ranks 0 and 1 on cpu 0:\n%s", id, log)
	}
}

// -dir on the nodes' own /tmp over 2 nodes: the dir check fails naming
// the node that does not see rank 0's file, and no node's /tmp keeps
// anything of it.
func testClusterPreflightNodeLocal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	id, code, log := submitOpts(t, dir, []string{"RANKS=4"}, []string{"-N", "2", "-w", "node[1-2]"}, "hello.sbatch", "-dir", "/tmp")
	if s := field(t, id, "JobState"); code == 0 || s != "FAILED" {
		t.Errorf("job %s: sbatch status %d, state %s, want FAILED\n%s", id, code, s, log)
	}
	if !regexp.MustCompile(`(?m)^FAIL dir: /tmp \(.*\): expected a test file written, read back and removed, found the test file not created: /tmp/h5mpi-preflight-[0-9a-f]+\.h5: the ranks on node2 do not see the file created by rank 0 on node1: write to a file system shared by all nodes; nothing was left there$`).MatchString(log) {
		t.Errorf("log of job %s does not fail the dir check naming node2 and node1:\n%s", id, log)
	}
	if !strings.Contains(log, "ok   ranks: 4, as srun was asked") || !strings.Contains(log, "preflight: FAIL: 1 of 6 checks failed (dir)\n") {
		t.Errorf("log of job %s: want the other checks passed:\n%s", id, log)
	}
	for _, n := range []string{"node1", "node2"} {
		if ls := onNode(t, n, "ls", "-A", "/tmp"); strings.Contains(ls, "h5mpi-preflight") {
			t.Errorf("%s's /tmp holds %s", n, ls)
		}
	}
}

// h5write on 42 ranks over 3 nodes: the hands-on's listing, byte for byte.
func testClusterH5write42(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	id, code, log := submitOpts(t, dir, nil, []string{"-N", "3"}, "h5write.sbatch")
	completed(t, id, code, log)
	if n := field(t, id, "NodeList"); n != "node[1-3]" {
		t.Errorf("job %s ran on %s, want node[1-3]", id, n)
	}
	golden, err := os.ReadFile(filepath.Join(root, "cmd", "h5write", "testdata", "h5dump-42.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log, "42 MPI ranks have finished writing!\n") || !strings.HasSuffix(log, string(golden)) {
		t.Errorf("job log does not end with the 42-rank h5dump listing:\n%s", log)
	}
}

// galaxyArgs make a run of some seconds.
var galaxyArgs = []string{"-n", "240", "-steps", "40", "-t-end", "2000"}

// galaxy's tree of dispensers over 3 nodes, forced on 9 ranks (the
// default engages it from sched.TreeFrom ranks): by node
// ($H5MPI_GROUP_SIZE=node: a dispenser on each node, asking rank 0), in
// pairs that straddle nodes ($H5MPI_GROUP_SIZE=2), and in 3 levels
// (pairs, a dispenser per 2 of them: $H5MPI_GROUP_FAN=2, rank 7 asking 6,
// which asks 4, which asks 0) write the same arrays, bit for bit, as rank
// 0 alone answering 3 ranks on one node ($H5MPI_GROUP_SIZE=1).
func testClusterGalaxyGroups(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	id, code, log := submitOpts(t, dir, []string{"RANKS=3", "OUT=flat.hdf5", "H5MPI_GROUP_SIZE=1"}, []string{"-N", "1"}, "galaxy.sbatch", galaxyArgs...)
	completed(t, id, code, log)
	for _, c := range []struct{ out, group, fan, tree string }{
		{"nodes.hdf5", "node", "", "3 dispensers hand out the work, in 2 levels"},
		{"pairs.hdf5", "2", "", "4 dispensers hand out the work, in 2 levels"},
		{"levels.hdf5", "2", "2", "4 dispensers hand out the work, in 3 levels"},
	} {
		env := []string{"RANKS=9", "OUT=" + c.out, "H5MPI_GROUP_SIZE=" + c.group, "H5MPI_GROUP_FAN=" + c.fan}
		id, code, log := submitOpts(t, dir, env, []string{"-N", "3"}, "galaxy.sbatch", append(galaxyArgs, "-progress")...)
		completed(t, id, code, log)
		if n := field(t, id, "NodeList"); n != "node[1-3]" {
			t.Errorf("job %s ran on %s, want node[1-3]", id, n)
		}
		if !strings.Contains(log, "galaxy: "+c.tree+"\n") {
			t.Errorf("%s: the run does not say %q:\n%s", c.out, c.tree, log)
		}
		for _, d := range []string{"pos_pt", "vel_pt", "evals_pt", "steps_pt", "rejected_pt", "done_pt", "pos_nuc", "vel_nuc", "time"} {
			if out, code := command(t, dir, nil, "h5diff", "-r", "flat.hdf5", c.out, "/"+d, "/"+d); code != 0 {
				t.Errorf("%s: h5diff /%s: status %d\n%s", c.out, d, code, out)
			}
		}
	}
}

// galaxy over 3 nodes writes the same arrays as on one node (with other
// rank counts: the attributes naming them differ); h5stats over 3 nodes
// gives the one-node result; animate renders the multi-node file as the
// one-node file.
func testClusterGalaxy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	id, code, log := submitOpts(t, dir, []string{"RANKS=3", "OUT=one.hdf5"}, []string{"-N", "1"}, "galaxy.sbatch", galaxyArgs...)
	completed(t, id, code, log)
	id, code, log = submitOpts(t, dir, []string{"RANKS=9", "OUT=three.hdf5"}, []string{"-N", "3"}, "galaxy.sbatch", galaxyArgs...)
	completed(t, id, code, log)
	if n := field(t, id, "NodeList"); n != "node[1-3]" {
		t.Errorf("job %s ran on %s, want node[1-3]", id, n)
	}
	for _, d := range []string{"pos_pt", "vel_pt", "pos_nuc", "vel_nuc", "time"} {
		out, code := command(t, dir, nil, "h5diff", "-r", "one.hdf5", "three.hdf5", "/"+d, "/"+d)
		if code != 0 {
			t.Errorf("h5diff /%s: status %d\n%s", d, code, out)
		}
	}

	t.Run("h5stats", func(t *testing.T) {
		// A 2-D table of 30000 rows: 5000 per rank on 6 ranks.
		py := `import h5py, numpy as np, sys
with h5py.File(sys.argv[1], "w") as f:
    f["x"] = np.random.default_rng(7).normal(size=(30000, 3))`
		if out, code := command(t, dir, nil, "/usr/bin/python3", "-c", py, "table.h5"); code != 0 {
			t.Fatalf("python3: %s", out)
		}
		stats := func(n string) string {
			id, code, log := submitOpts(t, dir, []string{"RANKS=6", "INPUTS=table.h5:x"}, []string{"-N", n}, "h5stats.sbatch", "-json")
			completed(t, id, code, log)
			i := strings.Index(log, "\n{")
			if i < 0 {
				t.Fatalf("no JSON in the log of job %s:\n%s", id, log)
			}
			return log[i:]
		}
		if one, three := stats("1"), stats("3"); one != three {
			t.Errorf("h5stats on 1 node:\n%s\non 3 nodes:\n%s", one, three)
		}
	})

	t.Run("animate", func(t *testing.T) {
		gifs := map[string][]byte{}
		for _, f := range []string{"one", "three"} {
			id, code, log := submitOpts(t, dir, []string{"IN=" + f + ".hdf5", "OUT=" + f + ".gif"}, nil, "animate.sbatch")
			completed(t, id, code, log)
			b, err := os.ReadFile(filepath.Join(dir, f+".gif"))
			if err != nil {
				t.Fatal(err)
			}
			g, err := gif.DecodeAll(bytes.NewReader(b))
			if err != nil || len(g.Image) == 0 {
				t.Fatalf("%s.gif: %v (%d frames)", f, err, len(g.Image))
			}
			gifs[f] = b
		}
		if !bytes.Equal(gifs["one"], gifs["three"]) {
			t.Errorf("the 3-node file animates differently from the 1-node one")
		}
	})
}

// A rank that dies before MPI_Init (Open MPI crashes in it now and then
// under load) leaves the others waiting in it: srun ends a step's other
// tasks only with --kill-on-bad-exit. Each of them quits after
// H5MPI_INIT_LIMIT, saying why, and the job ends, failed, not hung.
func testClusterInitDeath(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	script := `#!/bin/bash
#SBATCH -J initdeath
#SBATCH -o %x-%j.out
#SBATCH -N 3
#SBATCH -t 5
set -euo pipefail
ROOT=$H5MPI_ROOT
. "$ROOT/slurm/common.sh" hello
srun --kill-on-bad-exit=0 -n 6 bash -c 'if [ "$SLURM_PROCID" = 0 ]; then echo "rank 0 dies before MPI_Init"; exit 7; fi; exec "$0"' "$BIN/hello"
`
	if err := os.WriteFile(filepath.Join(dir, "initdeath.sbatch"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	env := []string{"H5MPI_ROOT=" + root, "H5MPI_INIT_LIMIT=10s"}
	id := sbatch(t, dir, env, nil, "initdeath.sbatch")
	code, log := ended(t, dir, id, "initdeath.sbatch")
	if code == 0 {
		t.Errorf("job %s: exit status 0, want a failure\n%s", id, log)
	}
	if n := strings.Count(log, "MPI_Init has not returned after 10s"); n != 5 {
		t.Errorf("job %s: %d ranks said they quit waiting in MPI_Init, want 5:\n%s", id, n, log)
	}
}

// A rank killed with SIGKILL in the middle of a run (the OOM killer, a
// crash) ends the job at once, with both MPIs: MPICH's ranks, which no
// one tells of the death, would otherwise wait in their collective for
// the dead one until the time limit. The sbatch scripts' srun ends the
// step's other ranks (--kill-on-bad-exit); the job fails, saying which
// task was killed, and leaves no rank running and no truncated file
// under the final name. The probe repeats for hours unless stopped; the kill comes once
// its ranks have created the file together: all past MPI_Init, in the
// probe's loop.
func testClusterRankKilled(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	partial := filepath.Join(dir, "killed.h5.partial")
	var id string
	for attempt := 1; ; attempt++ {
		id = sbatch(t, dir, []string{"RANKS=6", "OUT=killed.h5"}, []string{"-N", "3", "-t", "10"},
			filepath.Join(root, "slurm", "h5write.sbatch"), "-bench", "4", "-reps", "1000000", "-sync=false")
		state, log := await(t, dir, id, fmt.Sprintf("h5write-%s.out", id), 4*time.Minute, "killed.h5.partial",
			func(string) bool { _, err := os.Stat(partial); return err == nil })
		if state == "" {
			break
		}
		if attempt > 1 || !(crashedInMPIInit(log) || stuckInMPIInit(log)) {
			t.Fatalf("job %s %s before its ranks created the file:\n%s", id, state, log)
		}
		t.Logf("job %s: a rank crashed in MPI_Init before the program began; submitting again", id)
	}
	ranks := ranksOf(t, "node3", "h5write")
	if len(ranks) != 2 {
		t.Fatalf("%d h5write ranks on node3, want 2: %q", len(ranks), ranks)
	}
	pid, err := strconv.Atoi(strings.Fields(ranks[0])[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("kill rank %d: %v", pid, err)
	}
	// A hang is a job still there when Slurm has long reaped the rest; a
	// minute is well past that here.
	waitGone(t, id, time.Minute)
	code, log := ended(t, dir, id, "h5write.sbatch")
	if s := field(t, id, "JobState"); code == 0 || s != "FAILED" {
		t.Errorf("job %s: exit status %d, state %s, want FAILED\n%s", id, code, s, log)
	}
	if !regexp.MustCompile(`node3: task \d: Killed`).MatchString(log) {
		t.Errorf("job %s: the log does not name the killed task on node3:\n%s", id, log)
	}
	for i := 1; i <= nodes; i++ {
		if r := ranksOf(t, fmt.Sprintf("node%d", i), "h5write"); len(r) > 0 {
			t.Errorf("h5write still running on node%d after the job: %q", i, r)
		}
	}
	// Each repetition's file is committed once written, then read and
	// removed: a kill while it is read leaves it, whole.
	if _, err := os.Stat(filepath.Join(dir, "killed.h5")); err == nil {
		if out, code := command(t, dir, nil, "h5dump", "-H", "killed.h5"); code != 0 {
			t.Errorf("killed.h5 left under the final name is not a whole HDF5 file: h5dump -H: status %d\n%s", code, out)
		}
	} else if !os.IsNotExist(err) {
		t.Error(err)
	}
}

// The I/O probe over 3 nodes, each rank reading another's block (-read-other,
// IOR -C; auto turns it on when the job spans nodes): no rank reads a
// block written on its own node, by the probe's own report of hosts and
// shift, and every value read checks out (-check, the default).
func testClusterProbe(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	id, code, log := submitOpts(t, dir, []string{"RANKS=6", "OUT=probe.h5"}, []string{"-N", "3"}, "h5write.sbatch", "-bench", "4", "-json")
	completed(t, id, code, log)
	i := strings.Index(log, "\n{")
	if i < 0 {
		t.Fatalf("no JSON report in the log of job %s:\n%s", id, log)
	}
	var r struct {
		Ranks, Nodes int
		Hosts        []string
		Settings     struct {
			ReadShift int `json:"read_shift"`
		}
		Phases []struct {
			Op    string
			Bytes int64
			Ranks []struct {
				Host string
				Node int
			}
		}
		ReadBack struct {
			Method string
		} `json:"read_back"`
	}
	if err := json.NewDecoder(strings.NewReader(log[i:])).Decode(&r); err != nil {
		t.Fatalf("job %s: the report: %v\n%s", id, err, log)
	}
	if r.Ranks != 6 || r.Nodes != 3 || len(r.Hosts) != 6 || r.Settings.ReadShift%6 == 0 {
		t.Fatalf("report: %d ranks on %d nodes, hosts %q, read shift %d; want 6 on 3, a shift\n%s", r.Ranks, r.Nodes, r.Hosts, r.Settings.ReadShift, log)
	}
	for k := range r.Hosts {
		from := (k + r.Settings.ReadShift) % r.Ranks
		if r.Hosts[k] == r.Hosts[from] {
			t.Errorf("rank %d on %s reads rank %d's block, written on the same node", k, r.Hosts[k], from)
		}
	}
	if r.ReadBack.Method != "another node's block" {
		t.Errorf("read-back %q, want another node's block", r.ReadBack.Method)
	}
	var ops []string
	for _, p := range r.Phases {
		if p.Bytes != 6*4<<20 {
			t.Errorf("%s moved %d bytes, want %d", p.Op, p.Bytes, 6*4<<20)
		}
		ops = append(ops, p.Op)
		// Each rank's entry, its host and its node: three nodes, the
		// ranks of one host on one node.
		node := map[string]int{}
		for k, q := range p.Ranks {
			if n, ok := node[q.Host]; (ok && n != q.Node) || q.Host != r.Hosts[k] || q.Node < 0 || q.Node > 2 {
				t.Errorf("%s: rank %d on %s, node %d (hosts %v)", p.Op, k, q.Host, q.Node, r.Hosts)
			}
			node[q.Host] = q.Node
		}
		if len(p.Ranks) != 6 || len(node) != 3 {
			t.Errorf("%s: %d ranks' entries on %d nodes, want 6 on 3", p.Op, len(p.Ranks), len(node))
		}
	}
	if fmt.Sprint(ops) != "[write read]" {
		t.Errorf("phases %v, want [write read]", ops)
	}
}

// onNode runs a command on a node of the cluster.
func onNode(t *testing.T, node string, args ...string) string {
	t.Helper()
	out, code := command(t, ".", nil, "bash", append([]string{cluster, "exec", node}, args...)...)
	if code != 0 {
		t.Fatalf("on %s: %v: status %d\n%s", node, args, code, out)
	}
	return out
}

// Output into a node-local directory (each node's /tmp): the job fails at
// create time, naming the node whose ranks do not see rank 0's file, and
// leaves nothing in rank 0's /tmp.
func testClusterNodeLocalOutput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	id, code, log := submitOpts(t, dir, []string{"RANKS=4", "OUT=/tmp/out.h5"}, []string{"-N", "2", "-w", "node[1-2]"}, "galaxy.sbatch", "-n", "8", "-steps", "4")
	if s := field(t, id, "JobState"); code == 0 || s != "FAILED" {
		t.Errorf("job %s: sbatch status %d, state %s, want FAILED\n%s", id, code, s, log)
	}
	want := "/tmp/out.h5: the ranks on node2 do not see the file created by rank 0 on node1: write to a file system shared by all nodes"
	if !strings.Contains(log, want) || strings.Count(log, "do not see") != 1 {
		t.Errorf("log does not say once %q:\n%s", want, log)
	}
	for _, n := range []string{"node1", "node2"} {
		if ls := onNode(t, n, "ls", "-A", "/tmp"); strings.Contains(ls, "out.h5") {
			t.Errorf("%s's /tmp holds %s", n, ls)
		}
	}
}

// Input only in one node's /tmp: h5stats fails at open, naming the nodes
// that cannot see it.
func testClusterNodeLocalInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	py := `import h5py, sys
with h5py.File(sys.argv[1], "w") as f:
    f["x"] = list(range(100))`
	if out, code := command(t, dir, nil, "/usr/bin/python3", "-c", py, "in.h5"); code != 0 {
		t.Fatalf("python3: %s", out)
	}
	onNode(t, "node1", "cp", filepath.Join(dir, "in.h5"), "/tmp/h5stats-in.h5")
	defer onNode(t, "node1", "rm", "-f", "/tmp/h5stats-in.h5")
	id, code, log := submitOpts(t, dir, []string{"RANKS=6", "INPUTS=/tmp/h5stats-in.h5:x"}, []string{"-N", "3", "-w", "node[1-3]"}, "h5stats.sbatch")
	if s := field(t, id, "JobState"); code == 0 || s != "FAILED" {
		t.Errorf("job %s: sbatch status %d, state %s, want FAILED\n%s", id, code, s, log)
	}
	want := "/tmp/h5stats-in.h5: the ranks on node2 and node3 do not see the file rank 0 reads on node1 (node2: no such file; node3: no such file): read from a file system shared by all nodes"
	if !strings.Contains(log, want) || strings.Count(log, "do not see") != 1 {
		t.Errorf("log does not say once %q:\n%s", want, log)
	}
}

// start after an unclean end (slurmctld and node2's namespace holder
// killed with SIGKILL, a slurmd and the namespaces left behind) clears
// what is left and builds the cluster anew.
func TestClusterRecovers(t *testing.T) {
	d := filepath.Join(root, "build", "cluster")
	for _, f := range []string{"slurmctld.pid", "node2/holder.pid"} {
		b, err := os.ReadFile(filepath.Join(d, f))
		if err != nil {
			t.Fatal(err)
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatalf("kill %s (%d): %v", f, pid, err)
		}
	}
	if out, code := command(t, ".", nil, "bash", cluster, "start", strconv.Itoa(nodes)); code != 0 {
		t.Fatalf("cluster-local.sh start after an unclean end: status %d\n%s", code, out)
	}
	dir := t.TempDir()
	id, code, log := submitOpts(t, dir, []string{"RANKS=3"}, []string{"-N", "3", "-n", "3"}, "hello.sbatch")
	completed(t, id, code, log)
	for _, n := range []string{"node1", "node2", "node3"} {
		if !strings.Contains(log, " on "+n+"\n") {
			t.Errorf("no rank on %s:\n%s", n, log)
		}
	}
}

// A node lost during a galaxy run over 3 nodes, two ways: everything on
// it killed with SIGKILL, slurmd included (kill), or its link taken down,
// its processes running on unreachable (cut). The job ends, not
// COMPLETED, within Slurm's detection time (SlurmdTimeout, 20 s here, and
// its ping interval); the previous file under the final name is
// untouched; no rank lives on on the other nodes, nor on the lost one
// 30 s after it is back (a rank that rank 0 leaves unanswered that long
// quits). After the kill, galaxy -resume on the two nodes left completes
// the file, identical to an uninterrupted run's. It runs after TestJobs,
// alone: the node is brought back each time.
func TestClusterLostNode(t *testing.T) {
	for _, how := range []string{"kill", "cut"} {
		t.Run(how, func(t *testing.T) { loseNode(t, how) })
	}
}

// galaxyRanks lists the galaxy processes running on node.
func galaxyRanks(t *testing.T, node string) string {
	t.Helper()
	return strings.Join(ranksOf(t, node, "galaxy"), "\n")
}

// ranksOf lists the processes of program running on node, each as "PID
// program".
func ranksOf(t *testing.T, node, program string) []string {
	t.Helper()
	ps, code := command(t, ".", nil, "bash", cluster, "ps", node)
	if code != 0 {
		t.Fatalf("cluster-local.sh ps %s: status %d\n%s", node, code, ps)
	}
	var g []string
	for _, l := range strings.Split(ps, "\n") {
		if strings.HasSuffix(l, " "+program) {
			g = append(g, l)
		}
	}
	return g
}

// quiet waits until Slurm has every node idle and each runs its slurmd
// alone: what the last lost node's job left (its steps' clean-up, on the
// node back or on the others) must not meet the next job.
func quiet(t *testing.T, limit time.Duration) {
	t.Helper()
	var busy []string
	for start := time.Now(); time.Since(start) < limit; time.Sleep(500 * time.Millisecond) {
		busy = busy[:0]
		out, code := command(t, ".", nil, "sinfo", "-h", "-N", "-o", "%N %t")
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if f := strings.Fields(l); code != 0 || len(f) != 2 || f[1] != "idle" {
				busy = append(busy, "sinfo: "+l)
			}
		}
		for i := 1; i <= nodes; i++ {
			node := fmt.Sprintf("node%d", i)
			ps, _ := command(t, ".", nil, "bash", cluster, "ps", node)
			for _, l := range strings.Split(strings.TrimSpace(ps), "\n") {
				if l != "" && !strings.HasSuffix(l, " slurmd") {
					busy = append(busy, node+": "+l)
				}
			}
		}
		if len(busy) == 0 {
			return
		}
	}
	t.Fatalf("the cluster is still busy %v after the last job:\n%s", limit, strings.Join(busy, "\n"))
}

func loseNode(t *testing.T, how string) {
	quiet(t, time.Minute)
	dir := t.TempDir()
	previous := []byte("the previous run's galaxy.hdf5")
	if err := os.WriteFile(filepath.Join(dir, "galaxy.hdf5"), previous, 0o644); err != nil {
		t.Fatal(err)
	}
	back := false
	bringBack := func() {
		if back {
			return
		}
		back = true
		if out, code := command(t, ".", nil, "bash", cluster, "start", strconv.Itoa(nodes)); code != 0 {
			t.Errorf("cluster-local.sh start after the lost node: %s", out)
		}
	}
	defer bringBack() // node2 back in service for whatever runs next
	// The run hands out half its particles and then waits for a signal
	// (H5MPI_PAUSE_AFTER), checkpointing every second: the node is lost
	// once a checkpoint has recorded that half, so the loss always
	// strikes a running job whose partial file has work to resume from.
	const n, pause = 600, 300
	args := []string{"-n", fmt.Sprint(n), "-steps", "20", "-checkpoint", "1s", "-progress"}
	want := []string{
		fmt.Sprintf("galaxy: paused after %d particles (H5MPI_PAUSE_AFTER): waiting for a signal", pause),
		fmt.Sprintf("galaxy: checkpoint: %d of %d particles recorded", pause, n),
	}
	var id, logName string
	// A paused job waits for a signal: one this test leaves behind on a
	// failure must not hold the nodes.
	defer func() { command(t, ".", nil, "scancel", id) }()
	// Open MPI's ranks, started by srun on these nodes, die in MPI_Init
	// about once in twelve rounds (SIGSEGV at address 0, a shared memory
	// segment not found), before galaxy has done anything: not the state
	// under test, so such a job is submitted once more, and said so.
	for attempt := 1; ; attempt++ {
		id = sbatch(t, dir, []string{"RANKS=9", fmt.Sprintf("H5MPI_PAUSE_AFTER=%d", pause)}, []string{"-N", "3"}, filepath.Join(root, "slurm", "galaxy.sbatch"), args...)
		logName = filepath.Join(dir, "galaxy-"+id+".out")
		state, log := awaitLog(t, dir, id, filepath.Base(logName), 2*time.Minute, want...)
		if state == "" {
			break
		}
		if attempt == 1 && (crashedInMPIInit(log) || stuckInMPIInit(log)) {
			t.Logf("job %s %s: a rank crashed in MPI_Init, or the ranks gave up waiting in it, before the run began; submitting again", id, state)
			continue
		}
		t.Fatalf("job %s %s before its log said %q:\n%s", id, state, want, log)
	}
	if out, code := command(t, ".", nil, "bash", cluster, how, "node2"); code != 0 {
		t.Fatalf("cluster-local.sh %s node2: %s", how, out)
	}
	lost := time.Now()
	// The deadline is not a speed goal: a job that outlives Slurm's
	// detection time by this much hangs.
	waitGone(t, id, 2*time.Minute)
	t.Logf("job %s ended %.0f s after node2 was lost (%s)", id, time.Since(lost).Seconds(), how)
	log, _ := os.ReadFile(logName)
	if s := field(t, id, "JobState"); s == "COMPLETED" {
		t.Errorf("job %s COMPLETED without node2\n%s", id, log)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "galaxy.hdf5")); err != nil || !bytes.Equal(b, previous) {
		t.Errorf("the previous galaxy.hdf5 changed or gone (%v)\n%s", err, log)
	}
	for _, node := range []string{"node1", "node3"} {
		if g := galaxyRanks(t, node); g != "" {
			t.Errorf("ranks live on on %s after the job ended:\n%s", node, g)
		}
	}
	// Back, node2 hears that the job is over, and a cut node's ranks,
	// cut off from rank 0, have quit or quit soon.
	bringBack()
	returned := time.Now()
	for ; ; time.Sleep(500 * time.Millisecond) {
		g := galaxyRanks(t, "node2")
		if g == "" {
			break
		}
		if time.Since(returned) > 30*time.Second {
			t.Fatalf("ranks live on on node2 30 s after it came back (%.0f s after it was lost):\n%s", time.Since(lost).Seconds(), g)
		}
	}
	t.Logf("no rank on node2 %.0f s after it came back, %.0f s after it was lost", time.Since(returned).Seconds(), time.Since(lost).Seconds())
	// What the ranks said as they quit, when it reached the log (a cut
	// node's output has no way to it).
	for _, l := range strings.Split(string(log), "\n") {
		if strings.Contains(l, "has not answered") {
			t.Logf("in the log: %s", l)
		}
	}
	if how == "kill" {
		// Resumed on the two nodes left, from the partial file and its
		// last checkpoint, without the pause, the file ends as an
		// uninterrupted run's, made meanwhile on the third node.
		galaxy := filepath.Join(root, "slurm", "galaxy.sbatch")
		resumed := sbatch(t, dir, []string{"RANKS=6", "H5MPI_RESUME=1", "H5MPI_RESUBMITS=0", "H5MPI_PAUSE_AFTER="}, []string{"-N", "2", "-w", "node1,node3"}, galaxy, args...)
		whole := sbatch(t, dir, []string{"RANKS=3", "OUT=whole.hdf5", "H5MPI_PAUSE_AFTER="}, []string{"-N", "1"}, galaxy, args...)
		for _, id := range []string{resumed, whole} {
			code, log := ended(t, dir, id, galaxy)
			completed(t, id, code, log)
		}
		for _, d := range []string{"pos_pt", "vel_pt", "pos_nuc", "vel_nuc", "time", "evals_pt", "steps_pt", "rejected_pt", "done_pt"} {
			if out, code := command(t, dir, nil, "h5diff", "galaxy.hdf5", "whole.hdf5", "/"+d, "/"+d); code != 0 {
				t.Errorf("resumed against uninterrupted: h5diff /%s: status %d\n%s", d, code, out)
			}
		}
	}
}
