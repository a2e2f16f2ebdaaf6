package sysres

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The layouts are built field by field as lustre_user.h lays them out,
// little-endian and packed, independently of the decoder's offsets.

type ostData struct { // lov_user_ost_data_v1
	ObjectID, ObjectSeq uint64
	Gen, Index          uint32
}

// lovV1 is a lov_user_md_v1 with count objects on OSTs offset, offset+1...
func lovV1(pattern, size uint32, count, offset uint16) []byte {
	var b bytes.Buffer
	w := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	w(uint32(lovMagicV1))
	w(pattern)
	w(uint64(0x1234)) // lmm_object_id
	w(uint64(0x5678)) // lmm_object_seq
	w(size)
	w(count)
	w(offset)
	objects(w, count, offset)
	return b.Bytes()
}

// lovV3 is a lov_user_md_v3 of pool.
func lovV3(pattern, size uint32, count, offset uint16, pool string) []byte {
	var b bytes.Buffer
	w := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	w(uint32(lovMagicV3))
	w(pattern)
	w(uint64(0x1234))
	w(uint64(0x5678))
	w(size)
	w(count)
	w(offset)
	var name [16]byte
	copy(name[:], pool)
	w(name)
	objects(w, count, offset)
	return b.Bytes()
}

func objects(w func(any), count, offset uint16) {
	if count == 0xFFFF {
		return
	}
	for i := uint16(0); i < count; i++ {
		w(ostData{ObjectID: uint64(i) + 100, Index: uint32(offset + i)})
	}
}

type comp struct {
	start, end uint64
	flags      uint32
	body       []byte
}

// lovComp is a lov_comp_md_v1 of the components, their bodies after the
// entries in order.
func lovComp(cs ...comp) []byte {
	hdr, entries := 32, 48
	off := hdr + entries*len(cs)
	total := off
	for _, c := range cs {
		total += len(c.body)
	}
	var b bytes.Buffer
	w := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	w(uint32(lovMagicComp))
	w(uint32(total)) // lcm_size
	w(uint32(7))     // lcm_layout_gen
	w(uint16(0))     // lcm_flags
	w(uint16(len(cs)))
	w(uint16(0))   // lcm_mirror_count
	w([3]uint16{}) // padding
	w(uint64(0))   // lcm_padding2
	for i, c := range cs {
		w(uint32(i + 1)) // lcme_id
		w(c.flags)
		w(c.start)
		w(c.end)
		w(uint32(off))
		w(uint32(len(c.body)))
		w(uint32(3))          // lcme_layout_gen
		w(uint64(1700000000)) // lcme_timestamp
		w(uint32(0))          // padding
		off += len(c.body)
	}
	for _, c := range cs {
		b.Write(c.body)
	}
	return b.Bytes()
}

func TestParseLustreLayout(t *testing.T) {
	eof := ^uint64(0)
	for _, tc := range []struct {
		name string
		in   []byte
		want string
		l    Layout
	}{
		{"v1", lovV1(1, 1<<20, 4, 7), "stripe_count=4 stripe_size=1m",
			Layout{Stripes: Stripes{Pattern: 1, Size: 1 << 20, Count: 4, Offset: 7}}},
		{"v1 one stripe", lovV1(1, 65536, 1, 0), "stripe_count=1 stripe_size=64k",
			Layout{Stripes: Stripes{Pattern: 1, Size: 64 << 10, Count: 1}}},
		{"v3", lovV3(1, 16<<20, 2, 0xFFFF, "flash"), "stripe_count=2 stripe_size=16m pool=flash",
			Layout{Stripes: Stripes{Pattern: 1, Size: 16 << 20, Count: 2, Offset: -1, Pool: "flash"}}},
		{"v3 full pool name", lovV3(1, 1<<20, 1, 0, "abcdefghijklmnop"), "stripe_count=1 stripe_size=1m pool=abcdefghijklmnop",
			Layout{Stripes: Stripes{Pattern: 1, Size: 1 << 20, Count: 1, Pool: "abcdefghijklmnop"}}},
		{"composite", lovComp(
			comp{0, 64 << 20, flagInit, lovV1(1, 1<<20, 1, 3)},
			comp{64 << 20, eof, 0, lovV3(1, 4<<20, 4, 0xFFFF, "")},
		), "components: [0, 64m) count=1 size=1m; [64m, EOF) count=4 size=4m",
			Layout{Components: []Component{
				{ID: 1, Start: 0, End: 64 << 20, Instantiated: true, Stripes: Stripes{Pattern: 1, Size: 1 << 20, Count: 1, Offset: 3}},
				{ID: 2, Start: 64 << 20, End: eof, Stripes: Stripes{Pattern: 1, Size: 4 << 20, Count: 4, Offset: -1}},
			}}},
		{"progressive", lovComp(
			comp{0, 256 << 10, flagInit, lovV1(patternMDT, 256<<10, 0, 0)},
			comp{256 << 10, 8 << 20, flagInit, lovV3(1, 1<<20, 1, 0xFFFF, "performance")},
			comp{8 << 20, eof, 0, lovV3(1, 1<<20, 0xFFFF, 0xFFFF, "capacity")},
		), "components: [0, 256k) on the metadata server; [256k, 8m) count=1 size=1m pool=performance; [8m, EOF) count=-1 size=1m pool=capacity",
			Layout{}},
	} {
		l, err := ParseLustreLayout(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if s := l.String(); s != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, s, tc.want)
		}
		if tc.l.Components != nil || tc.l.Count != 0 {
			if !equalLayout(l, tc.l) {
				t.Errorf("%s: %+v, want %+v", tc.name, l, tc.l)
			}
		}
	}
}

