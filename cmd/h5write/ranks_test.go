//go:build mpi

package main

import (
	"encoding/csv"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpitest"
	"github.com/h5mpi/h5mpi/internal/probe"
)

// readCSV reads the probe's -csv file: its rows under probe.CSVHeader.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], probe.CSVHeader) {
		t.Fatalf("%s: header %v, want %v", path, rows, probe.CSVHeader)
	}
	return rows[1:]
}

// csvRank is a CSV row as the JSON's entry it must equal.
func csvRank(t *testing.T, row []string) (op string, rep int, q probe.RankPhase) {
	t.Helper()
	num := func(i int) float64 {
		v, err := strconv.ParseFloat(row[i], 64)
		if err != nil {
			t.Fatalf("CSV row %v, column %s: %v", row, probe.CSVHeader[i], err)
		}
		return v
	}
	q = probe.RankPhase{Rank: int(num(0)), Host: row[1], Node: int(num(2)), Open: num(5), Xfer: num(6), Close: num(7),
		Total: num(8), Transfers: int(num(9)), Bytes: int64(num(10)), MiBs: num(11)}
	return row[3], int(num(4)), q
}

// slowestOf works out from each rank's totals (rank order) what the
// summary must say: the largest mean total, lowest rank first among
// equals, and the median of the ranks' means.
func slowestOf(totals [][]float64) (rank int, slow, median float64) {
	n := len(totals[0])
	mean := make([]float64, n)
	for _, row := range totals {
		for r, v := range row {
			mean[r] += v / float64(len(totals))
		}
	}
	for r := range mean {
		if mean[r] > mean[rank] {
			rank = r
		}
	}
	s := slices.Clone(mean)
	slices.Sort(s)
	median = s[n/2]
	if n%2 == 0 {
		median = (s[n/2-1] + s[n/2]) / 2
	}
	return rank, mean[rank], median
}

// The per-rank figures: in the JSON a list per phase, in -csv a row per
// rank, phase and repetition, the same numbers; the phase's figures are
// the ranks' largest times and summed bytes, and the summary's slowest
// rank and median are those of the rows. Then the text report names the
// same slowest rank as its own -csv.
func TestBenchPerRank(t *testing.T) {
	for _, n := range []int{2, 3} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			dir := t.TempDir()
			rep := benchJSON(t, n, dir, "-block", "1m", "-xfer", "256k", "-reps", "2", "-independent", "-o", "r.h5", "-csv", "r.csv")
			if rep.Settings.CSV != "r.csv" {
				t.Errorf("settings: csv %q", rep.Settings.CSV)
			}
			rows := readCSV(t, filepath.Join(dir, "r.csv"))
			if len(rows) != 2*2*n {
				t.Fatalf("%d CSV rows, want %d (ranks × phases × reps)", len(rows), 4*n)
			}
			totals := map[string][][]float64{}
			i := 0
			for _, p := range rep.Phases {
				if len(p.Ranks) != n {
					t.Fatalf("%s %d: %d ranks in the JSON, want %d", p.Op, p.Rep, len(p.Ranks), n)
				}
				var tot []float64
				var maxT, maxO, maxX, maxC float64
				var bytes int64
				for r, q := range p.Ranks {
					op, rp, c := csvRank(t, rows[i])
					i++
					if op != p.Op || rp != p.Rep || c != q {
						t.Errorf("CSV row %d: %s %d %+v; JSON: %s %d %+v", i, op, rp, c, p.Op, p.Rep, q)
					}
					if q.Rank != r || q.Host != rep.Hosts[r] || q.Node != 0 || q.Transfers != 4 || q.Bytes != 1<<20 {
						t.Errorf("%s %d rank %d: %+v", p.Op, p.Rep, r, q)
					}
					if math.Abs(q.Total-(q.Open+q.Xfer+q.Close)) > 1e-9 || math.Abs(q.MiBs-1/q.Total) > 1e-9*q.MiBs {
						t.Errorf("%s %d rank %d: total %v of %v+%v+%v, %v MiB/s", p.Op, p.Rep, r, q.Total, q.Open, q.Xfer, q.Close, q.MiBs)
					}
					tot = append(tot, q.Total)
					maxT, maxO, maxX, maxC = max(maxT, q.Total), max(maxO, q.Open), max(maxX, q.Xfer), max(maxC, q.Close)
					bytes += q.Bytes
				}
				if p.Total != maxT || p.Open != maxO || p.Xfer != maxX || p.Close != maxC || p.Bytes != bytes || p.Transfers != 4 {
					t.Errorf("%s %d: %+v is not the ranks' largest times and summed bytes", p.Op, p.Rep, p)
				}
				totals[p.Op] = append(totals[p.Op], tot)
			}
			for _, m := range rep.Summary {
				rank, slow, median := slowestOf(totals[m.Op])
				if m.SlowestRank != rank || m.SlowestHost != rep.Hosts[rank] || math.Abs(m.SlowestTime-slow) > 1e-12 || math.Abs(m.MedianTime-median) > 1e-12 {
					t.Errorf("summary of %s: slowest rank %d on %s %v s, median %v; from the CSV: rank %d, %v s, median %v",
						m.Op, m.SlowestRank, m.SlowestHost, m.SlowestTime, m.MedianTime, rank, slow, median)
				}
				if m.Transfers != 8 || m.Bytes != int64(n)<<21 {
					t.Errorf("summary of %s: %d transfers, %d bytes; want 8 and %d", m.Op, m.Transfers, m.Bytes, n<<21)
				}
			}

			// The text report's slowest ranks, from its own CSV.
			r := mpitest.MustRun(t, n, 2*time.Minute, dir, bin, "-block", "1m", "-xfer", "256k", "-reps", "2", "-o", "r.h5", "-csv", "t.csv")
			totals = map[string][][]float64{}
			for _, row := range readCSV(t, filepath.Join(dir, "t.csv")) {
				op, rp, q := csvRank(t, row)
				for len(totals[op]) <= rp {
					totals[op] = append(totals[op], make([]float64, n))
				}
				totals[op][rp][q.Rank] = q.Total
			}
			for _, op := range []string{"write", "read"} {
				m := regexp.MustCompile(`(?m)^slowest ` + op + `: rank (\d+) on (\S+), (\S+) s, (\S+)x the median (\S+) s \(each rank's total, mean of 2 reps\)$`).FindStringSubmatch(r.Stdout)
				if m == nil {
					t.Fatalf("no slowest %s line:\n%s", op, r.Stdout)
				}
				rank, slow, median := slowestOf(totals[op])
				if want := []string{fmt.Sprint(rank), rep.Hosts[rank], fmt.Sprintf("%.4f", slow), fmt.Sprintf("%.2f", slow/median), fmt.Sprintf("%.4f", median)}; !slices.Equal(m[1:], want) {
					t.Errorf("text: %q; from the CSV: %q", m[0], want)
				}
			}
			if got := mpitest.Files(t, dir); !slices.Equal(got, []string{"r.csv", "t.csv"}) {
				t.Errorf("files left: %v, want the two CSV files", got)
			}
		})
	}
}

