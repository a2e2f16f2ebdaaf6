// Package stats is the logic of cmd/h5stats: per-column statistics of
// numeric HDF5 datasets too large for one node, read in parallel by all
// ranks of an MPI job, and their min–max normalisation.
//
// The inputs (FILE:DATASET, any integer or float type, all with the same
// number of columns: 1 for a 1-D dataset, beyond 2-D the dimensions after
// the first flattened, as numpy reduces along axis 0) are taken in order
// as one long table.
// Its rows are split across ranks with pio.Split, so a rank may read the
// end of one file and the start of the next (Plan). Each rank reads its
// rows in chunks of a bounded number of rows, so its memory does not grow
// with the data, and summarises each chunk on a second goroutine while
// it reads the next (HDF5 and MPI stay on the calling goroutine), in the
// order read, so the result is the same as one after the other. Every
// input file is opened by all ranks together, and every rank makes the
// same number of reads of it (Reads): a rank with fewer rows, or none,
// joins the remaining reads with empty selections, so that collective
// transfers work as well as independent ones.
//
// Statistics are numerically stable: within a chunk, the corrected
// two-pass algorithm gives each column's count, mean and sum of squared
// deviations (M2), with its min and max; chunks, and then ranks, are
// combined with the pairwise update of Chan, Golub and LeVeque (Moments.
// Merge), never through sums of squares. The ranks' partial results are
// gathered on every rank and merged in rank order, so the result does not
// depend on timing, and every rank holds the same global statistics.
//
// NaN and infinities give numpy's np.min, np.max, np.mean and np.std
// (Column). A block holding one, or magnitudes where sums or squares
// could overflow or underflow, leaves the assembly path for a Go one that
// counts the special values apart and summarises the finite ones scaled
// by a power of two; the scale travels with the moments into every merge
// (Moments), so finite data, however extreme, gives its exact statistics
// rounded, whatever the chunks and ranks.
//
// Normalisation maps each column to [0, 1] by the global min and max,
// (x − min) / (max − min), which is exact at both ends; a constant column
// maps to 0. It needs a second pass over the data: each rank reads its
// rows again, maps them and writes them, with collective writes, into one
// float64 dataset per input in the output file.
package stats
