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
// A particle's result depends only on the model, the track, its start
// state, the times and the options: integrating it alone, in a batch or on
// any rank gives the same bits (for one build of the program; builds for
// other architectures may fuse multiply-adds and differ in the last bits).
// Initial conditions come from (seed, particle index) only; see
// Model.ParticleStart for the fixed scheme.
package nbody
