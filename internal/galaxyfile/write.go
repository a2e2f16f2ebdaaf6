package galaxyfile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// Attrs are the root attributes of our files.
type Attrs struct {
	G, K, K1, Alpha float64 // the model's constants
	Rn, R           float64 // start radius of the nucleus, and of the particles' ball
	N               int     // particles
	TEnd            float64 // s
	Steps           int
	Seed            uint64
	IC              string // where the initial conditions came from
	Rtol, Atol      float64
	Integrator      string
	Ranks, Chunk    int // of the run that created the file
	Program         string
	Version         string
	// The largest relative drift of the nucleus's energy and angular
	// momentum over the run: conserved exactly by the model, so a free
	// check of the integration's accuracy.
	EnergyDrift, AngularMomentumDrift float64

	// Every is how often a sample of the run's Steps is written (1, or
	// 0: each); the first and last always are (Samples). Float32 stores
	// positions and velocities as float32, rounded to nearest from the
	// float64 the run integrates.
	Every   int
	Float32 bool
}

// resumeAttrs are the attributes that decide every trajectory: a resumed
// run must have the same. In the order a mismatch is reported.
// The seed counts only for a run drawn from a seed.
// Each with the setting behind it, by its name in Attrs (and in galaxy's
// Config), for the message: "" where the attribute is the only name.
var resumeAttrs = []struct{ attr, setting string }{
	{"layout", ""}, {"n_particles", "N"}, {"seed", "Seed"}, {"initial_conditions", ""},
	{"steps", "Steps"}, {"t_end", "TEnd"}, {"rtol", "Rtol"}, {"atol", "Atol"}, {"integrator", ""},
	{"every", "Every"}, {"float32", "Float32"},
}

// since are the resume attributes added within layout 2, and the value
// a partial file without them was written with.
var since = map[string]any{"every": int64(1), "float32": int64(0)}

// values are the attributes, in the file's order.
func (a Attrs) values() []h5.Attribute {
	return []h5.Attribute{
		h5.NewAttr("G", a.G), h5.NewAttr("k", a.K), h5.NewAttr("k1", a.K1), h5.NewAttr("alpha", a.Alpha),
		h5.NewAttr("R_n", a.Rn), h5.NewAttr("R", a.R),
		h5.NewAttr("n_particles", int64(a.N)), h5.NewAttr("t_end", a.TEnd), h5.NewAttr("steps", int64(a.Steps)),
		// A string, as the layout has it: a seed is any unsigned 64-bit
		// number, which an int64 attribute cannot hold.
		h5.NewAttr("seed", fmt.Sprint(a.Seed)), h5.NewAttr("initial_conditions", a.IC),
		h5.NewAttr("rtol", a.Rtol), h5.NewAttr("atol", a.Atol), h5.NewAttr("integrator", a.Integrator),
		h5.NewAttr("ranks", int64(a.Ranks)), h5.NewAttr("chunk", int64(a.Chunk)),
		h5.NewAttr("program", a.Program), h5.NewAttr("version", a.Version),
		h5.NewAttr("layout", int64(Layout)),
		h5.NewAttr("nucleus_energy_drift", a.EnergyDrift),
		h5.NewAttr("nucleus_angular_momentum_drift", a.AngularMomentumDrift),
		h5.NewAttr("every", int64(max(a.Every, 1))), h5.NewAttr("float32", boolAttr(a.Float32)),
	}
}

