package nbody

import (
	"math"
	"math/rand"
	"testing"
)

// randomBlock fills a laneBlock with values of mixed signs and scales,
// some zero, infinite or NaN, to compare the kernels on.
func randomBlock(r *rand.Rand, specials bool) *laneBlock {
	b := new(laneBlock)
	fill := func(v []float64) {
		for i := range v {
			x := (r.Float64() - 0.5) * math.Pow(10, float64(r.Intn(12)-3))
			if specials {
				switch r.Intn(40) {
				case 0:
					x = 0
				case 1:
					x = math.NaN()
				case 2:
					x = math.Inf(1 - 2*r.Intn(2))
				case 3:
					x = 1e-170
				}
			}
			v[i] = x
		}
	}
	for i := range b.k {
		for c := range b.k[i] {
			fill(b.k[i][c][:])
		}
	}
	for c := 0; c < 6; c++ {
		fill(b.y[c][:])
		fill(b.y1[c][:])
	}
	for j := range b.seg {
		for c := range b.seg[j] {
			fill(b.seg[j][c][:])
		}
	}
	fill(b.t0[:])
	fill(b.invh[:])
	fill(b.ts[:])
	fill(b.h[:])
	fill(b.t[:])
	fill(b.lo[:])
	fill(b.hi[:])
	fill(b.mid[:])
	fill(b.t0B[:])
	fill(b.invhB[:])
	for j := range b.segB {
		for c := range b.segB[j] {
			fill(b.segB[j][c][:])
		}
	}
	b.tol = [2]float64{1e-10, 1e-9}
	b.groups = 1 + int64(r.Intn(laneWidth/groupSize))
	b.gk = [2]float64{GravConst * HostK, GravConst * HostK / NucleusRatio}
	b.ecoef = [19]float64{b1, b6, b7, b8, b9, b10, b11, b12, bhh1, bhh2, bhh3, er1, er6, er7, er8, er9, er10, er11, er12}
	return b
}

// sameNaN is sameBits but for NaN, which matches any NaN: which
// operand's payload a NaN result carries depends on the operand order,
// which the kernels swap where the operation commutes. No NaN reaches a
// sample: it makes a step's error estimate infinite, and the step is
// rejected.
func sameNaN(a, b []float64) bool {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

func sameLvec(a, b *lvec) bool {
	for c := range a {
		if !sameNaN(a[c][:], b[c][:]) {
			return false
		}
	}
	return true
}

func TestKernelsMatchGo(t *testing.T) {
	// Each assembly kernel gives its Go twin's bits, NaN and zero signs
	// included, on random input with special values.
	r := rand.New(rand.NewSource(1))
	savedAsm, saved512 := useAsm, useAVX512
	defer func() { useAsm, useAVX512 = savedAsm, saved512 }()
	for _, w512 := range []bool{false, true} {
		if !asmAvailable() || w512 && !avx512Available() {
			t.Logf("no kernels for AVX-512=%v", w512)
			continue
		}
		useAVX512 = w512
		for trial := 0; trial < 300; trial++ {
			b := randomBlock(r, trial%2 == 1)
			b2 := *b
			ts := []term{{1.5, &b.k[0]}, {-0.25, &b.k[3]}, {3e-3, &b.k[7]}}[:1+trial%3]
			ts2 := []term{{1.5, &b2.k[0]}, {-0.25, &b2.k[3]}, {3e-3, &b2.k[7]}}[:1+trial%3]
			var d1, d2 lvec
			combineGo(&d1, &b.y, &b.h, ts, b.groups)
			combineAsm(&d2, &b2.y, &b2.h, ts2, b.groups)
			if !sameLvec(&d1, &d2) {
				t.Fatalf("AVX-512=%v trial %d: combine differs:\n%v\n%v", w512, trial, d1, d2)
			}
			combineGo(&d1, nil, &b.h, ts, b.groups)
			combineAsm(&d2, nil, &b2.h, ts2, b.groups)
			if !sameLvec(&d1, &d2) {
				t.Fatalf("AVX-512=%v trial %d: combine without y differs:\n%v\n%v", w512, trial, d1, d2)
			}
			rhsGo(b, &b.y, &d1)
			rhsAsm(&b2, &b2.y, &d2)
			if !sameLvec(&d1, &d2) {
				t.Fatalf("AVX-512=%v trial %d: rhs differs:\n%v\n%v", w512, trial, d1, d2)
			}
			c := r.Float64()
			if m1, m2 := stageTimesGo(b, c), stageTimesAsm(&b2, c); m1 != m2 || !sameNaN(b.ts[:], b2.ts[:]) {
				t.Fatalf("AVX-512=%v trial %d: stage times differ: %08b %v, %08b %v", w512, trial, m1, b.ts, m2, b2.ts)
			}
			errSumsGo(b)
			errSumsAsm(&b2)
			if !sameNaN(b.err5[:], b2.err5[:]) || !sameNaN(b.err3[:], b2.err3[:]) {
				t.Fatalf("AVX-512=%v trial %d: error sums differ:\n%v %v\n%v %v", w512, trial, b.err5, b.err3, b2.err5, b2.err3)
			}
		}
	}
}
