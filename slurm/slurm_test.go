//go:build cluster

// The sbatch scripts' jobs on one node of the cluster (the jobs of
// cluster_test.go span several): what each script does, its failures,
// cancellation, time limits and resubmission. TestJobs in cluster_test.go
// runs these side by side.
package slurm_test

import (
	"bytes"
	"fmt"
	"image/gif"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/mpitest"
)

func testHello(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	id, code, log := submit(t, dir, []string{"RANKS=4"}, "hello.sbatch", "-v")
	if code != 0 || field(t, id, "JobState") != "COMPLETED" {
		t.Fatalf("job %s: exit status %d, state %s\n%s", id, code, field(t, id, "JobState"), log)
	}
	for r := 0; r < 4; r++ {
		if !strings.Contains(log, fmt.Sprintf("Hello from MPI rank %d of 4 on ", r)) {
			t.Errorf("no hello from rank %d:\n%s", r, log)
		}
	}
	if !strings.Contains(log, "MPI library: ") {
		t.Errorf("-v did not reach hello:\n%s", log)
	}
}

// The 42-rank write test of the hands-on, its h5dump listing in the log.
func testH5write42(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	id, code, log := submit(t, dir, nil, "h5write.sbatch")
	if code != 0 || field(t, id, "JobState") != "COMPLETED" {
		t.Fatalf("job %s: exit status %d\n%s", id, code, log)
	}
	golden, err := os.ReadFile(filepath.Join(root, "cmd", "h5write", "testdata", "h5dump-42.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log, "42 MPI ranks have finished writing!\n") || !strings.HasSuffix(log, string(golden)) {
		t.Errorf("job log does not end with the 42-rank h5dump listing:\n%s", log)
	}
}

// A repository whose path holds spaces: the job finds it from the script
// submitted (H5MPI_ROOT unset), also when arguments with slashes follow
// the script and when the script's path is relative. The copy holds the
// scripts only; the binaries are H5MPI_BIN's, so a job that took another
// repository's scripts would still run: the log must name the copy.
func testRepositoryPathWithSpaces(t *testing.T) {
	t.Parallel()
	repo := filepath.Join(t.TempDir(), "my h5mpi", "two  spaces")
	for _, f := range []string{"slurm/common.sh", "slurm/hello.sbatch", "slurm/h5write.sbatch", "scripts/env.sh"} {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(repo, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(repo, f), b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"H5MPI_ROOT=", "RANKS=2"}
	found := "repository " + repo + ", binaries in "

	// From a directory outside the repository: the submit directory
	// would be the wrong answer.
	dir := t.TempDir()
	id, code, log := submitPath(t, dir, env, nil, filepath.Join(repo, "slurm", "h5write.sbatch"), "-d", "run/1/test")
	if code != 0 || field(t, id, "JobState") != "COMPLETED" || !strings.Contains(log, found) {
		t.Fatalf("job %s: exit status %d, state %s, want COMPLETED with %q in the log:\n%s", id, code, field(t, id, "JobState"), found, log)
	}
	if !strings.Contains(log, `GROUP "1" {`) || !strings.Contains(log, `DATASET "test" {`) {
		t.Errorf("the arguments did not reach h5write:\n%s", log)
	}

	// Relative: sbatch slurm/hello.sbatch from the repository.
	id, code, log = submitPath(t, repo, env, nil, filepath.Join("slurm", "hello.sbatch"))
	if code != 0 || field(t, id, "JobState") != "COMPLETED" || !strings.Contains(log, found) {
		t.Fatalf("job %s: exit status %d, state %s, want COMPLETED with %q in the log:\n%s", id, code, field(t, id, "JobState"), found, log)
	}
	if !strings.Contains(log, "Hello from MPI rank 1 of 2 on ") {
		t.Errorf("no hello from rank 1:\n%s", log)
	}
}

// The scripts name no partition: a job runs in the site's default (local,
// in scripts/cluster-local.sh's cluster) unless SBATCH_PARTITION or -p
// names another.
func testPartition(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range []struct {
		env  []string
		opts []string
		want string
	}{
		{nil, nil, "local"},
		{[]string{"SBATCH_PARTITION=other"}, nil, "other"},
		{nil, []string{"-p", "other"}, "other"},
	} {
		id, code, log := submitOpts(t, dir, append(c.env, "RANKS=1"), c.opts, "hello.sbatch")
		if p, s := field(t, id, "Partition"), field(t, id, "JobState"); code != 0 || p != c.want || s != "COMPLETED" {
			t.Errorf("sbatch %v with %v: job %s in partition %s, state %s, exit status %d; want %s, COMPLETED\n%s", c.opts, c.env, id, p, s, code, c.want, log)
		}
	}
}

// The h5dump listing is for small files: a 2 MiB bench file kept with
// -keep gets its header only.
func testH5writeLargeFileHeader(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	id, code, log := submit(t, dir, []string{"RANKS=2", "OUT=probe.h5"}, "h5write.sbatch", "-bench", "1", "-keep")
	if code != 0 || field(t, id, "JobState") != "COMPLETED" {
		t.Fatalf("job %s: exit status %d\n%s", id, code, log)
	}
	fi, err := os.Stat(filepath.Join(dir, "probe.h5"))
	if err != nil || fi.Size() <= 1<<20 {
		t.Fatalf("probe.h5 kept: %v, size %v, want over 1 MiB", err, fi)
	}
	want := fmt.Sprintf("h5write: probe.h5 is %d bytes, over 1 MiB: its header only (h5dump -H)\n", fi.Size())
	if !strings.Contains(log, want) || !strings.Contains(log, `DATASET "test" {`) || strings.Contains(log, "DATA {") {
		t.Errorf("log does not end with the header only (%q, then h5dump -H):\n%s", want, log)
	}
}

// srun with an MPI plugin the build cannot use must fail the job, never
// run it as N one-rank jobs each writing as rank 0. For MPICH the plugin
// is the cluster's default, PMIx: the mistake a user would make.
func testWrongMPIPlugin(t *testing.T) {
	t.Parallel()
	wrong, ours := "none", false
	if os.Getenv("MPI") == "mpich" {
		wrong, ours = "pmix", true // Open MPI names its own problem
	}
	dir := t.TempDir()
	id, code, log := submit(t, dir, []string{"RANKS=2", "SLURM_MPI_TYPE=" + wrong}, "hello.sbatch")
	if s := field(t, id, "JobState"); code == 0 || s != "FAILED" {
		t.Errorf("job %s with --mpi=%s: exit status %d, state %s, want FAILED\n%s", id, wrong, code, s, log)
	}
	// Never as one job of 2 ranks: each process alone, as rank 0 of 1.
	if strings.Contains(log, " of 2 on ") {
		t.Errorf("ranks ran as one job with --mpi=%s:\n%s", wrong, log)
	}
	if ours && (!strings.Contains(log, "FAIL ranks: expected 2, as srun was asked") || !strings.Contains(log, "srun started 2 tasks but MPI sees 1: srun's MPI plugin (--mpi, SLURM_MPI_TYPE; now pmix)")) {
		t.Errorf("log does not fail the ranks check naming the plugin mismatch:\n%s", log)
	}
}

// A job whose program fails shows as FAILED, and sbatch --wait says so.
func testFailedJob(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	id, code, log := submit(t, dir, nil, "galaxy.sbatch", "-n", "-5")
	if code == 0 {
		t.Errorf("job %s: exit status 0 for a failing job", id)
	}
	if s := field(t, id, "JobState"); s != "FAILED" {
		t.Errorf("job %s state %s, want FAILED\n%s", id, s, log)
	}
	if !strings.Contains(log, "galaxy: -n -5") {
		t.Errorf("log does not show galaxy's complaint:\n%s", log)
	}
	if _, err := os.Stat(filepath.Join(dir, "galaxy.hdf5")); !os.IsNotExist(err) {
		t.Errorf("galaxy.hdf5 written by a failed job")
	}
}

// scancel (as a time limit does) ends a running galaxy job: every rank
// gets SIGTERM, and galaxy stops, keeping its work in galaxy.hdf5.partial
// to resume, and the previous galaxy.hdf5 as it was. A cancelled job is
// not resubmitted.
func testCancelledJob(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	previous := []byte("the previous run's galaxy.hdf5")
	if err := os.WriteFile(filepath.Join(dir, "galaxy.hdf5"), previous, 0o644); err != nil {
		t.Fatal(err)
	}
	id := sbatch(t, dir, []string{"RANKS=2"}, nil, filepath.Join(root, "slurm", "galaxy.sbatch"), "-n", "200000", "-steps", "50", "-progress")
	partial := filepath.Join(dir, "galaxy.hdf5.partial")
	// Cancel once the work has begun (-progress says so in the log):
	// before, there is nothing to keep.
	waitLog(t, dir, id, "galaxy-"+id+".out", 2*time.Minute, "galaxy: 200000 particles on 2 ranks")
	if out, code := command(t, dir, nil, "scancel", id); code != 0 {
		t.Fatalf("scancel %s: %s", id, out)
	}
	// The state turns CANCELLED at once; squeue lists the job until its
	// processes have ended (state COMPLETING meanwhile).
	waitGone(t, id, 2*time.Minute)
	log, _ := os.ReadFile(filepath.Join(dir, "galaxy-"+id+".out"))
	t.Logf("job log:\n%s", log)
	if state := field(t, id, "JobState"); state != "CANCELLED" {
		t.Errorf("job %s state %s after scancel, want CANCELLED\n%s", id, state, log)
	}
	if _, err := os.Stat(partial); err != nil {
		t.Errorf("no galaxy.hdf5.partial to resume after the cancelled job (%v)\n%s", err, log)
	}
	if _, err := os.Stat(filepath.Join(dir, "galaxy.hdf5.lock")); !os.IsNotExist(err) {
		t.Errorf("galaxy.hdf5.lock left behind (stat: %v)\n%s", err, log)
	}
	for _, want := range []string{"galaxy: stopped: ", "not resubmitted"} {
		if !bytes.Contains(log, []byte(want)) {
			t.Errorf("job log lacks %q:\n%s", want, log)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "galaxy.hdf5")); err != nil || !bytes.Equal(b, previous) {
		t.Errorf("the previous galaxy.hdf5 changed or gone (%v)", err)
	}
}

var galaxyID = regexp.MustCompile(`galaxy job (\d+)`)

// waitChain waits until the galaxy job id and those it resubmitted, and
// the animate job the last submitted, have ended, and returns the galaxy
// jobs' ids in order and the animate job's.
func waitChain(t *testing.T, dir, first string, limit time.Duration) (galaxy []string, animate string) {
	t.Helper()
	next := regexp.MustCompile(`resubmitted as job (\d+)`)
	anim := regexp.MustCompile(`animate job (\d+) submitted`)
	deadline := time.Now().Add(limit)
	id := first
	for {
		galaxy = append(galaxy, id)
		waitGone(t, id, time.Until(deadline))
		log, _ := os.ReadFile(filepath.Join(dir, "galaxy-"+id+".out"))
		if m := next.FindSubmatch(log); m != nil {
			id = string(m[1])
			continue
		}
		if m := anim.FindSubmatch(log); m != nil {
			animate = string(m[1])
			waitGone(t, animate, time.Until(deadline))
		}
		return galaxy, animate
	}
}

// submit-galaxy.sh: galaxy, then animate once galaxy has succeeded.
func testGalaxyThenAnimate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, code := command(t, dir, []string{"RANKS=4"}, "bash", filepath.Join(root, "slurm", "submit-galaxy.sh"))
	m := galaxyID.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("submit-galaxy.sh: status %d, want a job id:\n%s", code, out)
	}
	sims, anim := waitChain(t, dir, m[1], 5*time.Minute)
	sim := sims[0]
	if len(sims) != 1 || anim == "" {
		t.Fatalf("galaxy jobs %v, animate job %q: want one of each", sims, anim)
	}
	if dep := field(t, anim, "Dependency"); dep != "afterany:"+sim+"(unfulfilled)" && dep != "(null)" {
		t.Errorf("animate job %s dependency %q, want afterany:%s", anim, dep, sim)
	}
	for _, id := range []string{sim, anim} {
		if s := field(t, id, "JobState"); s != "COMPLETED" {
			log, _ := os.ReadFile(filepath.Join(dir, "galaxy-"+id+".out"))
			alog, _ := os.ReadFile(filepath.Join(dir, "animate-"+id+".out"))
			t.Fatalf("job %s state %s\n%s%s", id, s, log, alog)
		}
	}
	if end, start := field(t, sim, "EndTime"), field(t, anim, "StartTime"); start < end {
		t.Errorf("animate started at %s, before galaxy ended at %s", start, end)
	}
	log, err := os.ReadFile(filepath.Join(dir, "galaxy-"+sim+".out"))
	if err != nil || !bytes.Contains(log, []byte("Success!")) {
		t.Errorf("galaxy log (%v):\n%s", err, log)
	}
	dump, code := command(t, dir, nil, "h5dump", "-H", "galaxy.hdf5")
	for _, want := range []string{
		`DATASET "pos_pt"`, "SIMPLE { ( 1000, 2200, 3 ) / ( 1000, 2200, 3 ) }",
		`DATASET "pos_nuc"`, "SIMPLE { ( 1, 2200, 3 ) / ( 1, 2200, 3 ) }",
		`DATASET "vel_pt"`, `DATASET "vel_nuc"`,
	} {
		if code != 0 || !strings.Contains(dump, want) {
			t.Errorf("h5dump -H galaxy.hdf5 lacks %q:\n%s", want, dump)
		}
	}
	f, err := os.Open(filepath.Join(dir, "galaxy_collision.gif"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		t.Fatalf("galaxy_collision.gif: %v", err)
	}
	// 2200 samples: every second one, 1100 frames.
	if len(g.Image) != 1100 {
		t.Errorf("GIF has %d frames, want 1100", len(g.Image))
	}
}

// A galaxy job whose time limit (1 minute) is shorter than the run needs
// stops at Slurm's warning signal, resubmits itself with -resume until the
// file is complete, and the last job submits the animation. The complete
// file equals an uninterrupted run's, every value bit for bit. The first
// job cannot finish, whatever the machine's speed: H5MPI_PAUSE_AFTER
// makes each job hand out that many particles, then wait for a signal.
// sbatch passes the variable on to the resubmitted jobs, and the second
// one's share covers the particles left (fewer than its share: a job that
// hands out its whole share pauses), so it completes the file.
func testTimeLimitResubmit(t *testing.T) {
	dir := t.TempDir()
	const n, pause = 400, 250
	args := []string{"-n", fmt.Sprint(n), "-steps", "20", "-chunk", "16", "-progress"}
	// The warning comes 10 s before the limit, or up to 30 s earlier
	// (Slurm checks limits twice a minute).
	env := []string{"RANKS=2", "H5MPI_RESUBMITS=12", "GIF=g.gif", fmt.Sprintf("H5MPI_PAUSE_AFTER=%d", pause)}
	out, code := command(t, dir, env, "bash", append([]string{filepath.Join(root, "slurm", "submit-galaxy.sh"), "-t", "1", "--signal=USR1@10", "--"}, args...)...)
	m := galaxyID.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("submit-galaxy.sh: status %d, want a job id:\n%s", code, out)
	}
	// Submitted before the other tests of TestJobs start (it is their
	// first), the job finds a free node: the chain's minute starts at once.
	t.Parallel()
	// The uninterrupted reference, on the machine while the first job
	// waits for its warning.
	mpitest.MustRun(t, 2, 5*time.Minute, dir, filepath.Join(os.Getenv("H5MPI_BIN"), "galaxy"), append(args, "-o", "ref.h5")...)
	sims, anim := waitChain(t, dir, m[1], 10*time.Minute)
	var logs strings.Builder
	for _, id := range sims {
		b, _ := os.ReadFile(filepath.Join(dir, "galaxy-"+id+".out"))
		fmt.Fprintf(&logs, "--- job %s (%s):\n%s", id, field(t, id, "JobState"), b)
	}
	t.Logf("%d particles, %d a job, galaxy jobs %v, animate job %s\n%s", n, pause, sims, anim, logs.String())
	if len(sims) < 2 {
		t.Errorf("galaxy jobs %v: want the first stopped at its limit and resubmitted", sims)
	}
	paused := fmt.Sprintf("galaxy: paused after %d particles (H5MPI_PAUSE_AFTER): waiting for a signal", pause)
	if b, _ := os.ReadFile(filepath.Join(dir, "galaxy-"+sims[0]+".out")); !bytes.Contains(b, []byte(paused)) {
		t.Errorf("the first job's log lacks %q", paused)
	}
	if !strings.Contains(logs.String(), "galaxy: stopped: ") || !strings.Contains(logs.String(), "Success!") {
		t.Errorf("the jobs' logs do not show a stop and then success")
	}
	if anim == "" || field(t, anim, "JobState") != "COMPLETED" {
		t.Errorf("animate job %q did not complete", anim)
	} else if _, err := os.Stat(filepath.Join(dir, "g.gif")); err != nil {
		t.Errorf("no animation: %v", err)
	}
	for _, name := range []string{"galaxy.hdf5.partial", "galaxy.hdf5.lock"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s left behind", name)
		}
	}
	whole, ref := filepath.Join(dir, "galaxy.hdf5"), filepath.Join(dir, "ref.h5")
	for _, name := range []string{"pos_pt", "vel_pt", "pos_nuc", "vel_nuc", "time"} {
		a, da, err := h5test.ReadFloat64(ref, name)
		if err != nil {
			t.Fatal(err)
		}
		b, db, err := h5test.ReadFloat64(whole, name)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(da) != fmt.Sprint(db) {
			t.Errorf("%s: dimensions %v, uninterrupted %v", name, db, da)
			continue
		}
		for i := range a {
			if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
				t.Errorf("%s[%d]: %v, uninterrupted %v", name, i, b[i], a[i])
				break
			}
		}
	}
	for _, name := range []string{"evals_pt", "steps_pt", "rejected_pt", "done_pt"} {
		if out, code := command(t, dir, nil, "h5diff", whole, ref, "/"+name, "/"+name); code != 0 {
			t.Errorf("resumed against uninterrupted: h5diff /%s: status %d\n%s", name, code, out)
		}
	}
	done, _, err := h5test.ReadUint8(whole, "done_pt")
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range done {
		if d != 1 {
			t.Errorf("done_pt[%d] = %d in the complete file", i, d)
			break
		}
	}
}

// h5stats.sbatch on the file the h5write job writes: 42 rows of 0..41.
func testH5stats(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, code, log := submit(t, dir, []string{"RANKS=8"}, "h5write.sbatch"); code != 0 {
		t.Fatalf("h5write job: status %d\n%s", code, log)
	}
	id, code, log := submit(t, dir, []string{"RANKS=3", "INPUTS=output.h5:test"}, "h5stats.sbatch", "-json")
	if code != 0 || field(t, id, "JobState") != "COMPLETED" {
		t.Fatalf("h5stats job %s: status %d\n%s", id, code, log)
	}
	// 8 ranks wrote 0..7: count 8, min 0, max 7, mean 3.5.
	for _, want := range []string{`"count":8`, `"min":0`, `"max":7`, `"mean":3.5`} {
		if !strings.Contains(strings.ReplaceAll(log, " ", ""), want) {
			t.Errorf("h5stats log lacks %s:\n%s", want, log)
		}
	}
}
