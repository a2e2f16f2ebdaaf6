package sysres

import (
	"fmt"
	"strconv"
)

// binaryUnits are the unit names Bytes steps through, each 1024 times the
// one before.
var binaryUnits = []string{"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}

// Bytes formats a size for messages: "0 B", "512 B", "1.1 MiB", "8.0 GiB",
// "10.0 TiB". Units are binary (1 KiB = 1024 B), with one decimal above
// 1023 B. A negative size gets a leading minus sign.
func Bytes(n int64) string {
	sign := ""
	// uint64 so that the most negative int64 still has a magnitude.
	mag := uint64(n)
	if n < 0 {
		sign = "-"
		mag = -mag
	}
	if mag < 1024 {
		return sign + strconv.FormatUint(mag, 10) + " B"
	}
	v := float64(mag)
	for i, unit := range binaryUnits {
		v /= 1024
		// Step up when the value would print as 1024.0 of this unit,
		// so 1048575 B reads "1.0 MiB" rather than "1024.0 KiB".
		if v < 1023.95 || i == len(binaryUnits)-1 {
			return fmt.Sprintf("%s%.1f %s", sign, v, unit)
		}
	}
	panic("unreachable")
}
