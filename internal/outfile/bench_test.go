package outfile

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkClaim is what claiming an output costs a run: take the lock,
// write a small partial file, commit it.
func BenchmarkClaim(b *testing.B) {
	out := filepath.Join(b.TempDir(), "a.h5")
	for i := 0; i < b.N; i++ {
		c, err := Take(out)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(c.Partial, []byte("x"), 0o644); err != nil {
			b.Fatal(err)
		}
		if err := c.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}
