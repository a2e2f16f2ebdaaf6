package sysres

import (
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/h5mpi/h5mpi/internal/setting"
)

// A Lustre client shows a file's layout as the extended attribute
// lustre.lov, in the little-endian structs of Lustre's user header
// (lustre_user.h): a plain layout (lov_user_md_v1, or v3 with a pool
// name), or a composite one (lov_comp_md_v1) whose components each
// cover an extent of the file with a plain layout of their own.

// LustreMagic is statfs(2)'s f_type of a Lustre file system.
const LustreMagic = 0x0BD00BD0

// lustreXattr is the extended attribute that holds a file's layout.
const lustreXattr = "lustre.lov"

// The magic numbers of the layouts, and their sizes before the per-stripe
// objects (v1 and v3) or the entries (composite).
const (
	lovMagicV1   = 0x0BD10BD0
	lovMagicV3   = 0x0BD30BD0
	lovMagicComp = 0x0BD60BD0

	lovV1Size   = 32             // magic, pattern, object id and sequence, stripe size, count, offset
	lovPoolSize = 16             // lmm_pool_name: LOV_MAXPOOLNAME 15 and its NUL
	lovV3Size   = 32 + 16        // v1's fields, then the pool name
	compSize    = 32             // magic, size, layout generation, flags, entry and mirror counts, padding
	entrySize   = 48             // id, flags, extent, offset, size, layout generation, timestamp, padding
	lovEOF      = ^uint64(0)     // an extent's end that is the file's end
	patternMDT  = 0x100          // LOV_PATTERN_MDT: the data lies on the metadata server (Data-on-MDT)
	flagInit    = 0x10           // LCME_FL_INIT: the component's objects exist
	stripeAll   = uint16(0xFFFF) // a count or offset of -1: every OST, or any
)

// Stripes are a plain layout: how a file, or one extent of it, is cut
// into stripes over object storage targets (OSTs).
type Stripes struct {
	Pattern uint32 // LOV_PATTERN_*: 1 striped over OSTs, 0x100 on the metadata server
	Size    int64  // bytes of one stripe
	Count   int    // stripes; -1 for every OST (a template not yet applied)
	Offset  int    // index of the first OST; -1 for the file system's choice
	Pool    string // OST pool, of a v3 layout; "" for none
}

// Component is one extent of a composite layout, [Start, End), End
// lovEOF (shown as EOF) for the file's end.
type Component struct {
	ID           uint32
	Start, End   uint64
	Instantiated bool // LCME_FL_INIT: its objects exist (a progressive layout makes them as the file grows)
	Stripes
}

// Layout is a file's Lustre layout: a plain one (Components nil), or a
// composite one, whose Stripes are then zero.
type Layout struct {
	Stripes
	Components []Component
}

// Composite reports whether the layout is made of components.
func (l Layout) Composite() bool { return l.Components != nil }

// Has reports whether the layout stripes the whole file count ways in
// stripes of size bytes, a zero count or size not asked: a plain layout
// of that count and size, or a composite one all of whose components
// have them.
func (l Layout) Has(count int, size int64) bool {
	match := func(s Stripes) bool {
		return (count == 0 || s.Count == count) && (size == 0 || s.Size == size)
	}
	if !l.Composite() {
		return match(l.Stripes)
	}
	for _, c := range l.Components {
		if !match(c.Stripes) {
			return false
		}
	}
	return true
}

// String is the layout as "stripe_count=4 stripe_size=1m" (with
// " pool=NAME" for a pool), or, composite, as
// "components: [0, 64m) count=1 size=1m; [64m, EOF) count=4 size=4m".
func (l Layout) String() string {
	if !l.Composite() {
		return "stripe_count=" + strconv.Itoa(l.Count) + " stripe_size=" + setting.FormatSize(l.Size) + pool(l.Pool)
	}
	parts := make([]string, len(l.Components))
	for i, c := range l.Components {
		end := "EOF"
		if c.End != lovEOF {
			end = formatOffset(c.End)
		}
		what := "count=" + strconv.Itoa(c.Count) + " size=" + setting.FormatSize(c.Size)
		if c.Pattern&patternMDT != 0 {
			what = "on the metadata server"
		}
		parts[i] = fmt.Sprintf("[%s, %s) %s%s", formatOffset(c.Start), end, what, pool(c.Pool))
	}
	return "components: " + strings.Join(parts, "; ")
}

func pool(name string) string {
	if name == "" {
		return ""
	}
	return " pool=" + name
}

// formatOffset writes a file offset as a size ("64m"), or in bytes when
// beyond what setting's sizes hold.
func formatOffset(n uint64) string {
	if n > 1<<63-1 {
		return strconv.FormatUint(n, 10)
	}
	return setting.FormatSize(int64(n))
}

// ParseLustreLayout decodes the value of a file's lustre.lov attribute.
// Input it cannot read (short, of an unknown magic number, entries
// outside it) is an error saying what and at which byte.
func ParseLustreLayout(b []byte) (Layout, error) {
	if len(b) < 4 {
		return Layout{}, fmt.Errorf("Lustre layout of %d bytes: too short for its magic number", len(b))
	}
	if binary.LittleEndian.Uint32(b) == lovMagicComp {
		return parseComposite(b)
	}
	s, err := parseStripes(b)
	return Layout{Stripes: s}, err
}

