//go:build mpi

package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
	"github.com/h5mpi/h5mpi/internal/probe"
)

// benchJSON runs the probe with -json on n ranks in dir and parses its
// report with encoding/json.
func benchJSON(t *testing.T, n int, dir string, args ...string) probe.Report {
	t.Helper()
	r := mpitest.MustRun(t, n, 2*time.Minute, dir, bin, append([]string{"-json"}, args...)...)
	var rep probe.Report
	dec := json.NewDecoder(strings.NewReader(r.Stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("stdout is not the report as JSON: %v\n%s", err, r.Stdout)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON document:\n%s", r.Stdout)
	}
	return rep
}

// Repetitions: a write and a read phase each, every byte moved, and the
// summary is the arithmetic of the phases' figures.
func TestBenchReps(t *testing.T) {
	dir := t.TempDir()
	rep := benchJSON(t, 3, dir, "-block", "2m", "-xfer", "512k", "-reps", "3", "-o", "b.h5")
	if rep.Ranks != 3 || len(rep.Hosts) != 3 || rep.Nodes != 1 || rep.RanksPerNode != 3 || rep.MPI == "" || rep.HDF5 == "" {
		t.Errorf("report header: %+v", rep)
	}
	s := rep.Settings
	if s.Block != 2<<20 || s.Xfer != 512<<10 || s.Reps != 3 || !s.Sync || !s.Collective || s.ReadShift != 0 || s.File != "b.h5" || s.Dataset != "test" || !s.CollMetadata || !s.Check {
		t.Errorf("settings: %+v", s)
	}
	if len(rep.Phases) != 6 {
		t.Fatalf("%d phases, want 6: %+v", len(rep.Phases), rep.Phases)
	}
	bw := map[string][]float64{}
	ts := map[string][]float64{}
	for i, p := range rep.Phases {
		op := []string{"write", "read"}[i%2]
		if p.Op != op || p.Rep != i/2 || p.Bytes != 6<<20 || p.Stopped {
			t.Errorf("phase %d: %+v, want %s of rep %d moving 6 MiB", i, p, op, i/2)
		}
		// Each time is the slowest rank's: the total, the slowest rank's
		// sum, lies between the largest part and the sum of the parts.
		if sum := p.Open + p.Xfer + p.Close; p.Total > sum*(1+1e-9) || p.Total < max(p.Open, p.Xfer, p.Close) || p.Total <= 0 {
			t.Errorf("phase %d: total %v, open %v, xfer %v, close %v", i, p.Total, p.Open, p.Xfer, p.Close)
		}
		if want := 6 / p.Total; math.Abs(p.MiBs-want) > 1e-9*want {
			t.Errorf("phase %d: %v MiB/s, want 6 MiB / %v s = %v", i, p.MiBs, p.Total, want)
		}
		bw[op], ts[op] = append(bw[op], p.MiBs), append(ts[op], p.Total)
	}
	if len(rep.Summary) != 2 {
		t.Fatalf("summary: %+v", rep.Summary)
	}
	for _, m := range rep.Summary {
		v := bw[m.Op]
		mean := (v[0] + v[1] + v[2]) / 3
		sd := math.Sqrt(((v[0]-mean)*(v[0]-mean) + (v[1]-mean)*(v[1]-mean) + (v[2]-mean)*(v[2]-mean)) / 3)
		meanT := (ts[m.Op][0] + ts[m.Op][1] + ts[m.Op][2]) / 3
		near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
		if m.Reps != 3 || !near(m.Max, math.Max(v[0], math.Max(v[1], v[2]))) || !near(m.Min, math.Min(v[0], math.Min(v[1], v[2]))) ||
			!near(m.Mean, mean) || !near(m.StdDev, sd) || !near(m.MeanTime, meanT) {
			t.Errorf("summary of %s %+v; from the phases: %v, mean %v, sd %v, mean time %v", m.Op, m, v, mean, sd, meanT)
		}
	}
	if got := mpitest.Files(t, dir); len(got) != 0 {
		t.Errorf("files left without -keep: %v", got)
	}
}

// -bench MiB still works, and the text report is a table.
func TestBenchText(t *testing.T) {
	dir := t.TempDir()
	r := mpitest.MustRun(t, 3, 2*time.Minute, dir, bin, "-bench", "2", "-o", "b.h5", "-reps", "2", "-sync=false", "-independent", "-check=false")
	out := r.Stdout
	for _, want := range []string{
		"3 ranks on 1 node(s)", "block 2 MiB per rank, transfer 2 MiB, 6 MiB in all; independent transfers, contiguous, not flushed before close",
		"rank r reads its own block (not checked);",
		"\naccess   bw(MiB/s) block(KiB)  xfer(KiB)   open(s)   xfer(s)  close(s)  total(s)  MiB moved   xfers  rep\n",
		"\nsummary max(MiB/s) min(MiB/s) mean(MiB/s)    stddev   mean(s) reps\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	rows := 0
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) == 11 && (f[0] == "write" || f[0] == "read") && f[2] == "2048" && f[8] == "6.00" {
			rows++
		}
	}
	if rows != 4 {
		t.Errorf("%d rows of phases, want 4:\n%s", rows, out)
	}
	mpitest.MustRun(t, 2, 2*time.Minute, dir, bin, "-bench", "1", "-keep", "-o", "k.h5")
	if fi, err := os.Stat(filepath.Join(dir, "k.h5")); err != nil || fi.Size() < 2<<20 {
		t.Errorf("-keep: bench file %v (%v), want at least 2 MiB", fi, err)
	}
}