// boolAttr is b as an attribute: HDF5 has no boolean type, and h5py
// reads an integer as one.
func boolAttr(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// Create creates path with the layout's datasets for n particles and t
// samples (Kept(a.Steps, a.Every) for a run), positions and velocities
// float32 if a.Float32, and writes the attributes. Collective; the file
// appears under its name when Close succeeds (pio.Create).
func Create(path string, o pio.Options, n, t int, a Attrs) (*File, error) {
	f, err := pio.Create(path, o)
	if err != nil {
		return nil, err
	}
	g := &File{f: f, n: n, t: t, single: a.Float32}
	state := h5.Float64
	if a.Float32 {
		state = h5.Float32
	}
	for _, d := range []struct {
		p     **pio.Dataset
		name  string
		t     h5.Type
		shape []int
	}{
		{&g.posPt, PosPt, state, []int{n, t, 3}},
		{&g.velPt, VelPt, state, []int{n, t, 3}},
		{&g.posNuc, PosNuc, state, []int{1, t, 3}},
		{&g.velNuc, VelNuc, state, []int{1, t, 3}},
		{&g.time, Time, h5.Float64, []int{t}},
	} {
		if *d.p, err = f.CreateDataset(d.name, d.t, d.shape); err != nil {
			return nil, err
		}
	}
	for _, d := range []struct {
		p    **pio.Dataset
		name string
		t    h5.Type
	}{
		{&g.evals, EvalsPt, h5.Int64}, {&g.steps, StepsPt, h5.Int32},
		{&g.rejected, RejectedPt, h5.Int32}, {&g.done, DonePt, h5.Uint8},
	} {
		if *d.p, err = f.CreateDataset(d.name, d.t, []int{n}); err != nil {
			return nil, err
		}
	}
	if err := f.SetAttrs(a.values()...); err != nil {
		return nil, err
	}
	// Nothing is done yet: storage is never filled, so say so.
	if err := g.clearDone(); err != nil {
		return nil, err
	}
	return g, nil
}

// clearDone writes 0 to done_pt for every particle, in pieces so that
// memory stays bounded. Rank 0 writes; the file's transfers must be
// independent (pio.Options.Independent).
func (g *File) clearDone() error {
	if mpi.World.Rank() != 0 {
		return nil
	}
	const piece = 1 << 20
	zero := make([]uint8, min(piece, g.n))
	for lo := 0; lo < g.n; lo += Piece {
		k := min(piece, g.n-lo)
		if err := pio.Write(g.done, []int{lo}, []int{k}, zero[:k]); err != nil {
			return err
		}
	}
	return nil
}

// Resume opens the partial file a stopped run of path left, to finish it
// (pio.Resume), and checks that it is a resumable galaxy file made with
// the attributes a, those that decide the trajectories (a mismatch names
// the first that differs), and that its record of the particles done
// holds together (Done). The checks are made on the file opened
// read-only: on a refusal the partial file stays byte for byte as it
// was. Collective.
func Resume(path string, o pio.Options, a Attrs) (*File, error) {
	partial := path + pio.PartialSuffix
	f, err := pio.ResumeChecked(path, o, func(f *pio.File) error {
		g := &File{f: f, resumed: true}
		if err := g.check(); err != nil {
			return unreadable(path, g, err)
		}
		if err := g.resumable(a); err != nil {
			return err
		}
		err := pio.OnRoot(func() error { _, err := g.Done(); return err })
		if err != nil {
			return setting.Errorf("resume %s: %w: refused, %s left as it is; run without %v to start again", path, err, partial, resumeSetting)
		}
		return nil
	})
	if err != nil {
		// Every rank read the same file: the verdict is shared.
		var se *pio.SharedError
		if !errors.As(err, &se) {
			err = &pio.SharedError{Err: err, Print: mpi.World.Rank() == 0}
		}
		return nil, err
	}
	g := &File{f: f, resumed: true}
	err = g.check()
	if err == nil {
		err = g.resumable(a)
	}
	if err != nil {
		return nil, &pio.SharedError{Err: errors.Join(err, g.Suspend()), Print: mpi.World.Rank() == 0}
	}
	return g, nil
}

// unreadable says why a partial file's layout could not be read (err,
// from check): a file without pos_pt, readable otherwise, is one whose
// run was killed before its first checkpoint made the layout durable;
// anything else is damage, and HDF5's reason is given.
func unreadable(path string, g *File, err error) error {
	partial := path + pio.PartialSuffix
	if has, herr := g.f.Has(PosPt); herr == nil && !has {
		return setting.Errorf("resume %s: %s holds no checkpoint (the run that left it ended before its first): run without %v to start again", path, partial, resumeSetting)
	}
	return setting.Errorf("resume %s: %s could not be read, it is damaged (%w): run without %v to start again", path, partial, err, resumeSetting)
}

// resumeSetting is the setting that resumes a partial file, by the name
// a program's Config gives it (galaxy.Config.Resume), which a command
// renders as its flag (see package setting).
const resumeSetting = setting.Name("Resume")

// MismatchError is a resume refused: the partial file was started with
// another value of a setting.
type MismatchError struct {
	Path      string
	Attr      string // the file's attribute
	Setting   string // the setting behind it ("Steps"), or "" for none
	File, Run any    // its value in the file, and in this run
}

func (e *MismatchError) Error() string { return e.Unwrap().Error() }

// Unwrap is e's message, which names the settings by their names in
// Attrs and Resume: a command renders them (setting.Render) as its flags.
func (e *MismatchError) Unwrap() error {
	if e.Setting == "" {
		return setting.Errorf("resume %s: the partial file was started with %s %q, this run asks for %q: run with the same settings, or without %v to start again",
			e.Path, e.Attr, fmt.Sprint(e.File), fmt.Sprint(e.Run), resumeSetting)
	}
	s := setting.Name(e.Setting)
	return setting.Errorf("resume %s: %v %v, but %s%s was started with %v %v (its attribute %s): run with the same settings, or without %v to start again",
		e.Path, s, e.Run, e.Path, pio.PartialSuffix, s, e.File, e.Attr, resumeSetting)
}

func (g *File) resumable(a Attrs) error {
	want := map[string]any{}
	for _, v := range a.values() {
		want[v.Name] = v.Value
	}
	for _, ra := range resumeAttrs {
		name := ra.attr
		have, err := g.f.Attr(name)
		if err != nil {
			return err
		}
		if name == "layout" && have == nil {
			return setting.Errorf("resume %s: %s was written before galaxy files could be resumed (no layout attribute): run without %v", g.Path(), g.Path()+pio.PartialSuffix, resumeSetting)
		}
		run := want[name]
		if name == "seed" && !strings.HasPrefix(a.IC, "seed ") {
			continue
		}
		if v, ok := since[name]; ok && have == nil {
			have = v
		}
		if have != run {
			if name == "float32" {
				have, run = have == int64(1), a.Float32
			}
			return &MismatchError{Path: g.Path(), Attr: name, Setting: ra.setting, File: have, Run: run}
		}
	}
	for _, d := range []struct {
		p    **pio.Dataset
		name string
	}{{&g.evals, EvalsPt}, {&g.steps, StepsPt}, {&g.rejected, RejectedPt}, {&g.done, DonePt}} {
		var err error
		if *d.p, err = g.f.Dataset(d.name); err != nil {
			return err
		}
		if sh := (*d.p).Shape(); len(sh) != 1 || sh[0] != g.n {
			return fmt.Errorf("resume %s: dataset %s has shape %v, want (%d)", g.Path(), d.name, sh, g.n)
		}
	}
	return nil
}

// Keep makes the partial file a checkpoint that survives a failure
// (pio.File.Keep); call it once the file is durable (Flush).
func (g *File) Keep() { g.f.Keep() }

// Held checks that this run still holds its claim on the file
// (pio.File.Held). Collective.
func (g *File) Held() error { return g.f.Held() }

// Flush makes what was written so far durable. Collective.
func (g *File) Flush() error { return g.f.Flush() }

// Suspend closes the file leaving it partial, for a later Resume.
// Collective.
func (g *File) Suspend() error { return g.f.Suspend() }

// MarkDone records particles rows (increasing) as complete. Their data
// must already be durable (Flush), since a resumed run trusts the record.
// Independent.
func (g *File) MarkDone(rows []int32) error {
	ones := make([]uint8, len(rows))
	for i := range ones {
		ones[i] = 1
	}
	return writeRows(g, g.done, rows, ones, 1)
}

// Piece is how many rows go into one selection: HDF5 builds a selection
// of scattered rows block by block, in time that grows with the square of
// their number (50000 rows took 30 s in one selection, in pieces 0.1 s).
// With Float32, the rows of a piece are rounded into a buffer of their
// own before they are written.
const Piece = 256

// writeRows writes rows (increasing) of d, per values each, from data,
// in pieces. Independent only: ranks may make different numbers of calls.
// The particles' int32 indices become the ints of pio's row API here, a
// piece at a time, in g's buffer.
func writeRows[T h5.Elem](g *File, d *pio.Dataset, rows []int32, data []T, per int) error {
	for lo := 0; lo < len(rows); lo += Piece {
		hi := min(lo+Piece, len(rows))
		if err := pio.WriteRows(d, g.pioRows(rows[lo:hi]), data[lo*per:hi*per]); err != nil {
			return err
		}
	}
	return nil
}

// pioRows is rows as pio's row API takes them, in g's buffer: valid until
// the next call.
func (g *File) pioRows(rows []int32) []int {
	g.rows = g.rows[:0]
	for _, i := range rows {
		g.rows = append(g.rows, int(i))
	}
	return g.rows
}

// Chunk is a set of particles' trajectories and diagnostics, in
// increasing particle order: particle Rows[k]'s rows are Pos and Vel
// [k·3T, (k+1)·3T). Particles are int32 indices, as sched hands them
// out (internal/sched explains the choice).
type Chunk struct {
	Rows            []int32
	Pos, Vel        []float64
	Evals           []int64
	Steps, Rejected []int32
}

// WriteChunk writes c's particles. Independent: each rank writes its own
// particles alone, whenever they are ready.
func (g *File) WriteChunk(c *Chunk) error {
	if err := g.WriteStates(c); err != nil {
		return err
	}
	return g.WriteDiagnostics(c)
}

// WriteStates writes c's positions and velocities, the bulk of a
// chunk: a writer that looks for messages between the pieces of a chunk
// writes these by pieces and the diagnostics whole (WriteDiagnostics),
// since each write of scattered rows costs about as much for the three
// small datasets as for the trajectories' rows. Independent.
func (g *File) WriteStates(c *Chunk) error {
	row := 3 * g.t
	if err := g.writeState(g.posPt, c.Rows, c.Pos, row); err != nil {
		return err
	}
	return g.writeState(g.velPt, c.Rows, c.Vel, row)
}

// WriteDiagnostics writes c's evaluations, steps and rejected steps.
// Independent.
func (g *File) WriteDiagnostics(c *Chunk) error {
	if err := writeRows(g, g.evals, c.Rows, c.Evals, 1); err != nil {
		return err
	}
	if err := writeRows(g, g.steps, c.Rows, c.Steps, 1); err != nil {
		return err
	}
	return writeRows(g, g.rejected, c.Rows, c.Rejected, 1)
}

// WriteShared writes the nucleus's rows (t, 3) and the times if mine;
// the other ranks join the collective writes with empty selections
// (and nil slices).
func (g *File) WriteShared(mine bool, pos, vel, times []float64) error {
	k := 0
	if mine {
		k = 1
	}
	for _, w := range []struct {
		d *pio.Dataset
		v []float64
	}{{g.posNuc, pos}, {g.velNuc, vel}} {
		var err error
		if g.single {
			err = pio.Write(w.d, []int{0, 0, 0}, []int{k, g.t, 3}, g.round(w.v))
		} else {
			err = pio.Write(w.d, []int{0, 0, 0}, []int{k, g.t, 3}, w.v)
		}
		if err != nil {
			return err
		}
	}
	return pio.Write(g.time, []int{0}, []int{k * g.t}, times)
}

// writeState writes rows of positions or velocities, per values each,
// as writeRows does: as they are, or rounded to float32 if the file
// stores them so, a piece of rows at a time through g's buffer.
func (g *File) writeState(d *pio.Dataset, rows []int32, data []float64, per int) error {
	if !g.single {
		return writeRows(g, d, rows, data, per)
	}
	for lo := 0; lo < len(rows); lo += Piece {
		hi := min(lo+Piece, len(rows))
		if err := writeRows(g, d, rows[lo:hi], g.round(data[lo*per:hi*per]), per); err != nil {
			return err
		}
	}
	return nil
}

// round returns v rounded to float32, to nearest (Go's conversion), in
// g's buffer: valid until the next call. Rounding here rather than in
// HDF5's conversion makes the rule the language's, the same on every
// machine and in every HDF5 version.
func (g *File) round(v []float64) []float32 {
	if cap(g.f32) < len(v) {
		g.f32 = make([]float32, len(v))
	}
	out := g.f32[:len(v)]
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}
