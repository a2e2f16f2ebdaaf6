package nbody

import (
	"math"
	"strings"
	"testing"
)

func TestTimeGrid(t *testing.T) {
	for _, tc := range []struct {
		end float64
		n   int
	}{{35000, 2200}, {1, 2}, {0.3, 7}, {1e9, 1001}} {
		g := TimeGrid(tc.end, tc.n)
		if len(g) != tc.n || g[0] != 0 || g[tc.n-1] != tc.end {
			t.Errorf("TimeGrid(%g, %d): len %d, ends %g, %g", tc.end, tc.n, len(g), g[0], g[len(g)-1])
			continue
		}
		step := tc.end / float64(tc.n-1)
		for i := 1; i < tc.n; i++ {
			if d := g[i] - g[i-1]; math.Abs(d-step) > 1e-12*tc.end {
				t.Errorf("TimeGrid(%g, %d): spacing %g at %d, want %g", tc.end, tc.n, d, i, step)
				break
			}
		}
		if err := checkTimes(g); err != nil {
			t.Errorf("TimeGrid(%g, %d): %v", tc.end, tc.n, err)
		}
	}
	for _, tc := range []struct {
		end float64
		n   int
	}{{1, 1}, {0, 10}, {-1, 10}, {math.Inf(1), 10}, {math.NaN(), 10}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("TimeGrid(%g, %d) did not panic", tc.end, tc.n)
				}
			}()
			TimeGrid(tc.end, tc.n)
		}()
	}
}

func TestCheckTimes(t *testing.T) {
	for _, tc := range []struct {
		times []float64
		want  string // part of the error; "" for none
	}{
		{[]float64{0, 1}, ""},
		{[]float64{-5, 0, 3}, ""},
		{[]float64{0}, "at least 2"},
		{nil, "at least 2"},
		{[]float64{0, 1, 1}, "not increasing"},
		{[]float64{0, 2, 1}, "not increasing"},
		{[]float64{0, math.NaN()}, "output time 1"},
		{[]float64{math.Inf(-1), 0}, "output time 0"},
	} {
		err := checkTimes(tc.times)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("checkTimes(%v) = %v", tc.times, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("checkTimes(%v) = %v, want error with %q", tc.times, err, tc.want)
		}
	}
}