// marks counts the 4-connected regions of pixels of exactly colour c.
func marks(m image.Image, c color.Color) int {
	b := m.Bounds()
	want := color.RGBAModel.Convert(c)
	seen := map[image.Point]bool{}
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p := image.Pt(x, y)
			if seen[p] || color.RGBAModel.Convert(m.At(x, y)) != want {
				continue
			}
			n++
			stack := []image.Point{p}
			seen[p] = true
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				for _, q := range []image.Point{{p.X + 1, p.Y}, {p.X - 1, p.Y}, {p.X, p.Y + 1}, {p.X, p.Y - 1}} {
					if q.In(b) && !seen[q] && color.RGBAModel.Convert(m.At(q.X, q.Y)) == want {
						seen[q] = true
						stack = append(stack, q)
					}
				}
			}
		}
	}
	return n
}

// -plot: a PNG of the size for the ranks, nodes and repetitions, with a
// mark per rank and repetition in each panel.
func TestBenchPlot(t *testing.T) {
	for _, tc := range []struct{ n, reps int }{{2, 3}, {3, 2}} {
		dir := t.TempDir()
		mpitest.MustRun(t, tc.n, 2*time.Minute, dir, bin, "-block", "512k", "-reps", fmt.Sprint(tc.reps), "-plot", "p.png", "-o", "p.h5")
		f, err := os.Open(filepath.Join(dir, "p.png"))
		if err != nil {
			t.Fatal(err)
		}
		m, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("p.png: %v", err)
		}
		if got, want := m.Bounds().Size(), probe.PlotSize(tc.n, 1, tc.reps); got != want {
			t.Errorf("%d ranks, %d reps: plot %v, want %v", tc.n, tc.reps, got, want)
		}
		for _, c := range []color.Color{probe.WriteColor, probe.ReadColor} {
			if got := marks(m, c); got != tc.n*tc.reps {
				t.Errorf("%d ranks, %d reps: %d marks of %v, want %d", tc.n, tc.reps, got, c, tc.n*tc.reps)
			}
		}
		if got := mpitest.Files(t, dir); !slices.Equal(got, []string{"p.png"}) {
			t.Errorf("files left: %v", got)
		}
	}
}

