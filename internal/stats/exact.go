package stats

import (
	"math"
	"strconv"

	"github.com/h5mpi/h5mpi/internal/h5"
)

// exact holds a column's extremes as integers, for tables whose every
// input stores integers: float64 rounds those beyond 2^53 (2^62+1 reads
// as 2^62), and np.min and np.max of such a table are exact. Signed and
// unsigned values are kept apart, so that neither int64 nor uint64
// values lose a bit.
type exact struct {
	signed, unsigned bool // whether minI..maxI, minU..maxU hold values
	minI, maxI       int64
	minU, maxU       uint64
}

func (e *exact) addI(v int64) {
	if !e.signed {
		e.signed, e.minI, e.maxI = true, v, v
		return
	}
	e.minI, e.maxI = min(e.minI, v), max(e.maxI, v)
}

func (e *exact) addU(v uint64) {
	if !e.unsigned {
		e.unsigned, e.minU, e.maxU = true, v, v
		return
	}
	e.minU, e.maxU = min(e.minU, v), max(e.maxU, v)
}

func (e *exact) merge(b exact) {
	if b.signed {
		e.addI(b.minI)
		e.addI(b.maxI)
	}
	if b.unsigned {
		e.addU(b.minU)
		e.addU(b.maxU)
	}
}

// bounds returns the extremes as decimal text, "" for a column without
// values.
func (e exact) bounds() (lo, hi string) {
	switch {
	case e.signed && e.unsigned:
		lo = strconv.FormatUint(min(uint64(e.minI), e.minU), 10)
		if e.minI < 0 {
			lo = strconv.FormatInt(e.minI, 10)
		}
		hi = strconv.FormatUint(e.maxU, 10)
		if e.maxI >= 0 {
			hi = strconv.FormatUint(max(uint64(e.maxI), e.maxU), 10)
		}
		return lo, hi
	case e.signed:
		return strconv.FormatInt(e.minI, 10), strconv.FormatInt(e.maxI, 10)
	case e.unsigned:
		return strconv.FormatUint(e.minU, 10), strconv.FormatUint(e.maxU, 10)
	}
	return "", ""
}

// integers reports whether every source stores integers.
func integers(srcs []Source) bool {
	for _, s := range srcs {
		switch s.Type {
		case h5.Int64, h5.Int32, h5.Uint8, h5.Uint64:
		default:
			return false
		}
	}
	return true
}

// exactValues is the float64s gatherExact sends per column: the two
// flags and the four extremes, bit for bit.
const exactValues = 6

// gatherExact merges every rank's exact extremes, on every rank, in rank
// order. Collective.
func gatherExact(part []exact) ([]exact, error) {
	out := make([]exact, len(part))
	bit := func(b bool) float64 {
		if b {
			return 1
		}
		return 0
	}
	err := allGatherColumns(len(part), exactValues,
		func(j int, v []float64) {
			e := part[j]
			v[0], v[1] = bit(e.signed), bit(e.unsigned)
			v[2], v[3] = math.Float64frombits(uint64(e.minI)), math.Float64frombits(uint64(e.maxI))
			v[4], v[5] = math.Float64frombits(e.minU), math.Float64frombits(e.maxU)
		},
		func(j int, v []float64) {
			out[j].merge(exact{
				signed: v[0] != 0, unsigned: v[1] != 0,
				minI: int64(math.Float64bits(v[2])), maxI: int64(math.Float64bits(v[3])),
				minU: math.Float64bits(v[4]), maxU: math.Float64bits(v[5]),
			})
		})
	return out, err
}