func equalLayout(a, b Layout) bool {
	if a.Stripes != b.Stripes || len(a.Components) != len(b.Components) || a.Composite() != b.Composite() {
		return false
	}
	for i := range a.Components {
		if a.Components[i] != b.Components[i] {
			return false
		}
	}
	return true
}

// Truncated and garbage input is an error saying what, never a panic;
// every prefix of a good layout included.
func TestParseLustreLayoutBad(t *testing.T) {
	good := lovComp(
		comp{0, 64 << 20, flagInit, lovV1(1, 1<<20, 1, 3)},
		comp{64 << 20, ^uint64(0), 0, lovV3(1, 4<<20, 4, 0xFFFF, "")},
	)
	for _, tc := range []struct {
		name string
		in   []byte
		err  string
	}{
		{"empty", nil, "too short for its magic"},
		{"garbage", []byte("not a layout at all, nothing like one"), "not a Lustre layout"},
		{"v1 short", lovV1(1, 1<<20, 4, 0)[:20], "short of its 32-byte header"},
		{"v3 short", lovV3(1, 1<<20, 0, 0, "p")[:40], "short of its 48-byte header"},
		{"composite short", good[:20], "short of its 32-byte header"},
		{"entries cut", good[:32+48+10], "2 components need 128 bytes"},
		{"component cut", good[:len(good)-10], "component 1 at bytes"},
		{"component garbage", func() []byte {
			b := bytes.Clone(good)
			copy(b[128:], "garbage!")
			return b
		}(), "component 0 at byte 128: magic number"},
		{"component inside header", func() []byte {
			b := bytes.Clone(good)
			binary.LittleEndian.PutUint32(b[32+24:], 4)
			return b
		}(), "component 0 at bytes [4,"},
		{"nested composite", func() []byte {
			b := bytes.Clone(good)
			binary.LittleEndian.PutUint32(b[128:], lovMagicComp)
			return b
		}(), "not a Lustre layout"},
		{"extent backwards", func() []byte {
			b := bytes.Clone(good)
			binary.LittleEndian.PutUint64(b[32+8:], 1<<40)
			return b
		}(), "component 0 ends"},
	} {
		_, err := ParseLustreLayout(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.err)
		}
	}
	for i := range good {
		if _, err := ParseLustreLayout(good[:i]); err == nil {
			t.Errorf("prefix of %d bytes: no error", i)
		}
	}
}

func TestLayoutHas(t *testing.T) {
	plain := Layout{Stripes: Stripes{Size: 1 << 20, Count: 4}}
	comp := Layout{Components: []Component{
		{Stripes: Stripes{Size: 1 << 20, Count: 1}},
		{Stripes: Stripes{Size: 1 << 20, Count: 4}},
	}}
	for _, tc := range []struct {
		l     Layout
		count int
		size  int64
		want  bool
	}{
		{plain, 4, 1 << 20, true},
		{plain, 4, 0, true},
		{plain, 0, 1 << 20, true},
		{plain, 8, 0, false},
		{plain, 4, 4 << 20, false},
		{comp, 0, 1 << 20, true},
		{comp, 4, 0, false},
	} {
		if got := tc.l.Has(tc.count, tc.size); got != tc.want {
			t.Errorf("%v .Has(%d, %d) = %v", tc.l, tc.count, tc.size, got)
		}
	}
}

// Off Lustre, a file has no layout, and the error says so; OnLustre
// names the file system.
func TestLustreLayoutOffLustre(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	on, kind, err := OnLustre(path)
	if err != nil || kind == "" {
		t.Fatalf("OnLustre: %v %q %v", on, kind, err)
	}
	if on {
		t.Skip("the test directory is on Lustre")
	}
	if on2, kind2, err := OnLustre(path + ".missing"); err != nil || on2 != on || kind2 != kind {
		t.Errorf("OnLustre of a file yet to be made: %v %q %v, want %v %q", on2, kind2, err, on, kind)
	}
	_, err = LustreLayout(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "lustre.lov") {
		t.Errorf("LustreLayout off Lustre: %v", err)
	}
}
