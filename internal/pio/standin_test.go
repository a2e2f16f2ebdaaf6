//go:build !mpi

package pio

import "testing"

// The stand-in must give the same file as one real rank.
func TestRoundTripStandIn(t *testing.T) {
	dir := t.TempDir()
	if err := roundTrip(dir); err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, dir, 1)
}
