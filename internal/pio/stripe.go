package pio

import (
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/setting"
	"github.com/h5mpi/h5mpi/internal/sysres"
)

// Lustre striping of the files a program creates: the stripe count and
// size asked for (Knobs.StripeCount and StripeSize, or their environment
// variables) go to MPI-IO as the hints striping_factor and
// striping_unit, which ROMIO (MPICH's, Cray MPICH's) and Open MPI's
// OMPIO apply when they create a file on Lustre. Lustre sets a file's
// layout once, at its creation: the hints do nothing to a file that
// exists. After the create, rank 0 reads the layout Lustre applied and
// says when it is not the one asked for; off Lustre, it says once that
// striping does not apply there.

// The MPI-IO hints that carry the striping.
const (
	stripeCountHint = "striping_factor"
	stripeSizeHint  = "striping_unit"
)

// Lustre's bounds on a stripe: sizes are multiples of 64 KiB held in 32
// bits; counts are held in 16 bits, 0xFFFF meaning every OST.
const (
	minStripeSize  = 64 << 10
	maxStripeSize  = 4<<30 - minStripeSize
	maxStripeCount = 0xFFFE
)

// stripes is the striping asked for: count and size 0 when not, each
// with whether it came from its environment variable (for messages).
type stripes struct {
	count             int
	size              int64
	countEnv, sizeEnv bool
}

func (s stripes) asked() bool { return s.count > 0 || s.size > 0 }

// String is the striping asked for as the layout is shown:
// "stripe_count=4 stripe_size=1m", each part only if asked.
func (s stripes) String() string {
	var parts []string
	if s.count > 0 {
		parts = append(parts, "stripe_count="+strconv.Itoa(s.count))
	}
	if s.size > 0 {
		parts = append(parts, "stripe_size="+setting.FormatSize(s.size))
	}
	return strings.Join(parts, " ")
}

// ParseStripeCount reads a Lustre stripe count: a whole number of
// stripes, at least 1.
func ParseStripeCount(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > maxStripeCount {
		return 0, fmt.Errorf("want a whole number of stripes from 1 to %d", maxStripeCount)
	}
	return n, nil
}

// ParseStripeSize reads a Lustre stripe size, as setting.ParseSize takes
// sizes ("4m"): a multiple of 64k, under 4g, as Lustre takes them.
func ParseStripeSize(s string) (int64, error) {
	n, err := setting.ParseSize(s)
	if err != nil {
		return 0, err
	}
	if n < minStripeSize || n > maxStripeSize || n%minStripeSize != 0 {
		return 0, fmt.Errorf("want a multiple of 64k, from 64k to under 4g (Lustre's stripe sizes)")
	}
	return n, nil
}

// resolveStripes is the striping of the knobs, or of the environment for
// those unset.
func (k Knobs) resolveStripes() (s stripes, err error) {
	if s.count, s.countEnv, err = knobOrEnv(k.StripeCount, StripeCountEnv, "StripeCount", ParseStripeCount); err != nil {
		return s, err
	}
	s.size, s.sizeEnv, err = knobOrEnv(k.StripeSize, StripeSizeEnv, "StripeSize", ParseStripeSize)
	return s, err
}

// knobOrEnv parses the knob name's value v, or when v is "" that of its
// environment variable env (fromEnv), which may be unset too (the zero
// value). The error names where the bad value came from.
func knobOrEnv[T any](v, env, name string, parse func(string) (T, error)) (val T, fromEnv bool, err error) {
	if v == "" {
		v, fromEnv = os.Getenv(env), true
		if strings.TrimSpace(v) == "" {
			return val, false, nil
		}
	}
	if val, err = parse(v); err != nil {
		if fromEnv {
			return val, true, fmt.Errorf("%s=%s: %w", env, v, err)
		}
		return val, false, setting.Bad(name, v, err.Error())
	}
	return val, fromEnv, nil
}

// stripeHints returns the hints of $H5MPI_HINTS and option (mergeHints)
// with those of the striping s added. A hint of the same key set to
// another value is an error naming both settings.
func stripeHints(option string, s stripes) ([]mpi.Hint, error) {
	hints, err := mergeHints(option)
	if err != nil {
		return nil, err
	}
	opt, _ := ParseHints(option) // mergeHints has read it
	fromOption := map[string]bool{}
	for _, h := range opt {
		fromOption[h.Key] = true
	}
	// add adds the hint key=value of the knob name (shown as shown),
	// from its variable env if isEnv.
	add := func(key, value, shown, name, env string, isEnv bool) error {
		for _, h := range hints {
			if h.Key != key {
				continue
			}
			if h.Value == value {
				return nil
			}
			knob := setting.Textf("%v %s", setting.Name(name), shown)
			if isEnv {
				knob = setting.Textf("%s=%s", env, shown)
			}
			hint := setting.Textf("%s %s=%s", HintsEnv, key, h.Value)
			if fromOption[key] {
				hint = setting.Textf("%v %s=%s", setting.Name("Hints"), key, h.Value)
			}
			return setting.Errorf("%v and %v ask for different striping: give one", knob, hint)
		}
		hints = append(hints, mpi.Hint{Key: key, Value: value})
		return nil
	}
	if s.count > 0 {
		if err := add(stripeCountHint, strconv.Itoa(s.count), strconv.Itoa(s.count), "StripeCount", StripeCountEnv, s.countEnv); err != nil {
			return nil, err
		}
	}
	if s.size > 0 {
		if err := add(stripeSizeHint, strconv.FormatInt(s.size, 10), setting.FormatSize(s.size), "StripeSize", StripeSizeEnv, s.sizeEnv); err != nil {
			return nil, err
		}
	}
	return hints, nil
}

// Said once per process: the striping did not apply (off Lustre), or
// Lustre applied another.
var stripeNoted, stripeWarned atomic.Bool

// checkStripes looks, on rank 0, at the file just opened (created: made
// by this open). On Lustre it shows the file's layout when hints are
// shown, and for a new file it warns when the layout is not the striping
// asked for; off Lustre, it notes that striping asked for does not apply.
func (f *File) checkStripes(created bool) {
	s := f.knobs.stripes
	asked := created && s.asked()
	if !asked && !f.knobs.show {
		return
	}
	path := f.path
	if f.claim != nil {
		path = f.claim.Partial
	}
	on, kind, err := sysres.OnLustre(path)
	switch {
	case err != nil:
		if asked && stripeWarned.CompareAndSwap(false, true) {
			log.Printf("rank 0: warning: %s: striping %s asked for, not checked: %v", f.path, s, err)
		}
		return
	case !on:
		if asked && stripeNoted.CompareAndSwap(false, true) {
			log.Printf("rank 0: note: %s is on %s, not Lustre: the striping asked for (%s) does not apply there (said once)", f.path, kind, s)
		}
		return
	}
	l, err := sysres.LustreLayout(path)
	if err != nil {
		if f.knobs.show || stripeWarned.CompareAndSwap(false, true) {
			log.Printf("rank 0: warning: %s: Lustre layout not read: %v", f.path, err)
		}
		return
	}
	if f.knobs.show {
		log.Printf("rank 0: %s: Lustre layout: %s", f.path, l)
	}
	if asked && !l.Has(s.count, s.size) && stripeWarned.CompareAndSwap(false, true) {
		log.Printf("rank 0: warning: %s: asked for %s, Lustre applied %s (said once; the MPI-IO library may ignore %s and %s, and Lustre caps the count at its OSTs)",
			f.path, s, l, stripeCountHint, stripeSizeHint)
	}
}
