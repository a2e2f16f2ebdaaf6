package probe

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// marks counts the marks of colour c in m: the 4-connected regions of
// pixels of exactly that colour, and the top of each (its y), left to
// right.
func marks(m image.Image, c color.Color) (tops []int) {
	b := m.Bounds()
	want := color.RGBAModel.Convert(c)
	is := func(x, y int) bool { return color.RGBAModel.Convert(m.At(x, y)) == want }
	seen := make([]bool, b.Dx()*b.Dy())
	idx := func(x, y int) int { return (y-b.Min.Y)*b.Dx() + x - b.Min.X }
	for x := b.Min.X; x < b.Max.X; x++ {
		for y := b.Min.Y; y < b.Max.Y; y++ {
			if seen[idx(x, y)] || !is(x, y) {
				continue
			}
			top := y
			stack := []image.Point{{x, y}}
			seen[idx(x, y)] = true
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				top = min(top, p.Y)
				for _, q := range []image.Point{{p.X + 1, p.Y}, {p.X - 1, p.Y}, {p.X, p.Y + 1}, {p.X, p.Y - 1}} {
					if q.In(b) && !seen[idx(q.X, q.Y)] && is(q.X, q.Y) {
						seen[idx(q.X, q.Y)] = true
						stack = append(stack, q)
					}
				}
			}
			tops = append(tops, top)
		}
	}
	return tops
}

// The plot of 5 ranks on 2 nodes, 3 repetitions: its size, one mark per
// rank and repetition in each panel, ranks grouped by node, and the slow
// rank's marks lowest.
func TestPlot(t *testing.T) {
	// ranks 0, 2, 4 on n0 and 1, 3 on n1: shown 0 2 4 | 1 3. Rank 3
	// writes 4 times slower.
	hosts := []string{"n0", "n1", "n0", "n1", "n0"}
	w := [][]float64{{1, 1, 1, 4, 1}, {1.1, 1, 0.9, 4, 1}, {1, 1.2, 1, 4.4, 1}}
	rd := [][]float64{{0.1, 0.1, 0.1, 0.1, 0.1}, {0.1, 0.1, 0.1, 0.1, 0.1}, {0.1, 0.1, 0.1, 0.1, 0.2}}
	var ph []Phase
	wp, rp := phases("write", hosts, w), phases("read", hosts, rd)
	for i := range wp {
		ph = append(ph, wp[i], rp[i])
	}
	r := &Report{Settings: Settings{Reps: 3}, Phases: ph}
	var buf bytes.Buffer
	if err := r.PNG(&buf); err != nil {
		t.Fatal(err)
	}
	m, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	// 5 slots of 3 marks (3·7-2+6 = 25 px) and a node gap: 139 px, under
	// the least plot width, 480.
	if got, want := m.Bounds().Size(), image.Pt(84+480+16, 44+200+34+200+52); got != want || PlotSize(5, 2, 3) != want {
		t.Errorf("plot %v, want %v", got, want)
	}
	tops := marks(m, WriteColor)
	if len(tops) != 15 {
		t.Fatalf("%d write marks, want 15 (5 ranks, 3 reps)", len(tops))
	}
	if n := len(marks(m, ReadColor)); n != 15 {
		t.Errorf("%d read marks, want 15", n)
	}
	// Left to right: ranks 0 2 4 1 3, 3 reps each. Rank 3, the last
	// three, is the slowest: the lowest marks (largest y).
	for i := 0; i < 12; i++ {
		if tops[i] >= tops[12] || tops[i] >= tops[13] || tops[i] >= tops[14] {
			t.Errorf("mark %d at y %d is not above rank 3's (%v)", i, tops[i], tops[12:])
		}
	}
	// The median line is drawn.
	if n := len(marks(m, medianColor)); n < 10 {
		t.Errorf("%d dashes of the median lines", n)
	}
	// Many ranks widen the picture: a slot per rank.
	if got, want := PlotSize(100, 4, 5), image.Pt(84+100*(5*7-2+6)+3*14+16, 530); got != want {
		t.Errorf("PlotSize(100 ranks, 4 nodes, 5 reps) = %v, want %v", got, want)
	}
}

func TestScale(t *testing.T) {
	for _, tc := range []struct {
		v         []float64
		top, step float64
	}{
		{[]float64{0.5, 3.9}, 4, 1},
		{[]float64{1234}, 1500, 500},
		{[]float64{9800}, 10000, 5000},
		{nil, 1, 0.25},
		{[]float64{0, 0}, 1, 0.25},
	} {
		if top, step := scale(tc.v); top != tc.top || step != tc.step {
			t.Errorf("scale(%v) = %v, %v; want %v, %v", tc.v, top, step, tc.top, tc.step)
		}
	}
}
