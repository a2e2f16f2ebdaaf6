package job

import (
	"flag"

	"github.com/h5mpi/h5mpi/internal/pio"
)

// KnobFlags defines the flags of k, pio's knobs, on fs: -align, -coll-metadata,
// -strict-collective, -show-hints, -stripe-count and -stripe-size, each
// over its environment variable.
func KnobFlags(fs *flag.FlagSet, k *pio.Knobs) {
	fs.StringVar(&k.Align, "align", "", "`SIZE[:THRESHOLD]`: objects of at least THRESHOLD bytes (default SIZE) start on multiples of SIZE, e.g. the Lustre stripe 1m (over $"+pio.AlignEnv+")")
	fs.Var(&k.CollMetadata, "coll-metadata", "collective metadata reads and writes (default true; over $"+pio.CollMetadataEnv+")")
	fs.Var(&k.StrictCollective, "strict-collective", "a collective transfer that HDF5 did as independent I/O is an error, not a warning (over $"+pio.StrictEnv+")")
	fs.Var(&k.ShowHints, "show-hints", "print the MPI-IO hints MPI applied to each file, and on Lustre its layout, on rank 0 (over $"+pio.ShowHintsEnv+")")
	fs.StringVar(&k.StripeCount, "stripe-count", "", "`N` Lustre stripes for each file created (the MPI-IO hint striping_factor; over $"+pio.StripeCountEnv+")")
	fs.StringVar(&k.StripeSize, "stripe-size", "", "Lustre stripes of `SIZE` for each file created, e.g. 4m (the hint striping_unit; -align defaults to it; over $"+pio.StripeSizeEnv+")")
}