// parseStripes decodes a plain layout, v1 or v3, at the start of b.
func parseStripes(b []byte) (Stripes, error) {
	le := binary.LittleEndian
	if len(b) < 4 {
		return Stripes{}, fmt.Errorf("%d bytes: too short for a magic number", len(b))
	}
	magic := le.Uint32(b)
	need := lovV1Size
	switch magic {
	case lovMagicV1:
	case lovMagicV3:
		need = lovV3Size
	default:
		return Stripes{}, fmt.Errorf("magic number %#08x: not a Lustre layout (want %#08x, %#08x or %#08x)", magic, lovMagicV1, lovMagicV3, lovMagicComp)
	}
	if len(b) < need {
		return Stripes{}, fmt.Errorf("layout of magic %#08x: %d bytes, short of its %d-byte header", magic, len(b), need)
	}
	s := Stripes{
		Pattern: le.Uint32(b[4:]),
		Size:    int64(le.Uint32(b[24:])),
		Count:   stripeInt(le.Uint16(b[28:])),
		Offset:  stripeInt(le.Uint16(b[30:])),
	}
	if magic == lovMagicV3 {
		name := b[lovV1Size : lovV1Size+lovPoolSize]
		if i := strings.IndexByte(string(name), 0); i >= 0 {
			name = name[:i]
		}
		s.Pool = string(name)
	}
	return s, nil
}

// stripeInt is a stripe count or offset, 0xFFFF read as -1.
func stripeInt(v uint16) int {
	if v == stripeAll {
		return -1
	}
	return int(v)
}

// parseComposite decodes a composite layout: its header, its entries, and
// the plain layout each entry points at.
func parseComposite(b []byte) (Layout, error) {
	le := binary.LittleEndian
	if len(b) < compSize {
		return Layout{}, fmt.Errorf("composite Lustre layout: %d bytes, short of its %d-byte header", len(b), compSize)
	}
	n := int(le.Uint16(b[14:]))
	if end := compSize + n*entrySize; end > len(b) {
		return Layout{}, fmt.Errorf("composite Lustre layout: %d components need %d bytes, it has %d", n, end, len(b))
	}
	l := Layout{Components: make([]Component, n)}
	for i := range l.Components {
		e := b[compSize+i*entrySize:]
		c := Component{
			ID:           le.Uint32(e),
			Instantiated: le.Uint32(e[4:])&flagInit != 0,
			Start:        le.Uint64(e[8:]),
			End:          le.Uint64(e[16:]),
		}
		off, size := uint64(le.Uint32(e[24:])), uint64(le.Uint32(e[28:]))
		if off+size > uint64(len(b)) || off < compSize {
			return Layout{}, fmt.Errorf("composite Lustre layout: component %d at bytes [%d, %d) lies outside its %d bytes", i, off, off+size, len(b))
		}
		if c.End < c.Start {
			return Layout{}, fmt.Errorf("composite Lustre layout: component %d ends (%d) before it starts (%d)", i, c.End, c.Start)
		}
		s, err := parseStripes(b[off : off+size])
		if err != nil {
			return Layout{}, fmt.Errorf("composite Lustre layout: component %d at byte %d: %w", i, off, err)
		}
		c.Stripes = s
		l.Components[i] = c
	}
	return l, nil
}

// LustreLayout reads the layout of the file at path from its lustre.lov
// attribute. A file off Lustre has none: the error says so.
func LustreLayout(path string) (Layout, error) {
	b, err := getxattr(path, lustreXattr)
	if err != nil {
		if errors.Is(err, syscall.ENODATA) || errors.Is(err, syscall.ENOTSUP) {
			return Layout{}, fmt.Errorf("%s: no Lustre layout (attribute %s: %w); is it on Lustre?", path, lustreXattr, err)
		}
		return Layout{}, fmt.Errorf("%s: attribute %s: %w", path, lustreXattr, err)
	}
	l, err := ParseLustreLayout(b)
	if err != nil {
		return Layout{}, fmt.Errorf("%s: attribute %s: %w", path, lustreXattr, err)
	}
	return l, nil
}

// getxattr reads attribute name of path whole, asking its size first and
// again if it grew in between; retried when a signal interrupts it.
func getxattr(path, name string) ([]byte, error) {
	for {
		n, err := syscall.Getxattr(path, name, nil)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		buf := make([]byte, n)
		m, err := syscall.Getxattr(path, name, buf)
		switch err {
		case nil:
			return buf[:m], nil
		case syscall.EINTR, syscall.ERANGE:
			continue
		}
		return nil, err
	}
}

// OnLustre reports whether path, which need not exist (its directory
// must), lies on Lustre, by statfs's magic number; otherwise it names
// the file system's type, for a message.
func OnLustre(path string) (bool, string, error) {
	dir := path
	var st syscall.Statfs_t
	if err := statfs(dir, &st); err != nil {
		if !errors.Is(err, syscall.ENOENT) {
			return false, "", fmt.Errorf("file system of %s: statfs: %w", path, err)
		}
		dir = filepath.Dir(path)
		if err := statfs(dir, &st); err != nil {
			return false, "", fmt.Errorf("file system of %s: statfs %s: %w", path, dir, err)
		}
	}
	if st.Type == LustreMagic {
		return true, "lustre", nil
	}
	if fs, err := FileSystem(path); err == nil && fs.Type != "" {
		return false, fs.Type, nil
	}
	return false, magicType(st.Type), nil
}