// Each rank reads another's block: the data check, which knows whose
// block holds which values, passes only if the right block was read.
func TestBenchReadOther(t *testing.T) {
	for _, n := range []int{2, 4} {
		dir := t.TempDir()
		rep := benchJSON(t, n, dir, "-block", "1m", "-xfer", "256k", "-read-other", "on", "-o", "o.h5")
		if rep.Settings.ReadShift != 1 {
			t.Errorf("%d ranks on one node, -read-other on: shift %d, want 1", n, rep.Settings.ReadShift)
		}
		rep = benchJSON(t, n, dir, "-block", "1m", "-o", "o.h5", "-fpp", "-read-other", "on")
		if rep.Settings.ReadShift != 1 || !rep.Settings.FilePerProcess {
			t.Errorf("%d ranks, -fpp -read-other on: %+v", n, rep.Settings)
		}
	}
	rep := benchJSON(t, 2, t.TempDir(), "-block", "1m")
	if rep.Settings.ReadShift != 0 {
		t.Errorf("one node, -read-other auto: shift %d, want 0", rep.Settings.ReadShift)
	}
}

// A file per process: all removed without -keep; with it, each rank's
// file holds its block.
func TestBenchFPP(t *testing.T) {
	dir := t.TempDir()
	benchJSON(t, 3, dir, "-block", "1m", "-xfer", "512k", "-fpp", "-reps", "2", "-o", "f.h5")
	if got := mpitest.Files(t, dir); len(got) != 0 {
		t.Errorf("-fpp left %v", got)
	}
	benchJSON(t, 3, dir, "-block", "1m", "-fpp", "-keep", "-o", "f.h5")
	want := []string{"f.h5.00000000", "f.h5.00000001", "f.h5.00000002"}
	if got := mpitest.Files(t, dir); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("-fpp -keep left %v, want %v", got, want)
	}
	for r, name := range want {
		out := py(t, dir, `
import sys, h5py
d = h5py.File(sys.argv[1], "r")["test"]
print(d.shape[0], int(d[0]), int(d[-1]))
`, name)
		per := 1 << 20 / 8
		if w := fmt.Sprintf("%d %d %d", per, r*per, (r+1)*per-1); strings.TrimSpace(out) != w {
			t.Errorf("%s: length, first and last value %q, want %q", name, out, w)
		}
	}
}

