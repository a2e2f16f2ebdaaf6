package pio

import (
	"errors"
	"fmt"
	"log"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// The knobs of parallel HDF5 that users on Lustre ask for, each set by an
// environment variable for every program and, where a program writes, by
// a flag that overrides it (package job's KnobFlags).
const (
	// AlignEnv aligns large objects in files: "SIZE" or
	// "SIZE:THRESHOLD" (H5Pset_alignment), sizes as "1m".
	AlignEnv = "H5MPI_ALIGN"
	// CollMetadataEnv turns collective metadata reads and writes
	// (H5Pset_all_coll_metadata_ops, H5Pset_coll_metadata_write) off
	// with 0 or false; they are on by default.
	CollMetadataEnv = "H5MPI_COLL_METADATA"
	// StrictEnv, 1 or true, makes a collective transfer that HDF5 did
	// without collective I/O an error instead of a warning.
	StrictEnv = "H5MPI_STRICT_COLLECTIVE"
	// ShowHintsEnv, 1 or true, prints on rank 0 the MPI-IO hints MPI
	// applied to each file opened or created.
	ShowHintsEnv = "H5MPI_SHOW_HINTS"
	// StripeCountEnv asks new files for this many Lustre stripes (the
	// MPI-IO hint striping_factor).
	StripeCountEnv = "H5MPI_STRIPE_COUNT"
	// StripeSizeEnv asks new files for Lustre stripes of this size, such
	// as "4m" (the MPI-IO hint striping_unit).
	StripeSizeEnv = "H5MPI_STRIPE_SIZE"
	// FileLockingEnv is HDF5's own switch of its file locks, which
	// HDF5 reads itself; pio names it when a lock fails.
	FileLockingEnv = "HDF5_USE_FILE_LOCKING"
)

// Switch is an on/off setting that may be left unset, to take its
// environment variable or its default. As a flag it is a boolean flag.
type Switch int8

// The values of a Switch.
const (
	Unset Switch = iota
	On
	Off
)

// Set reads a flag's value: anything strconv.ParseBool takes.
func (s *Switch) Set(v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("want true or false")
	}
	*s = Off
	if b {
		*s = On
	}
	return nil
}

func (s *Switch) String() string {
	if s == nil || *s == Unset {
		return ""
	}
	return strconv.FormatBool(*s == On)
}

// IsBoolFlag lets "-flag" alone mean "-flag=true".
func (s *Switch) IsBoolFlag() bool { return true }

// or is the switch's value, else the environment variable's, else def.
func (s Switch) or(env string, def bool) (bool, error) {
	switch s {
	case On:
		return true, nil
	case Off:
		return false, nil
	}
	v := strings.TrimSpace(os.Getenv(env))
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%s: want 1 or 0 (true or false)", env, v)
	}
	return b, nil
}

// Knobs are the parallel-HDF5 settings of a file beyond its hints. The
// zero value takes every one from its environment variable, or its
// default: no alignment, collective metadata on, fallbacks to
// independent I/O a warning, hints not shown, striping left to the file
// system.
type Knobs struct {
	// Align is "SIZE" or "SIZE:THRESHOLD": objects of THRESHOLD bytes or
	// more (SIZE when not given) start at a multiple of SIZE, a Lustre
	// stripe say. "" takes $H5MPI_ALIGN; "0" turns alignment off.
	Align string
	// CollMetadata: collective metadata reads and writes.
	CollMetadata Switch
	// StrictCollective: a collective transfer done without collective
	// I/O is an error.
	StrictCollective Switch
	// ShowHints: rank 0 prints the hints MPI applied to each file, and
	// on Lustre its layout.
	ShowHints Switch
	// StripeCount is the number of Lustre stripes of a file created,
	// "" for $H5MPI_STRIPE_COUNT (stripe.go).
	StripeCount string
	// StripeSize is the size of a created file's Lustre stripes, such as
	// "4m", "" for $H5MPI_STRIPE_SIZE; without an alignment (Align or
	// $H5MPI_ALIGN), objects then align on it.
	StripeSize string
}

