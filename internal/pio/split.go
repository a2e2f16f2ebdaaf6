package pio

import "fmt"

// Split returns the block of n items owned by rank r of size ranks: the
// first n mod size ranks take one item more than the others, so block
// sizes differ by at most one and every item is owned by exactly one rank.
// Rank r's items are [offset, offset+count).
func Split(n, size, r int) (offset, count int) {
	if n < 0 || size < 1 || r < 0 || r >= size {
		panic(fmt.Sprintf("pio: Split(%d, %d, %d): need n >= 0 and 0 <= rank < size", n, size, r))
	}
	q, rem := n/size, n%size
	if r < rem {
		return r * (q + 1), q + 1
	}
	return rem*(q+1) + (r-rem)*q, q
}
