// Package galaxy runs the galaxy-collision simulation of cmd/galaxy on
// all ranks of an MPI job and writes one galaxy file (internal/galaxyfile
// documents it: the Python original's layout, plus the times, the
// per-particle diagnostics, the record of what is done and attributes).
// The model and its constants are documented in internal/nbody.
//
// Work is handed out at run time (dispatch.go): rank 0 keeps a
// sched.Stock of the whole hand-out order and answers each rank's ask
// for work with the next chunk, hardest particles first; it integrates
// too. From sched.TreeFrom ranks on, each node's ranks ask their node's
// dispenser instead, and the dispensers ask theirs, up a tree to rank 0
// (tree.go). On every rank a
// worker goroutine integrates (worker.go) while the main thread, the only
// one that calls MPI and HDF5, asks for work, answers asks on rank 0, and
// writes each finished chunk into the particles' rows with independent
// transfers (loop.go). The same answers carry the checkpoints (every rank
// flushes, records what it wrote as done, flushes again) and the stops.
//
// Config.Every and Config.Float32 shape what is written, never what is
// integrated: the worker asks each particle's dense output at the
// samples kept only (galaxyfile.Samples; the steps do not depend on
// them, so the values are those of the run that keeps every sample),
// and galaxyfile rounds positions and velocities to float32 as it
// writes them.
//
// Every particle's start depends on the seed (or the IC file) and its own
// index only, and its integration on nothing else, so the datasets are
// identical bit for bit whatever the rank count, chunk size or timing,
// and a resumed run (Config.Resume), which integrates only what the
// partial file does not record as done, ends with the same file.
package galaxy