// -drop-cache: the report says the read-back came from storage, and
// without it, on one node, warns that it is the page cache's. The rates
// are logged, not compared: they are timings.
func TestBenchDropCache(t *testing.T) {
	dir := t.TempDir()
	for _, fpp := range []bool{false, true} {
		args := []string{"-block", "8m", "-xfer", "1m", "-reps", "2", "-o", "d.h5", "-drop-cache"}
		if fpp {
			args = append(args, "-fpp")
		}
		rep := benchJSON(t, 2, dir, args...)
		if !rep.Settings.DropCache || rep.ReadBack.Method != probe.ReadDropped || rep.ReadBack.Warning != "" || rep.ReadBack.OwnNode != 2 {
			t.Errorf("-drop-cache (fpp %v): settings %v, read-back %+v", fpp, rep.Settings.DropCache, rep.ReadBack)
		}
		t.Logf("fpp %v, dropped cache: read %.0f MiB/s mean (%d reps)", fpp, rep.Summary[1].Mean, rep.Summary[1].Reps)
	}
	rep := benchJSON(t, 2, dir, "-block", "8m", "-xfer", "1m", "-reps", "2", "-o", "d.h5")
	if rep.ReadBack.Method != probe.ReadNeither || !strings.Contains(rep.ReadBack.Warning, "page cache") {
		t.Errorf("cached: read-back %+v", rep.ReadBack)
	}
	t.Logf("cached: read %.0f MiB/s mean", rep.Summary[1].Mean)
	r := mpitest.MustRun(t, 2, time.Minute, dir, bin, "-bench", "1", "-drop-cache")
	if !strings.Contains(r.Stdout, "\nread-back: dropped cache\n") || strings.Contains(r.Stdout, "warning") {
		t.Errorf("text report:\n%s", r.Stdout)
	}
	r = mpitest.MustRun(t, 2, time.Minute, dir, bin, "-bench", "1")
	if !strings.Contains(r.Stdout, "\nread-back: neither\nwarning: 2 of 2 ranks read back a block written on their own node") {
		t.Errorf("text report:\n%s", r.Stdout)
	}
	if got := mpitest.Files(t, dir); len(got) != 0 {
		t.Errorf("files left: %v", got)
	}
	// On tmpfs (Linux's /dev/shm) there is nothing to drop: the report
	// says so.
	shm, err := os.MkdirTemp("/dev/shm", "h5write-test-")
	if err != nil {
		t.Fatalf("a directory on tmpfs: %v", err)
	}
	defer os.RemoveAll(shm)
	rep = benchJSON(t, 2, dir, "-bench", "1", "-drop-cache", "-o", filepath.Join(shm, "d.h5"))
	if rep.ReadBack.Method != probe.ReadNeither || !strings.Contains(rep.ReadBack.Warning, "tmpfs") {
		t.Errorf("dropped on tmpfs: read-back %+v", rep.ReadBack)
	}
}

// Stonewalling: a deadline that passes in the middle of a phase ends it
// with every rank at the same transfer count, the phase's; the read
// phase reads no more than was written. 262144 transfers of 4 KiB, each
// an H5Dwrite and a reduction, cannot all fit in 0.3 s (1.1 µs each):
// the write phases stop part way (the file is as large as the blocks,
// but only what was written takes room).
func TestBenchDeadlineRanks(t *testing.T) {
	for _, n := range []int{2, 3} {
		rep := benchJSON(t, n, t.TempDir(), "-block", "1g", "-xfer", "4k", "-deadline", "0.3", "-reps", "2", "-independent", "-check=false")
		for _, p := range rep.Phases {
			for _, q := range p.Ranks {
				if q.Transfers != p.Transfers || q.Bytes != int64(p.Transfers)*4<<10 {
					t.Errorf("%d ranks, %s %d: rank %d made %d transfers (%d bytes), the phase %d", n, p.Op, p.Rep, q.Rank, q.Transfers, q.Bytes, p.Transfers)
				}
			}
			if p.Transfers < 1 || p.Bytes != int64(n*p.Transfers)*4<<10 || p.Stopped != (p.Transfers < 262144) || (p.Op == "write" && !p.Stopped) {
				t.Errorf("%d ranks, %s %d: %d transfers, %d bytes, stopped %v", n, p.Op, p.Rep, p.Transfers, p.Bytes, p.Stopped)
			}
		}
		for i := 0; i+1 < len(rep.Phases); i += 2 {
			if w, r := rep.Phases[i], rep.Phases[i+1]; r.Transfers > w.Transfers {
				t.Errorf("%d ranks, rep %d: read %d transfers of the %d written", n, w.Rep, r.Transfers, w.Transfers)
			}
		}
		t.Logf("%d ranks: transfers %v", n, func() (v []int) {
			for _, p := range rep.Phases {
				v = append(v, p.Transfers)
			}
			return v
		}())
	}
}

// A -csv or -plot that cannot be written ends the run before any I/O,
// naming it, and leaves no file; one that is the bench file is refused.
func TestBenchOutputsEarly(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-csv", "no/such/r.csv"}, "-csv no/such/r.csv: directory no/such does not exist"},
		{[]string{"-plot", "no/p.png"}, "-plot no/p.png: directory no does not exist"},
		{[]string{"-csv", "."}, "-csv .: is a directory"},
		{[]string{"-csv", "b.h5"}, "-csv b.h5: is the probe's file too (-o): name another file"},
	} {
		r := mpitest.Run(t, 2, time.Minute, dir, bin, append([]string{"-block", "256m", "-o", "b.h5"}, tc.args...)...)
		if r.Code == 0 || !strings.Contains(r.Stderr, tc.want) {
			t.Errorf("%v: exit %d, want non-zero with %q:\n%s", tc.args, r.Code, tc.want, r.Stderr)
		}
		if got := mpitest.Files(t, dir); len(got) != 0 {
			t.Errorf("%v: files left: %v", tc.args, got)
		}
	}
}
