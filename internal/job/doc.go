// Package job is the policy of an h5mpi job, in one place, for the
// commands alone to use: no library imports it. Libraries take typed
// configs, return errors in their own terms and never exit; a command
// wires them to a job through this package:
//
//   - cli.go: the command line before MPI starts: Parse (with -version),
//     usage errors (Usagef, Usage) that end every rank without a hang,
//     IsSet, IsTerminal, Version.
//   - knobs.go: KnobFlags, pio's knobs as flags.
//   - world.go: Init (MPI started, signals caught, the launcher watched),
//     Finalize, Libraries.
//   - fatal.go: Fatal (a failure on any rank ends the whole job, said
//     once when every rank shares it), Exit (an ordered end with a
//     status), Recover (a panic becomes Fatal).
//   - signals.go: SIGINT, SIGTERM and SIGUSR1 abandon the run's partial
//     files and end the process with 128+signal, held back while an
//     output is committed (pio's Gate); Intercept hands them to a program
//     that stops in order (galaxy's Config.Stops), Quit ends a rank that
//     is stuck (galaxy's Config.Lost).
//
// A command's main is os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)):
// run parses its own flag.FlagSet with Parse and returns the status of a
// usage error, -help or -version before MPI starts; from Init on, Fatal,
// Exit and Finalize end the job.
package job
