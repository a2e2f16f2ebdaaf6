// Package sched decides which particles each rank of a galaxy run
// integrates, at run time: dynamic load balancing.
//
// The cost of a particle is very uneven (a plunging orbit around the
// nucleus needs thousands of small steps) and cannot be known before it is
// integrated, so a fixed split leaves most ranks idle while a few finish.
// Instead rank 0 holds a Dispenser and hands out chunks of particles to
// ranks as they ask for them:
//
//   - in order of predicted difficulty, hardest first (Order), so that the
//     particles that may cost more than a rank's fair share start at once
//     instead of ending the run late;
//   - in chunks that start at one particle and double with each request
//     of a rank (so that the first round spreads the hardest particles one
//     per rank), never exceed MaxChunk (so a rank's memory, and the time
//     until it hears of a checkpoint or a stop, stay bounded), and shrink
//     as the work runs out, to remaining/(2·ranks) (guided scheduling),
//     so that the ranks finish together.
//
// Simulate replays the same Dispenser over measured per-particle costs
// (the evals_pt dataset of a galaxy file) on any number of ranks, to see
// the policy's efficiency at scales the test machine does not have.
package sched
