//go:build !mpi

package pio

// The stand-in's side of the knobs: no MPI-IO driver, so no collective
// metadata, no one-rank communicator, no collective transfers to check
// and no hints.

const hasMPIIO = false

func setCollMetadata(hid, bool) error { return nil }
func setSelf(hid) error               { return nil }

func notCollective(hid) (bool, []string, error) { return false, nil, nil }

func appliedHints(hid) (map[string]string, error) { return map[string]string{}, nil }

func allGatherBytes(x []byte) ([]byte, error) { return append([]byte(nil), x...), nil }
