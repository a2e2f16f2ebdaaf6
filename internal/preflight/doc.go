// Package preflight checks that an MPI job got what it asked for before
// anything big runs: the ranks and nodes the launcher was asked for, CPU
// binding without overlaps, the GPUs each rank sees, how long start-up
// took, an output directory that behaves as one parallel file system,
// and the network between nodes. It is hello's library (cmd/hello).
//
// Run, collective, gathers every rank's facts and measurements to every
// rank and judges them there, the same way on each, so every rank knows
// the verdict and the job's exit status is the same everywhere; rank 0
// prints the Report (Text, JSON). A check that fails on one rank fails
// for the job: nothing waits on a rank that gave up.
//
// Files:
//
//   - config.go: Config, the checks asked for; Run.
//   - report.go: Report and Check, written as text or JSON.
//   - cpuset.go: CPUSet, CPU lists as Linux writes them ("0-3,8").
//   - affinity.go: a rank's affinity mask and its node's CPUs.
//   - facts.go: what each rank finds about itself, gathered.
//   - ranks.go: the rank and node counts against the launcher's request.
//   - binding.go: overlapping CPU binding (Overlaps).
//   - gpus.go: the GPUs each rank sees (SharedGPUs).
//   - startup.go: the time from process start to the end of MPI's start.
//   - dir.go: the output directory's test file.
//   - net.go: point-to-point and allreduce timings.
package preflight
