package job

import (
	"flag"

	"github.com/h5mpi/h5mpi/internal/pio"
)

// KnobFlags defines the flags of k, pio's knobs, on fs: -align, -coll-metadata,
// -strict-collective and -show-hints, each over its environment
// variable.
func KnobFlags(fs *flag.FlagSet, k *pio.Knobs) {
	fs.StringVar(&k.Align, "align", "", "`SIZE[:THRESHOLD]`: objects of at least THRESHOLD bytes (default SIZE) start on multiples of SIZE, e.g. the Lustre stripe 1m (over $"+pio.AlignEnv+")")
	fs.Var(&k.CollMetadata, "coll-metadata", "collective metadata reads and writes (default true; over $"+pio.CollMetadataEnv+")")
	fs.Var(&k.StrictCollective, "strict-collective", "a collective transfer that HDF5 did as independent I/O is an error, not a warning (over $"+pio.StrictEnv+")")
	fs.Var(&k.ShowHints, "show-hints", "print the MPI-IO hints MPI applied to each file, on rank 0 (over $"+pio.ShowHintsEnv+")")
}