// knobs are Knobs resolved against the environment.
type knobs struct {
	align, threshold int64
	collMeta         bool
	strict, show     bool
	collective       bool // transfers asked to be collective
	stripes          stripes
}

// KnobValues are the knobs in force: Knobs resolved against the
// environment.
type KnobValues struct {
	Align, Threshold int64 // Align 0: none
	CollMetadata     bool
	StrictCollective bool
	ShowHints        bool
	StripeCount      int   // 0: the file system's
	StripeSize       int64 // 0: the file system's
}

// Resolved returns the knobs' values with the environment's for those
// left unset, and the defaults.
func (k Knobs) Resolved() (KnobValues, error) {
	r, err := k.resolve()
	if r.align == 0 {
		r.threshold = 0
	}
	return KnobValues{Align: r.align, Threshold: r.threshold, CollMetadata: r.collMeta, StrictCollective: r.strict, ShowHints: r.show,
		StripeCount: r.stripes.count, StripeSize: r.stripes.size}, err
}

// ParseAlign reads an alignment, "SIZE" or "SIZE:THRESHOLD" (threshold
// SIZE when not given), sizes as setting.ParseSize takes them.
func ParseAlign(s string) (align, threshold int64, err error) {
	a, t, hasT := strings.Cut(strings.TrimSpace(s), ":")
	if align, err = setting.ParseSize(a); err != nil {
		return 0, 0, err
	}
	threshold = align
	if hasT {
		if threshold, err = setting.ParseSize(t); err != nil {
			return 0, 0, err
		}
	}
	return align, max(threshold, 1), nil
}

// Validate checks the knobs' own values (not the environment's), for a
// usage error before MPI starts: a *setting.Error naming the knob
// ("Align", "StripeCount", "StripeSize").
func (k Knobs) Validate() error {
	if k.Align != "" {
		if _, _, err := ParseAlign(k.Align); err != nil {
			return &setting.Error{Name: "Align", Want: err.Error()}
		}
	}
	if k.StripeCount != "" {
		if _, err := ParseStripeCount(k.StripeCount); err != nil {
			return setting.Bad("StripeCount", k.StripeCount, err.Error())
		}
	}
	if k.StripeSize != "" {
		if _, err := ParseStripeSize(k.StripeSize); err != nil {
			return setting.Bad("StripeSize", k.StripeSize, err.Error())
		}
	}
	return nil
}

func (k Knobs) resolve() (knobs, error) {
	var r knobs
	var err error
	a, where := k.Align, "alignment"
	if a == "" {
		a, where = os.Getenv(AlignEnv), AlignEnv
	}
	if strings.TrimSpace(a) != "" {
		if r.align, r.threshold, err = ParseAlign(a); err != nil {
			return r, fmt.Errorf("%s: %w", where, err)
		}
	}
	if r.stripes, err = k.resolveStripes(); err != nil {
		return r, err
	}
	if strings.TrimSpace(a) == "" && r.stripes.size > 0 {
		// No alignment asked for: objects start on stripes.
		r.align, r.threshold = r.stripes.size, r.stripes.size
	}
	if r.collMeta, err = k.CollMetadata.or(CollMetadataEnv, true); err != nil {
		return r, err
	}
	if r.strict, err = k.StrictCollective.or(StrictEnv, false); err != nil {
		return r, err
	}
	if r.show, err = k.ShowHints.or(ShowHintsEnv, false); err != nil {
		return r, err
	}
	return r, nil
}

