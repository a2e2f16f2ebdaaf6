// Command hello is the first smoke test of an MPI installation: every rank
// reports in with its rank, the number of ranks and its host.
//
// Usage:
//
//	hello [-v] [-version]
//
// -v adds, on rank 0, the MPI library's version string and the HDF5
// version h5mpi is linked with. -version, as for every h5mpi command,
// prints h5mpi's version and the libraries' on one line and exits.
//
// Example, on a login node of a Slurm cluster and on a workstation:
//
//	$ srun -A PROJECT -t 5 -N 1 -n 4 bin/hello
//	Hello from MPI rank 2 of 4 on frontier00123
//	Hello from MPI rank 0 of 4 on frontier00123
//	Hello from MPI rank 3 of 4 on frontier00123
//	Hello from MPI rank 1 of 4 on frontier00123
//
//	$ scripts/run.sh 2 bin/hello -v
//	Hello from MPI rank 0 of 2 on ws1
//	MPI library: Open MPI v4.1.4, package: Debian OpenMPI, ident: 4.1.4, repo rev: v4.1.4, May 26, 2022
//	HDF5 library: 1.10.8
//	Hello from MPI rank 1 of 2 on ws1
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/job"
	"github.com/h5mpi/h5mpi/internal/mpi"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is the command with its command line args (without the program's
// name) and its output streams; it returns the exit status. A usage error,
// -help and -version return before MPI starts.
func run(args []string, stdout, stderr io.Writer) int {
	defer job.Recover()
	log.SetOutput(stderr)
	log.SetPrefix("hello: ")
	log.SetFlags(0)
	fs := flag.NewFlagSet("hello", flag.ContinueOnError)
	verbose := fs.Bool("v", false, "also print the MPI and HDF5 library versions (rank 0)")
	if status, stop := job.Parse(fs, args, stdout, stderr, "hello [-v] [-version]", 0); stop {
		return status
	}

	if err := job.Init(); err != nil {
		job.Fatal(err)
	}
	host, err := os.Hostname()
	if err != nil {
		job.Fatal(fmt.Errorf("host name: %w", err))
	}
	// One write per line, so lines from different ranks do not interleave.
	msg := fmt.Sprintf("Hello from MPI rank %d of %d on %s\n", mpi.World.Rank(), mpi.World.Size(), host)
	if *verbose && mpi.World.Rank() == 0 {
		msg += fmt.Sprintf("MPI library: %s\nHDF5 library: %s\n", mpi.Version(), h5.Version())
	}
	fmt.Fprint(stdout, msg)
	job.Finalize()
	return 0
}
