// Command hello is the first smoke test of an MPI installation, and a
// preflight check of a job before anything big runs: every rank reports
// in, then the job checks that it got what it asked for. Each check is a
// line "ok" or "FAIL" with what was expected and what was found; the
// exit status is 0 only if every check passed, the same on every rank.
//
// Usage:
//
//	hello [-v] [-json] [-dir DIR [-block SIZE]] [-net] [-version]
//
// The checks, those of the first five always:
//
//   - ranks: the world's size is what the launcher was asked for
//     (SLURM_STEP_NUM_TASKS under srun, OMPI_COMM_WORLD_SIZE under Open
//     MPI's mpirun, PMI_SIZE under MPICH's). A world of one where more
//     were asked is a program built without MPI, or for another MPI than
//     the launcher's, or srun with the wrong --mpi plugin: each process
//     then runs alone as rank 0, and the line says which.
//   - nodes: the node count (srun's) and each node's rank count (the
//     launcher's: srun's tasks per node, "2(x3)" and all, or mpirun's
//     local size).
//   - cpu binding: each rank's affinity mask, per node. Two bound ranks
//     that share a CPU fail (the classic srun -c/--cpu-bind mistake);
//     ranks that may run on every CPU of their node are not bound, a
//     note.
//   - gpus: what each rank sees in ROCR_VISIBLE_DEVICES,
//     HIP_VISIBLE_DEVICES and CUDA_VISIBLE_DEVICES; two ranks of a node
//     given the same single GPU fail.
//   - start-up: the time from process start to the end of MPI's start,
//     max and median over the ranks, and the slowest rank's host.
//   - dir (-dir DIR): DIR as the output's file system. Its type and
//     mount; an HDF5 file created there by every rank together through
//     MPI-IO, as the writing programs create theirs (with the same check
//     that every node sees the file rank 0 created, naming the nodes that
//     do not: a node-local /tmp); each rank's block (-block, 1m) written,
//     and another node's block read back and checked (another rank's on
//     one node); flock tried on every node (HDF5 locks its files: a
//     failure names HDF5_USE_FILE_LOCKING); on Lustre, the test file's
//     striping. The file is removed, and a failure leaves nothing either:
//     a file system too small for the test file fails before it is made.
//   - net (-net): latency (8 bytes) and bandwidth (1 MiB messages)
//     between the first ranks of consecutive nodes, in a ring (ranks 0
//     and 1 on one node), one pair at a time, and an allreduce's latency
//     over the world; the slowest pair named.
//
// -json prints the report as one JSON document instead, without the
// ranks' hello lines. -v adds, on rank 0, the MPI library's version
// string and the HDF5 version h5mpi is linked with. -version, as for
// every h5mpi command, prints h5mpi's version and the libraries' on one
// line and exits.
//
// A session on this project's development machine (2 cores, Open MPI
// 4.1 and MPICH 4.0 both installed, a build for Open MPI), then the same
// binary started by MPICH's launcher (each of the 4 processes prints its
// own report; the first is shown), then on the three-node namespace
// cluster of scripts/cluster-local.sh, whose nodes share the machine's
// disk and 2 CPUs (which is why its network is slow):
//
//	$ scripts/run.sh 2 bin/hello -dir /tmp -net
//	Hello from MPI rank 0 of 2 on vm
//	Hello from MPI rank 1 of 2 on vm
//	ok   ranks: 2, as Open MPI's mpirun was asked (OMPI_COMM_WORLD_SIZE=2, OMPI_COMM_WORLD_LOCAL_SIZE=2)
//	ok   nodes: 1 node, ranks per node vm 2, as Open MPI's mpirun was asked
//	ok   cpu binding: no two bound ranks share a CPU
//	       vm: rank 0 cpus 0, rank 1 cpus 1
//	ok   gpus: no GPU assigned: none of ROCR_VISIBLE_DEVICES, HIP_VISIBLE_DEVICES, CUDA_VISIBLE_DEVICES is set
//	ok   start-up: max 0.99 s (rank 0 on vm), median 0.89 s, from process start to the end of MPI's start
//	ok   dir: /tmp (ext4 on /) on one node (not seen from another): an HDF5 file of 2.0 MiB written through MPI-IO by 2 ranks, another rank's block read back, file locks work, removed
//	ok   net: one node: ranks 0 and 1, through shared memory, not the network: latency 0.5 µs, bandwidth 1497 MB/s; allreduce over 2 ranks 0.4 µs
//	preflight: ok: 7 checks passed on 2 ranks, 1 node
//
//	$ MPI=mpich scripts/run.sh 4 bin/hello
//	Hello from MPI rank 0 of 1 on vm
//	FAIL ranks: expected 4, as MPICH's mpiexec was asked (PMI_SIZE=4, MPI_LOCALNRANKS=4), found a world of 1, in each of the 4 processes: the launcher started 4 ranks but MPI sees 1: this program was built for another MPI (rebuild with MPI=... scripts/build.sh, or launch with the matching mpirun)
//	ok   cpu binding: no rank is bound to CPUs
//	       vm: rank 0 cpus 0-1
//	       note: each rank may run on every CPU of its node, where the kernel moves it about (srun --cpu-bind=cores or mpirun --bind-to core bind them)
//	ok   gpus: no GPU assigned: none of ROCR_VISIBLE_DEVICES, HIP_VISIBLE_DEVICES, CUDA_VISIBLE_DEVICES is set
//	ok   start-up: max 1.93 s (rank 0 on vm), median 1.93 s, from process start to the end of MPI's start
//	preflight: FAIL: 1 of 4 checks failed (ranks)
//	...
//
//	$ srun -N 3 -n 6 bin/hello -dir $PWD/shared -net
//	Hello from MPI rank 4 of 6 on node3
//	Hello from MPI rank 5 of 6 on node3
//	Hello from MPI rank 2 of 6 on node2
//	Hello from MPI rank 3 of 6 on node2
//	Hello from MPI rank 1 of 6 on node1
//	Hello from MPI rank 0 of 6 on node1
//	ok   ranks: 6, as srun was asked (SLURM_STEP_NUM_TASKS=6, SLURM_STEP_NUM_NODES=3, SLURM_STEP_TASKS_PER_NODE=2(x3))
//	ok   nodes: 3 nodes, ranks per node node1 2, node2 2, node3 2, as srun was asked
//	ok   cpu binding: no rank is bound to CPUs
//	       node1: rank 0 cpus 0-1, rank 1 cpus 0-1
//	       node2: rank 2 cpus 0-1, rank 3 cpus 0-1
//	       node3: rank 4 cpus 0-1, rank 5 cpus 0-1
//	       note: each rank may run on every CPU of its node, where the kernel moves it about (srun --cpu-bind=cores or mpirun --bind-to core bind them)
//	ok   gpus: no GPU assigned: none of ROCR_VISIBLE_DEVICES, HIP_VISIBLE_DEVICES, CUDA_VISIBLE_DEVICES is set
//	ok   start-up: max 2.07 s (rank 2 on node2), median 2.02 s, from process start to the end of MPI's start
//	ok   dir: /work/hH/build/cluster-test/shared (ext4 on /) is one file system for all 3 nodes: an HDF5 file of 6.0 MiB written through MPI-IO by 6 ranks, each node's blocks read back on another node, file locks work, removed
//	ok   net: 3 pairs between the first ranks of consecutive nodes, the slowest node3 - node1 (64 MB/s, 1892.7 µs); allreduce over 6 ranks 10047.7 µs
//	       node1 (rank 0) - node2 (rank 2): latency 3903.5 µs, bandwidth 108 MB/s
//	       node2 (rank 2) - node3 (rank 4): latency 807.5 µs, bandwidth 94 MB/s
//	       node3 (rank 4) - node1 (rank 0): latency 1892.7 µs, bandwidth 64 MB/s
//	preflight: ok: 7 checks passed on 6 ranks, 3 nodes
//
// On Slurm: sbatch slurm/hello.sbatch (SRUN_OPTS for the layout to check).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/job"
	"github.com/h5mpi/h5mpi/internal/launch"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/preflight"
	"github.com/h5mpi/h5mpi/internal/setting"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// flags are the command's names for the settings of preflight.Config:
