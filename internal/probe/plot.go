package probe

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"sort"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// The plot's colours: a mark of each kind is a solid square of its
// colour, which nothing else in the picture uses.
var (
	WriteColor  = color.RGBA{31, 119, 180, 255} // blue
	ReadColor   = color.RGBA{255, 127, 14, 255} // orange
	medianColor = color.RGBA{200, 0, 0, 255}
	gridColor   = color.RGBA{190, 190, 190, 255}
)

// The plot's geometry, in pixels.
const (
	markSize  = 5  // a mark is a square this wide
	markStep  = 7  // the repetitions of a rank stand this far apart, left to right
	rankPad   = 6  // between the ranks' slots
	nodeGap   = 14 // between nodes, a separator line in the middle
	minPlotW  = 480
	plotLeft  = 84 // room for the rates' labels
	plotRight = 16
	plotTop   = 44 // the title and the first panel's
	panelH    = 200
	panelGap  = 34 // between the two panels: the second's title
	plotBot   = 52 // rank numbers and host names
	faceW     = 7  // basicfont.Face7x13's advance
	faceH     = 13
)

// slotW is the width of a rank's slot with reps repetitions.
func slotW(reps int) int { return reps*markStep - (markStep - markSize) + rankPad }

// PlotSize is the size of the picture Plot draws for ranks ranks on nodes
// nodes with reps repetitions: the ranks' slots side by side, at least
// minPlotW wide, with the margins; two panels, one over the other.
func PlotSize(ranks, nodes, reps int) image.Point {
	w := max(minPlotW, ranks*slotW(reps)+(nodes-1)*nodeGap)
	return image.Pt(plotLeft+w+plotRight, plotTop+2*panelH+panelGap+plotBot)
}

// PNG writes Plot as a PNG.
func (r *Report) PNG(w io.Writer) error { return png.Encode(w, r.Plot()) }

// Plot draws each rank's write rate (top panel) and read rate (bottom
// panel) in MiB/s in every repetition: one mark per rank and repetition,
// the ranks left to right grouped by node (their host names below,
// separated by a line), a rank's repetitions left to right within its
// slot, and a dashed line at the median of the panel's marks, so that a
// slow rank or a slow node stands out. Each panel has its own scale from
// 0. A rank's rate is its bytes over its total time (RankPhase.MiBs).
// With both APIs (Config.API), the marks are HDF5's.
func (r *Report) Plot() *image.RGBA {
	plotted := r.apis()[0] // with both APIs, HDF5's phases
	reps := r.Settings.Reps
	for _, p := range r.Phases {
		reps = max(reps, p.Rep+1)
	}
	reps = max(reps, 1)
	order, node := r.plotOrder()
	nodes := 0
	if len(node) > 0 {
		nodes = node[len(node)-1] + 1
	}
	size := PlotSize(len(order), max(nodes, 1), reps)
	m := image.NewRGBA(image.Rectangle{Max: size})
	draw.Draw(m, m.Rect, image.White, image.Point{}, draw.Src)
	plotW := size.X - plotLeft - plotRight

	// x of each rank's slot, by position in order.
	xs := make([]int, len(order))
	x := plotLeft + (plotW-(len(order)*slotW(reps)+(max(nodes, 1)-1)*nodeGap))/2
	var seps []int
	for i := range order {
		if i > 0 && node[i] != node[i-1] {
			seps = append(seps, x+nodeGap/2)
			x += nodeGap
		}
		xs[i] = x
		x += slotW(reps)
	}
	title := fmt.Sprintf("each rank's MiB/s in %d rep(s), left to right", reps)
	drawText(m, title, plotLeft, 6)

	for k, op := range []string{"write", "read"} {
		top := plotTop + k*(panelH+panelGap)
		area := image.Rect(plotLeft, top, plotLeft+plotW, top+panelH)
		ink := WriteColor
		if op == "read" {
			ink = ReadColor
		}
		// each mark's rate, by rank and rep
		rates := map[[2]int]float64{}
		var all []float64
		for _, p := range r.Phases {
			if p.Op != op || apiOf(p.API) != plotted {
				continue
			}
			for _, q := range p.Ranks {
				rates[[2]int{q.Rank, p.Rep}] = q.MiBs
				all = append(all, q.MiBs)
			}
		}
		top_, step := scale(all)
		y := func(v float64) int {
			return area.Max.Y - 1 - int(math.Round(v/top_*float64(panelH-markSize-2)))
		}
		// frame, ticks and their labels
		rect(m, image.Rect(area.Min.X-1, area.Min.Y-1, area.Max.X+1, area.Min.Y), color.Black)
		rect(m, image.Rect(area.Min.X-1, area.Max.Y, area.Max.X+1, area.Max.Y+1), color.Black)
		rect(m, image.Rect(area.Min.X-1, area.Min.Y, area.Min.X, area.Max.Y), color.Black)
		rect(m, image.Rect(area.Max.X, area.Min.Y, area.Max.X+1, area.Max.Y), color.Black)
		for v := 0.0; v <= top_*(1+1e-9); v += step {
			ty := y(v)
			rect(m, image.Rect(area.Min.X-5, ty, area.Min.X-1, ty+1), color.Black)
			s := strconv.FormatFloat(v, 'f', -1, 64)
			drawText(m, s, area.Min.X-8-len(s)*faceW, ty-faceH/2)
		}
		for _, sx := range seps {
			rect(m, image.Rect(sx, area.Min.Y, sx+1, area.Max.Y), gridColor)
		}
		label := op + " (MiB/s)"
		if len(all) > 0 {
			med := median(all)
			my := y(med)
			for dx := area.Min.X; dx < area.Max.X; dx += 9 {
				rect(m, image.Rect(dx, my, min(dx+6, area.Max.X), my+2), medianColor)
			}
			label += fmt.Sprintf(", dashed line: the median, %.1f", med)
		}
		drawText(m, label, area.Min.X, area.Min.Y-faceH-4)
		// the marks, last, so that nothing splits them
		for i, rk := range order {
			for rep := 0; rep < reps; rep++ {
				v, ok := rates[[2]int{rk, rep}]
				if !ok {
					continue
				}
				mx := xs[i] + rankPad/2 + rep*markStep
				my := min(max(y(v)-markSize/2, area.Min.Y), area.Max.Y-markSize)
				rect(m, image.Rect(mx, my, mx+markSize, my+markSize), ink)
			}
		}
	}
	// below the bottom panel: the rank numbers where they fit, then each
	// node's host name under its ranks.
	base := plotTop + 2*panelH + panelGap + 4
	for i, rk := range order {
		s := strconv.Itoa(rk)
		if len(s)*faceW <= slotW(reps) {
			drawText(m, s, xs[i]+(slotW(reps)-len(s)*faceW)/2, base)
		}
	}
	for i := 0; i < len(order); {
		j := i
		for j < len(order) && node[j] == node[i] {
			j++
		}
		w := xs[j-1] + slotW(reps) - xs[i]
		h := r.hostOf(order[i])
		if n := w / faceW; len(h) > n {
			h = h[:max(n, 0)]
		}
		drawText(m, h, xs[i]+(w-len(h)*faceW)/2, base+faceH+4)
		i = j
	}
	drawText(m, "rank", 4, base)
	drawText(m, "node", 4, base+faceH+4)
	return m
}