func py(t *testing.T, dir, script string, args ...string) string {
	t.Helper()
	cmd := exec.Command("/usr/bin/python3", append([]string{"-c", script}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	return string(out)
}

// Layouts in the file, read by h5py: chunks of -chunk, and with -align
// the data (or every chunk) on multiples of the alignment.
func TestBenchLayouts(t *testing.T) {
	dir := t.TempDir()
	const script = `
import sys, h5py
d = h5py.File(sys.argv[1], "r")["test"]
if d.chunks is None:
    offs = [d.id.get_offset()]
else:
    offs = [d.id.get_chunk_info(i).byte_offset for i in range(d.id.get_num_chunks())]
print(d.chunks, len(offs), sum(1 for o in offs if o % int(sys.argv[2]) == 0))
`
	for _, tc := range []struct {
		args []string
		want string // chunks, pieces, pieces on 256 KiB boundaries
	}{
		{[]string{"-align", "256k:64k"}, "None 1 1"},
		{[]string{"-chunk", "64k"}, "(8192,) 16 "},
		{[]string{"-chunk", "64k", "-align", "256k:64k"}, "(8192,) 16 16"},
	} {
		benchJSON(t, 2, dir, append([]string{"-block", "512k", "-xfer", "128k", "-keep", "-o", "l.h5"}, tc.args...)...)
		got := strings.TrimSpace(py(t, dir, script, "l.h5", fmt.Sprint(256<<10)))
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("%v: h5py says %q, want %q...", tc.args, got, tc.want)
		}
	}
	// Without alignment the dataset does not start on 256 KiB.
	benchJSON(t, 2, dir, "-block", "512k", "-keep", "-o", "l.h5")
	if got := strings.TrimSpace(py(t, dir, script, "l.h5", fmt.Sprint(256<<10))); got != "None 1 0" {
		t.Errorf("no -align: h5py says %q, want None 1 0", got)
	}
}

// A deadline ends each phase after the transfer during which it passed,
// here the first, on every rank; the report gives the bytes moved.
func TestBenchDeadline(t *testing.T) {
	rep := benchJSON(t, 2, t.TempDir(), "-block", "4m", "-xfer", "64k", "-deadline", "0.000000001", "-reps", "2")
	for i, p := range rep.Phases {
		if !p.Stopped || p.Bytes != 2*64<<10 {
			t.Errorf("phase %d: %+v, want stopped after 128 KiB", i, p)
		}
	}
	rep = benchJSON(t, 2, t.TempDir(), "-block", "1m", "-xfer", "64k", "-deadline", "600")
	for i, p := range rep.Phases {
		if p.Stopped || p.Bytes != 2<<20 {
			t.Errorf("phase %d: %+v, want all 2 MiB moved", i, p)
		}
	}
}

// Sizes and settings that cannot work are usage errors, settled before
// MPI starts: the program started alone shows them.
func TestBenchUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-block", "4m", "-xfer", "3m"}, "-block 4m: want a multiple of -xfer 3m"},
		{[]string{"-block", "4q"}, `invalid value "4q" for flag -block`},
		{[]string{"-bench", "2", "-block", "2m"}, "-bench and -block: give one"},
		{[]string{"-bench", "1", "-read-other", "maybe"}, "-read-other maybe: want auto, on or off"},
		{[]string{"-bench", "1", "-align", "1x"}, `-align: size "1x"`},
		{[]string{"-bench", "1", "-strict-collective=perhaps"}, "-strict-collective"},
	} {
		r := mpitest.Exec(t, time.Minute, t.TempDir(), nil, bin, tc.args...)
		if r.Code != 2 || !strings.Contains(r.Stderr, tc.want) {
			t.Errorf("%v: exit %d, want 2 with %q:\n%s", tc.args, r.Code, tc.want, r.Stderr)
		}
	}
}

// The knobs' flags reach the file: hints shown on rank 0, collective
// metadata off in the report.
func TestBenchKnobs(t *testing.T) {
	dir := t.TempDir()
	r := mpitest.MustRun(t, 2, time.Minute, dir, bin, "-bench", "1", "-show-hints", "-coll-metadata=false", "-hints", "cb_buffer_size=1048576")
	if c := strings.Count(r.Stderr, "MPI-IO hints in use: "); c != 2 || !strings.Contains(r.Stderr, "cb_buffer_size=1048576") {
		t.Errorf("hints shown %d times (want 2: the write's file and the read's):\n%s", c, r.Stderr)
	}
	if !strings.Contains(r.Stdout, "collective metadata false") {
		t.Errorf("report does not say collective metadata is off:\n%s", r.Stdout)
	}
}

// One rank: nobody else's block to read, even forced; its own file.
func TestBenchOneRank(t *testing.T) {
	dir := t.TempDir()
	rep := benchJSON(t, 1, dir, "-block", "1m", "-xfer", "256k", "-reps", "2", "-fpp", "-read-other", "on", "-chunk", "128k")
	if rep.Ranks != 1 || rep.Settings.ReadShift != 0 || len(rep.Phases) != 4 {
		t.Errorf("one rank: %+v", rep)
	}
	for i, p := range rep.Phases {
		if p.Bytes != 1<<20 {
			t.Errorf("phase %d moved %d bytes, want 1 MiB", i, p.Bytes)
		}
	}
	if got := mpitest.Files(t, dir); len(got) != 0 {
		t.Errorf("files left: %v", got)
	}
}

