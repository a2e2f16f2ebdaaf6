package nbody

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// The nucleus's energy and angular momentum stay put to about the
// tolerance, and a perturbed track shows its perturbation.
func TestDrift(t *testing.T) {
	m := Default()
	times := TimeGrid(DefaultEnd, 500)
	tr, err := m.Nucleus(m.NucleusStart(), times, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	de, dl := m.Drift(tr.Samples())
	if !(de < 1e-8 && dl < 1e-8) || de == 0 || dl == 0 {
		t.Errorf("drift of energy %g, angular momentum %g: want small and non-zero", de, dl)
	}
	s := append([]State(nil), tr.Samples()...)
	s[len(s)/2].Vel = r3.Scale(1.001, s[len(s)/2].Vel)
	_, dl2 := m.Drift(s)
	if math.Abs(dl2-1e-3) > 1e-4 {
		t.Errorf("a 0.1%% faster sample: angular momentum drift %g, want about 1e-3", dl2)
	}
	// Alpha other than 1: the potential's pull must be the force.
	m.Alpha = 1.5
	p := State{Pos: r3.Vec{X: 1e5, Y: 2e4}}
	h := 1.0
	q := p
	q.Pos.X += h
	if a, g := (m.Energy(q)-m.Energy(p))/h, m.G*m.K*math.Pow(r3.Norm(p.Pos), m.Alpha-2)*p.Pos.X/r3.Norm(p.Pos); math.Abs(a-g)/g > 1e-4 {
		t.Errorf("alpha 1.5: dΦ/dx %g, pull %g", a, g)
	}
}