// plotOrder is the ranks in the order the plot shows them: by node, then
// by rank, with the node of each.
func (r *Report) plotOrder() (order, node []int) {
	nodeOf := map[int]int{}
	for _, p := range r.Phases {
		for _, q := range p.Ranks {
			nodeOf[q.Rank] = q.Node
		}
	}
	for rk := range nodeOf {
		order = append(order, rk)
	}
	sort.Slice(order, func(a, b int) bool {
		na, nb := nodeOf[order[a]], nodeOf[order[b]]
		if na != nb {
			return na < nb
		}
		return order[a] < order[b]
	})
	// renumber the nodes 0, 1, ... in the order shown
	seen := map[int]int{}
	for _, rk := range order {
		if _, ok := seen[nodeOf[rk]]; !ok {
			seen[nodeOf[rk]] = len(seen)
		}
		node = append(node, seen[nodeOf[rk]])
	}
	return order, node
}

func (r *Report) hostOf(rank int) string {
	for _, p := range r.Phases {
		for _, q := range p.Ranks {
			if q.Rank == rank {
				return q.Host
			}
		}
	}
	return ""
}

// scale is the top of a rate axis from 0 that holds every value in v,
// and the step of its ticks: 1, 2 or 5 times a power of ten, about four
// of them.
func scale(v []float64) (top, step float64) {
	hi := 0.0
	for _, x := range v {
		hi = max(hi, x)
	}
	if hi <= 0 || math.IsInf(hi, 0) || math.IsNaN(hi) {
		return 1, 0.25
	}
	raw := hi / 4
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	step = 10 * p
	for _, f := range []float64{1, 2, 5} {
		if f*p >= raw {
			step = f * p
			break
		}
	}
	return math.Ceil(hi/step) * step, step
}

func rect(m *image.RGBA, r image.Rectangle, c color.Color) {
	draw.Draw(m, r.Intersect(m.Rect), image.NewUniform(c), image.Point{}, draw.Src)
}

// drawText draws s in black, its top left at (x, y), in basicfont's
// 7×13 face.
func drawText(m *image.RGBA, s string, x, y int) {
	d := font.Drawer{Dst: m, Src: image.Black, Face: basicfont.Face7x13, Dot: fixed.P(x, y+basicfont.Face7x13.Ascent)}
	d.DrawString(s)
}
