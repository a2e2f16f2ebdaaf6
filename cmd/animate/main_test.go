package main

import (
	"bytes"
	"image"
	"image/gif"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/hdf5"

	"github.com/h5mpi/h5mpi/internal/h5test"
	"github.com/h5mpi/h5mpi/internal/mpitest"
	"github.com/h5mpi/h5mpi/internal/render"
)

var bin string // animate under test

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "animate-test")
	if err != nil {
		panic(err)
	}
	// Built with the test's own tags, so "go test -tags mpi" tests the
	// binary scripts/build.sh makes.
	args := []string{"build", "-o", filepath.Join(dir, "animate")}
	if mpiTag {
		args = append(args, "-tags", "mpi")
	}
	cmd := exec.Command("go", append(args, "./cmd/animate")...)
	cmd.Dir = mpitest.Root()
	if out, err := cmd.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		panic(string(out))
	}
	bin = filepath.Join(dir, "animate")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// writePython writes a file as the Python original does (h5test.Galaxy),
// velocities zero.
func writePython(t *testing.T, path string, n, steps int, pos, nuc func(i, j, k int) float64) {
	t.Helper()
	if err := h5test.Galaxy(path, n, steps, pos, nil, nuc, nil); err != nil {
		t.Fatal(err)
	}
}

// execBin runs the animate binary in dir and returns its status and stderr.
func execBin(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), stderr.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, stderr.String()
}

func decode(t *testing.T, path string) *gif.GIF {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return g
}

// checkNucleusAndHost checks frame 0: magenta where the nucleus is, at
// (x, y, 0) metres, and the host's blue at the origin.
func checkNucleusAndHost(t *testing.T, g *gif.GIF, o *render.Options, x, y float64) {
	t.Helper()
	if p, c := colourAt(t, g, o, x, y, 0); c != "magenta" {
		t.Errorf("nucleus pixel %v is %s, want magenta", p, c)
	}
	if p, c := colourAt(t, g, o, 0, 0, 0); c != "host blue" {
		t.Errorf("origin pixel %v is %s, want host blue", p, c)
	}
}

// colourAt is frame 0's colour at the pixel holding (x, y, z) metres.
func colourAt(t *testing.T, g *gif.GIF, o *render.Options, x, y, z float64) (image.Point, string) {
	t.Helper()
	l, err := render.NewLayout(o)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := l.Pixel(x, y, z)
	if !ok {
		t.Fatalf("(%v, %v, %v) is outside the plot", x, y, z)
	}
	c := g.Image[0].At(p.X, p.Y)
	for name, want := range map[string]interface{ RGBA() (r, g, b, a uint32) }{
		"magenta": render.ColourNucleus, "host blue": render.ColourHost, "black": render.ColourParticle, "white": render.ColourWhite,
	} {
		r1, g1, b1, _ := c.RGBA()
		r2, g2, b2, _ := want.RGBA()
		if r1 == r2 && g1 == g2 && b1 == b2 {
			return p, name
		}
	}
	return p, "other"
}

