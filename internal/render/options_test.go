package render

import (
	"math"
	"strings"
	"testing"

	"github.com/h5mpi/h5mpi/internal/setting"
)

func TestParseSize(t *testing.T) {
	for _, c := range []struct {
		s    string
		w, h int
		err  string
	}{
		{"640x480", 640, 480, ""},
		{"1280X960", 1280, 960, ""},
		{"320x240", 320, 240, ""},
		{"640", 0, 0, "want WIDTHxHEIGHT"},
		{"640x", 0, 0, "want WIDTHxHEIGHT"},
		{"axb", 0, 0, "want WIDTHxHEIGHT"},
		{"160x120", 0, 0, "want 320x240 to 4096x4096"},
		{"5000x480", 0, 0, "want 320x240 to 4096x4096"},
		{"-640x480", 0, 0, "want 320x240"},
		{"64x48", 0, 0, "Size 64x48: want"},
		{"640", 0, 0, `Size "640": want`},
	} {
		w, h, err := ParseSize(c.s)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseSize(%q): error %v, want %q", c.s, err, c.err)
			}
		} else if err != nil || w != c.w || h != c.h {
			t.Errorf("ParseSize(%q) = %d, %d, %v; want %d, %d", c.s, w, h, err, c.w, c.h)
		}
	}
}

// The settings go by their own names unless a command renders them.
func TestValidate(t *testing.T) {
	for _, c := range []struct {
		set func(*Options)
		err string
	}{
		{func(o *Options) {}, ""},
		{func(o *Options) { o.View, o.Elev, o.Azim = "3d", 30, -60 }, ""},
		{func(o *Options) { o.In = "" }, "In:"},
		{func(o *Options) { o.Out = "" }, "Out:"},
		{func(o *Options) { o.Start = -1 }, "Start -1"},
		{func(o *Options) { o.Stride = -2 }, "Stride -2"},
		{func(o *Options) { o.Frames = -3 }, "Frames -3"},
		{func(o *Options) { o.Delay = 55 }, "Delay 55"},
		{func(o *Options) { o.Delay = -10 }, "Delay -10"},
		{func(o *Options) { o.Loop = -2 }, "Loop -2"},
		{func(o *Options) { o.Loop = 70000 }, "Loop 70000"},
		{func(o *Options) { o.PNG = -5 }, "PNG -5"},
		{func(o *Options) { o.Frames, o.PNG = 10, 10 }, "PNG 10: only 10 frames"},
		{func(o *Options) { o.View = "top" }, `View "top"`},
		{func(o *Options) { o.Elev = math.NaN() }, "Elev NaN"},
		{func(o *Options) { o.Extent = 0 }, "Extent 0"},
		{func(o *Options) { o.Extent = math.Inf(1) }, "Extent +Inf"},
		{func(o *Options) { o.TEnd = -1 }, "TEnd -1"},
		{func(o *Options) { o.Width = 100 }, "Size 100x480"},
		{func(o *Options) { o.Azim = math.Inf(-1) }, "Azim -Inf"},
		{func(o *Options) { o.Delay = 5 }, "-delay 5: want"},
	} {
		o := DefaultOptions()
		c.set(&o)
		err := o.Validate()
		if strings.HasPrefix(c.err, "-") {
			err = setting.Render(err, map[string]string{"Delay": "-delay"})
		}
		if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%+v: Validate() = %v, want %q", o, err, c.err)
		}
	}
}

func TestTicks(t *testing.T) {
	for _, c := range []struct {
		e    float64
		want string
	}{
		{250, "-200 -100 0 100 200"},
		{200, "-200 -150 -100 -50 0 50 100 150 200"},
		{37, "-30 -20 -10 0 10 20 30"},
		{100, "-100 -75 -50 -25 0 25 50 75 100"},
		{1000, "-1000 -750 -500 -250 0 250 500 750 1000"},
		{0.3, "-0.3 -0.2 -0.1 0 0.1 0.2 0.3"},
	} {
		var got []string
		for _, v := range ticks(c.e) {
			got = append(got, tickLabel(v))
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("ticks(%v) = %s, want %s", c.e, s, c.want)
		}
	}
}