// fileLists makes the access and transfer lists of a file with o's
// hints and knobs; self puts the file on this rank alone, create adds the
// hints of the striping asked for.
func fileLists(o Options, self, create bool) (fapl, dxpl h5.ID, k knobs, err error) {
	if k, err = o.Knobs.resolve(); err != nil {
		return -1, -1, k, err
	}
	k.collective = !o.Independent
	if fapl, dxpl, err = driverLists(o, k, create); err != nil {
		return -1, -1, k, err
	}
	fail := func(e error) (h5.ID, h5.ID, knobs, error) {
		releasePlist(fapl)
		releasePlist(dxpl)
		return -1, -1, k, e
	}
	if k.align > 0 {
		if fapl == h5.Default {
			if fapl, err = h5.NewAccessList(); err != nil {
				return fail(err)
			}
		}
		if err := h5.SetAlignment(fapl, k.threshold, k.align); err != nil {
			return fail(err)
		}
	}
	if fapl, err = honourLocking(fapl); err != nil {
		return fail(err)
	}
	if mpi.Real {
		if err := h5.SetCollMetadata(fapl, k.collMeta); err != nil {
			return fail(err)
		}
	}
	if self {
		if err := mpi.SetSelf(fapl); err != nil {
			return fail(err)
		}
	}
	return fapl, dxpl, k, nil
}

// honourLocking applies $HDF5_USE_FILE_LOCKING to fapl (a new list if
// it is HDF5's default), as HDF5 itself does only with the value the
// variable had when the library started: FALSE or 0 turns the locks off,
// BEST_EFFORT tries them without requiring them, TRUE or 1 requires
// them. Unset, fapl is left alone.
func honourLocking(fapl h5.ID) (h5.ID, error) {
	use, best, set, err := lockingEnv()
	if err != nil || !set {
		return fapl, err
	}
	if fapl == h5.Default {
		var err error
		if fapl, err = h5.NewAccessList(); err != nil {
			return fapl, err
		}
	}
	if err := h5.SetFileLocking(fapl, use, best); err != nil {
		releasePlist(fapl)
		return -1, err
	}
	return fapl, nil
}

// FileLocking reports whether HDF5's file locks are in use, as
// $HDF5_USE_FILE_LOCKING says (unset, or a value CheckEnv refuses: yes),
// for a program that takes HDF5's lock on a file by itself.
func FileLocking() bool {
	use, _, set, err := lockingEnv()
	return use || !set || err != nil
}

// lockingEnv reads $HDF5_USE_FILE_LOCKING: whether locks are used, and
// only where the file system supports them (best), if it is set.
func lockingEnv() (use, best, set bool, err error) {
	v := strings.TrimSpace(os.Getenv(FileLockingEnv))
	switch strings.ToUpper(v) {
	case "":
		return false, false, false, nil
	case "FALSE", "0":
		return false, false, true, nil
	case "TRUE", "1":
		return true, false, true, nil
	case "BEST_EFFORT":
		return true, true, true, nil
	}
	return false, false, false, fmt.Errorf("%s=%s: want FALSE, TRUE or BEST_EFFORT", FileLockingEnv, v)
}

// Validate checks the options before MPI starts, for a usage error said
// once: the hints (a *setting.Error of setting "Hints") and the knobs'
// own values (Knobs.Validate), then the environment variables behind
// them (CheckEnv), then the striping asked for against the hints of the
// same keys.
func (o Options) Validate() error {
	if _, err := ParseHints(o.Hints); err != nil {
		return &setting.Error{Name: "Hints", Want: err.Error()}
	}
	if err := o.Knobs.Validate(); err != nil {
		return err
	}
	if err := CheckEnv(); err != nil {
		return err
	}
	k, err := o.Knobs.resolve()
	if err != nil {
		return err
	}
	_, err = stripeHints(o.Hints, k.stripes)
	return err
}