// -api both on 2 ranks: each repetition through HDF5 and through MPI-IO
// alone, HDF5 first in the first and MPI-IO first in the second, every phase moving every byte, a summary of each API, and HDF5's
// time ratio per phase from their mean times; with -keep, the raw file
// holds the bytes of the HDF5 dataset's data, nothing else.
func TestBenchAPIBoth(t *testing.T) {
	dir := t.TempDir()
	rep := benchJSON(t, 2, dir, "-block", "1m", "-xfer", "256k", "-reps", "2", "-read-other", "on", "-api", "both", "-o", "a.h5")
	if s := rep.Settings; s.API != "both" || s.File != "a.h5" || s.FileMPIIO != "a.h5.mpiio" {
		t.Errorf("settings: %+v", s)
	}
	if len(rep.Phases) != 8 {
		t.Fatalf("%d phases, want 8: %+v", len(rep.Phases), rep.Phases)
	}
	for i, p := range rep.Phases {
		api, op := []string{"hdf5", "mpiio", "mpiio", "hdf5"}[i/2], []string{"write", "read"}[i%2]
		if p.API != api || p.Op != op || p.Rep != i/4 || p.Bytes != 2<<20 || p.MiBs <= 0 {
			t.Errorf("phase %d: %+v, want %s %s of rep %d moving 2 MiB", i, p, api, op, i/4)
		}
	}
	if len(rep.Summary) != 4 || len(rep.Ratios) != 2 {
		t.Fatalf("summary %+v, ratios %+v", rep.Summary, rep.Ratios)
	}
	for i, q := range rep.Ratios {
		h, m := rep.Summary[i], rep.Summary[2+i]
		meanT := func(api string) float64 {
			var sum float64
			for _, p := range rep.Phases {
				if p.API == api && p.Op == q.Op {
					sum += p.Total
				}
			}
			return sum / 2
		}
		near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
		if h.API != "hdf5" || m.API != "mpiio" || h.Op != q.Op || m.Op != q.Op || q.Reps != 2 ||
			!near(q.HDF5, meanT("hdf5")) || !near(q.MPIIO, meanT("mpiio")) || !near(q.TimeRatio, q.HDF5/q.MPIIO) {
			t.Errorf("ratio %+v, from summaries %+v and %+v", q, h, m)
		}
	}
	if got := mpitest.Files(t, dir); len(got) != 0 {
		t.Errorf("files left without -keep: %v", got)
	}

	benchJSON(t, 2, dir, "-block", "512k", "-xfer", "128k", "-api", "both", "-keep", "-o", "k.h5")
	if got := mpitest.Files(t, dir); fmt.Sprint(got) != "[k.h5 k.h5.mpiio]" {
		t.Fatalf("-keep left %v, want [k.h5 k.h5.mpiio]", got)
	}
	out := py(t, dir, `
import sys, h5py
d = h5py.File(sys.argv[1], "r")["test"][:]
raw = open(sys.argv[2], "rb").read()
print(d.dtype, len(d), d.tobytes() == raw)
`, "k.h5", "k.h5.mpiio")
	if got, want := strings.TrimSpace(out), fmt.Sprintf("float64 %d True", 2*512<<10/8); got != want {
		t.Errorf("h5py on the dataset and the raw file: %q, want %q", got, want)
	}
}

// -api mpiio alone, independent: the table's lines carry the api, and
// there is no ratio without HDF5 to weigh.
func TestBenchAPIMPIIOText(t *testing.T) {
	dir := t.TempDir()
	r := mpitest.MustRun(t, 2, 2*time.Minute, dir, bin, "-block", "1m", "-xfer", "512k", "-api", "mpiio", "-independent", "-read-other", "on", "-o", "m.h5")
	rows := 0
	for _, line := range strings.Split(r.Stdout, "\n") {
		f := strings.Fields(line)
		if len(f) == 12 && (f[0] == "write" || f[0] == "read") && f[11] == "mpiio" && f[8] == "2.00" {
			rows++
		}
	}
	if rows != 2 || !strings.Contains(r.Stdout, "one shared file m.h5.mpiio through MPI-IO alone") || strings.Contains(r.Stdout, "ratio") {
		t.Errorf("%d rows of mpiio phases, want 2, and no ratio:\n%s", rows, r.Stdout)
	}
	if got := mpitest.Files(t, dir); len(got) != 0 {
		t.Errorf("files left without -keep: %v", got)
	}
}
