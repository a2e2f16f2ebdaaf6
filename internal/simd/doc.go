// Package simd says which vector instructions the processor and the
// operating system support, for the packages whose kernels are written
// in assembly (nbody's lanes, stats' summaries): each chooses its kernels
// from these, once, so that all of them agree on what the machine has.
//
// A build with the noasm tag, or for another architecture, reports
// neither, and those packages use their Go kernels.
package simd