// CheckEnv checks the environment variables behind the knobs, the hints
// and HDF5's file locking ($H5MPI_ALIGN, $H5MPI_COLL_METADATA,
// $H5MPI_STRICT_COLLECTIVE, $H5MPI_SHOW_HINTS, $H5MPI_STRIPE_COUNT,
// $H5MPI_STRIPE_SIZE, $H5MPI_HINTS, $HDF5_USE_FILE_LOCKING): for a usage error before MPI starts, said
// once, rather than the same error from every rank at the first file.
func CheckEnv() error {
	if _, err := mergeHints(""); err != nil {
		return err
	}
	if _, err := (Knobs{}).resolve(); err != nil {
		return err
	}
	_, _, _, err := lockingEnv()
	return err
}

// serialAccess is the access list of a file read by one process:
// HDF5's default, but for the file locking asked for.
func serialAccess() (h5.ID, error) { return honourLocking(h5.Default) }

// lockAdvice adds to a failed create or open what to do when the cause
// is HDF5's file lock, which some Lustre and NFS mounts refuse
// (errno 524, ENOTSUPP) and which another process may hold.
func lockAdvice(err error) error {
	var he *h5.Error
	if err == nil || !errors.As(err, &he) {
		return err
	}
	for _, m := range he.Stack {
		if strings.Contains(strings.ToLower(m), "unable to lock file") {
			return fmt.Errorf("%w (HDF5 could not lock the file: another program may hold it open, or the file system does not support locks, as some Lustre and NFS mounts do not (errno 524); if no other program writes it, run with %s=FALSE)", err, FileLockingEnv)
		}
	}
	return err
}

// opened finishes opening or creating f (created: a new file): rank 0
// shows the hints in use when asked to, and checks the striping
// (stripe.go), of its own file for files of one rank.
func (f *File) opened(created bool) {
	if mpi.World.Rank() != 0 {
		return
	}
	if f.knobs.show {
		if h, err := f.AppliedHints(); err != nil {
			log.Printf("rank 0: %v", err)
		} else {
			log.Printf("rank 0: %s: MPI-IO hints in use: %s", f.path, FormatHints(h))
		}
	}
	f.checkStripes(created)
}

// FormatHints writes hints as sorted key=value pairs, comma-separated,
// as H5MPI_HINTS takes them.
func FormatHints(h map[string]string) string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		keys[i] = k + "=" + h[k]
	}
	if len(keys) == 0 {
		return "none"
	}
	return strings.Join(keys, ",")
}

// AppliedHints returns the MPI-IO hints MPI applied to the open file,
// its defaults included (MPI_File_get_info), which may differ from those
// asked for (Hints): MPI drops hints it does not know. Empty in the
// one-rank stand-in.
func (f *File) AppliedHints() (map[string]string, error) {
	h, err := mpi.AppliedHints(f.id)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.path, err)
	}
	return h, nil
}

// fellBack is set once a fallback to independent I/O has been reported.
var fellBack atomic.Bool

// checkCollective looks at how the transfer just made (what) really
// went. When HDF5 did a collective transfer as independent I/O, rank 0
// says so, once per process, with HDF5's causes; with the strict knob it
// is an error on every rank (the causes are all ranks' together, the
// same everywhere), printed once.
func (f *File) checkCollective(what string) error {
	if !f.knobs.collective || !mpi.Real { // HDF5's default driver: no MPI-IO
		return nil
	}
	fell, causes, err := h5.NotCollective(f.dxpl)
	if err != nil || !fell {
		return err
	}
	msg := fmt.Sprintf("%s: collective transfer done as independent I/O, because of %s", what, strings.Join(causes, "; "))
	if f.knobs.strict {
		return &SharedError{Err: setting.Errorf("%s (an error: strict collective transfers, %s or %v)", msg, StrictEnv, setting.Name("StrictCollective")), Print: mpi.World.Rank() == 0}
	}
	if mpi.World.Rank() == 0 && fellBack.CompareAndSwap(false, true) {
		log.Printf("rank 0: warning: %s (said once; %s=1 makes it an error)", msg, StrictEnv)
	}
	return nil
}