// A file in the Python original's layout renders, with the time grid
// taken from -t-end.
func TestPythonLayout(t *testing.T) {
	dir := t.TempDir()
	// 40 particles in a ring of 20 km round the nucleus, which starts at
	// (100, 50) km and moves 2 km per sample.
	writePython(t, filepath.Join(dir, "py.hdf5"), 40, 30,
		func(i, j, k int) float64 {
			a := float64(i) / 40 * 6.283185307179586
			return []float64{100e3 + 2e3*float64(j) + 20e3*math.Cos(a), 50e3 + 20e3*math.Sin(a), 0}[k]
		},
		func(i, j, k int) float64 { return []float64{100e3 + 2e3*float64(j), 50e3, 0}[k] })
	code, stderr := execBin(t, dir, "-i", "py.hdf5", "-o", "py.gif", "-delay", "30", "-loop", "2", "-png", "29")
	if code != 0 {
		t.Fatalf("status %d:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "animate: py.gif: 30 frames (samples 0:30:1 of 30, 40 particles), 640x480") {
		t.Errorf("stderr:\n%s", stderr)
	}
	g := decode(t, filepath.Join(dir, "py.gif"))
	if len(g.Image) != 30 || g.Config.Width != 640 || g.Config.Height != 480 || g.LoopCount != 2 {
		t.Errorf("%d frames of %dx%d, loop %d; want 30 of 640x480, loop 2", len(g.Image), g.Config.Width, g.Config.Height, g.LoopCount)
	}
	for k, d := range g.Delay {
		if d != 3 {
			t.Fatalf("frame %d: delay %d cs, want 3", k, d)
		}
	}
	o := render.DefaultOptions()
	checkNucleusAndHost(t, g, &o, 100e3, 50e3)
	if p, c := colourAt(t, g, &o, 120e3, 50e3, 0); c != "black" {
		t.Errorf("particle pixel %v is %s, want black", p, c)
	}
	if ents := mpitest.Files(t, dir); strings.Join(ents, " ") != "py.gif py.hdf5 py.png" {
		t.Errorf("files: %v, want py.gif py.hdf5 py.png", ents)
	}
}

// Bad flags exit 2 before touching a file; bad inputs exit 1 with one
// line naming the file and dataset; neither leaves a GIF behind.
func TestBadInput(t *testing.T) {
	base := t.TempDir()
	good := filepath.Join(base, "good.h5")
	writePython(t, good, 3, 4, func(i, j, k int) float64 { return 1e3 }, func(i, j, k int) float64 { return 2e3 })
	raw := func(name string, sets map[string][]uint, typ *hdf5.Datatype) string {
		path := filepath.Join(base, name)
		if err := h5test.Declare(path, sets, typ); err != nil {
			t.Fatal(err)
		}
		return path
	}
	f64 := hdf5.T_IEEE_F64LE
	noNuc := raw("nonuc.h5", map[string][]uint{"pos_pt": {3, 4, 3}}, f64)
	flat := raw("flat.h5", map[string][]uint{"pos_pt": {3, 4, 2}, "pos_nuc": {1, 4, 3}}, f64)
	rank2 := raw("rank2.h5", map[string][]uint{"pos_pt": {3, 12}, "pos_nuc": {1, 4, 3}}, f64)
	ints := raw("ints.h5", map[string][]uint{"pos_pt": {3, 4, 3}, "pos_nuc": {1, 4, 3}}, hdf5.T_STD_I64LE)
	huge := raw("huge.h5", map[string][]uint{"pos_pt": {1 << 42, 2200, 3}, "pos_nuc": {1, 2200, 3}}, f64)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-size", "640"}, 2, "-size \"640\": want WIDTHxHEIGHT"},
		{[]string{"-size", "64x48"}, 2, "-size 64x48"},
		{[]string{"-delay", "55"}, 2, "-delay 55"},
		{[]string{"-view", "top"}, 2, "-view \"top\""},
		{[]string{"-extent", "0"}, 2, "-extent 0"},
		{[]string{"-frames", "-1"}, 2, "-frames -1"},
		{[]string{"-loop", "-2"}, 2, "-loop -2"},
		{[]string{"-bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"extra"}, 2, "want 0 arguments, got 1"},
		{[]string{"-i", "missing.h5"}, 1, "missing.h5: no such file"},
		{[]string{"-i", filepath.Join(mpitest.Root(), "cmd", "h5write", "testdata", "h5dump-42.golden")}, 1, "h5dump-42.golden: not an HDF5 file"},
		{[]string{"-i", noNuc}, 1, "nonuc.h5: no dataset pos_nuc"},
		{[]string{"-i", flat}, 1, "flat.h5: dataset pos_pt has shape [3 4 2], want (N, T, 3)"},
		{[]string{"-i", rank2}, 1, "rank2.h5: dataset pos_pt has shape [3 12], want (N, T, 3)"},
		{[]string{"-i", ints}, 1, "ints.h5: dataset pos_pt holds 8-byte integer values, want 64-bit or 32-bit floats"},
		{[]string{"-i", huge}, 1, "huge.h5: dataset pos_pt declares 4398046511104 particles"},
		{[]string{"-i", good, "-frames", "5"}, 1, "-frames 5: from sample 0 with stride 1 the file's 4 time samples give 4 frames"},
		{[]string{"-i", good, "-start", "4"}, 1, "-start 4: the file has 4 time samples"},
		{[]string{"-i", good, "-png", "4"}, 1, "-png 4: only 4 frames"},
	} {
		dir := t.TempDir()
		code, stderr := execBin(t, dir, c.args...)
		if code != c.code {
			t.Errorf("%v: exit status %d, want %d\nstderr:\n%s", c.args, code, c.code, stderr)
		}
		// The flag package's own complaint has no prefix.
		if !strings.HasPrefix(stderr, "animate: ") && c.args[0] != "-bogus" || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: stderr does not say %q:\n%s", c.args, c.msg, stderr)
		}
		if c.code == 1 && strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: want one line, got:\n%s", c.args, stderr)
		}
		if ents := mpitest.Files(t, dir); len(ents) != 0 {
			t.Errorf("%v: files left: %v", c.args, ents)
		}
	}
	// A failure keeps a previous good GIF.
	dir := t.TempDir()
	if code, stderr := execBin(t, dir, "-i", good); code != 0 {
		t.Fatalf("good file: status %d\n%s", code, stderr)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "galaxy_collision.gif"))
	if code, _ := execBin(t, dir, "-i", flat); code != 1 {
		t.Errorf("flat.h5: status %d, want 1", code)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "galaxy_collision.gif"))
	if len(before) == 0 || !bytes.Equal(before, after) {
		t.Errorf("a failed run changed the previous GIF (%d bytes, now %d)", len(before), len(after))
	}
	if ents := mpitest.Files(t, dir); strings.Join(ents, " ") != "galaxy_collision.gif" {
		t.Errorf("files: %v", ents)
	}
}