// every error is rendered with them (setting.Render).
var flags = map[string]string{"Dir": "-dir", "Block": "-block"}

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
	asJSON := fs.Bool("json", false, "print the checks as one JSON document, without the hello lines")
	var c preflight.Config
	fs.StringVar(&c.Dir, "dir", "", "test `DIR` as the output's file system: one for all nodes, an HDF5 file written, read back, locked and removed")
	fs.BoolVar(&c.Net, "net", false, "measure latency and bandwidth between consecutive nodes, and an allreduce")
	fs.Func("block", "each rank's `SIZE` of the test file of -dir, such as 64k or 4m (default 1m)", func(s string) error {
		v, err := setting.ParseSize(s)
		c.Block = v
		return err
	})
	if status, stop := job.Parse(fs, args, stdout, stderr, "hello [-v] [-json] [-dir DIR [-block SIZE]] [-net] [-version]", 0); stop {
		return status
	}
	if job.IsSet(fs, "block") && c.Dir == "" {
		return job.Usagef(fs, "-block sizes the test file of -dir: give -dir too")
	}
	if job.IsSet(fs, "block") && c.Block == 0 {
		return job.Usagef(fs, "-block 0: want a positive size (the default is 1m)")
	}
	if err := c.Check(); err != nil {
		return job.Usage(fs, setting.Render(err, flags))
	}
	c.Names = flags

	// A launch for another MPI is the ranks check's to report.
	var mismatch *launch.MismatchError
	if err := job.Init(); err != nil && !errors.As(err, &mismatch) {
		job.Fatal(err)
	}
	age, err := preflight.ProcessAge()
	if err != nil {
		job.Fatal(err)
	}
	c.Startup = age
	host, err := os.Hostname()
	if err != nil {
		job.Fatal(fmt.Errorf("host name: %w", err))
	}
	if !*asJSON {
		// One write per line, so lines from different ranks do not interleave.
		msg := fmt.Sprintf("Hello from MPI rank %d of %d on %s\n", mpi.World.Rank(), mpi.World.Size(), host)
		if *verbose && mpi.World.Rank() == 0 {
			msg += fmt.Sprintf("MPI library: %s\nHDF5 library: %s\n", mpi.Version(), h5.Version())
		}
		fmt.Fprint(stdout, msg)
	}
	r, err := preflight.Run(c)
	if err != nil {
		job.Fatal(setting.Render(err, flags))
	}
	if mpi.World.Rank() == 0 {
		write := r.WriteText
		if *asJSON {
			write = r.WriteJSON
		}
		if err := write(stdout); err != nil {
			job.Fatal(err)
		}
	}
	job.Finalize()
	if !r.OK {
		return 1
	}
	return 0
}
