// Package sched decides which particles each rank of a galaxy run
// integrates, at run time: dynamic load balancing.
//
// The cost of a particle is very uneven (a plunging orbit around the
// nucleus needs thousands of small steps) and cannot be known before it is
// integrated, so a fixed split leaves most ranks idle while a few finish.
// Instead rank 0 holds a Stock of the whole order (NewRoot) and hands
// out chunks of particles to ranks as they ask for them:
//
//   - in order of predicted difficulty, hardest first (Order), so that the
//     particles that may cost more than a rank's fair share start at once
//     instead of ending the run late;
//   - in chunks that start at one particle and double with each request
//     of a rank (so that the first round spreads the hardest particles one
//     per rank), never exceed MaxChunk (the chunk setting, and a 32nd of
//     a rank's share, so that a rank's memory, the time until it hears of
//     a checkpoint or a stop, and the work of a chunk of the hardest
//     particles stay bounded), and shrink as the work runs out, to
//     remaining/(4·ranks) (guided scheduling), so that the ranks finish
//     together.
//
// From TreeFrom ranks on one rank 0 answering every ask is the limit.
// Then the dispensers form a tree (Tree): a Stock per node in front of
// its ranks, one per Fan nodes in front of those, and so on up to rank
// 0's. Every Stock hands its kids the same chunks, or blocks of the
// order (Range) for the ranks under a kid that is itself a dispenser,
// and asks its parent for the next block when it runs low.
//
// Replay replays the same Stocks over measured per-particle costs (the
// evals_pt dataset of a galaxy file) on any number of ranks and any tree,
// with the asks queuing at every dispenser at a measured cost per answer,
// ranks integrating one particle at a time or in lanes, to see the
// policy's efficiency at scales the test machine does not have; Simulate
// is Replay with rank 0 alone and free answers.
//
// A particle is its index, a plain int32, from rank 0's Stock through
// galaxy's messages and worker to galaxyfile's Chunk and MarkDone. An
// int32 because a run holds at most math.MaxInt32 particles
// (galaxy.MaxParticles) and rank 0's hand-out order, its one array per
// particle, then takes half the memory of ints; a plain one because no
// package fits a named type: sched is pure Go and galaxyfile calls HDF5,
// and neither should import the other for it. The index changes type only
// at two edges: the int64s of galaxy's messages (MPI) and the ints of
// pio's row API, which galaxyfile converts to.
package sched
