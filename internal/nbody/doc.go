// Package nbody integrates the galaxy-collision model of the Frontier
// hands-on: a host galaxy fixed at the origin with enclosed mass k·r^α,
// the nucleus of an infalling galaxy that feels the host only, and test
// particles (stars) that feel the host and the nucleus but not each other.
//
// Every body is integrated with an adaptive Dormand–Prince 8(5,3)
// Runge–Kutta method (DOP853) whose 7th-order dense output samples the
// output times without bending the step size to them.
//
// The nucleus does not feel the particles, so its orbit is integrated once
// (Model.Nucleus) into a Track holding the dense output of every step, and
// each particle reads the nucleus position from it (Model.Particle). That
// makes a particle a 6-variable system instead of the original's
// 12-variable one (nucleus and particle together); at equal accuracy it
// takes about 25% less time (BenchmarkParticle against
// BenchmarkParticle12), and every particle sees the same nucleus, the one
// written to the output.
//
// Model.ParticlesRows integrates a batch of particles side by side, one
// per vector lane (16 lanes in groups of 8: one AVX-512 vector or two AVX2
// vectors a group): the state is stored as structure of arrays, every
// lane has its own time, step size, step control, nucleus segment and
// dense output, and a lane whose particle is done takes the next one. The
// stage combinations, the right-hand side (nucleus interpolation and both
// pulls), the error sums and the stage times run in assembly
// (lanes_amd64.s), chosen at run time from CPUID; -tags noasm builds (and
// other architectures) use their Go twins. Both do the scalar
// integrator's IEEE operations in its order, with no fused multiply-add,
// so a particle gets the same bits alone (Model.ParticleRows), in any lane
// of any batch, with or without the assembly. For Alpha other than 1 the
// batch falls back to one particle at a time.
//
// A particle's result depends only on the model, the track, its start
// state, the times and the options: integrating it alone, in a batch or on
// any rank gives the same bits (for one build of the program; builds for
// other architectures may fuse multiply-adds and differ in the last bits).
// Initial conditions come from (seed, particle index) only; see
// Model.ParticleStart for the fixed scheme.
package nbody
