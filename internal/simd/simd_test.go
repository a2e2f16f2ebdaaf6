package simd

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

// TestAgreesWithKernel compares with the flags Linux reports for the
// first processor: the kernel knows the OS side, so a flag it lists is
// one the instructions may use (its avx512f appears only with ZMM state
// enabled).
func TestAgreesWithKernel(t *testing.T) {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Fatal(err)
	}
	var flags map[string]bool
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "flags" {
			flags = map[string]bool{}
			for _, f := range strings.Fields(v) {
				flags[f] = true
			}
			break
		}
	}
	if flags == nil {
		t.Fatal("/proc/cpuinfo has no flags line")
	}
	asm := runtime.GOARCH == "amd64" && !noasm
	if want := asm && flags["avx2"]; AVX2 != want {
		t.Errorf("AVX2 %v, the kernel says %v", AVX2, want)
	}
	if want := asm && flags["avx512f"]; AVX512F != want {
		t.Errorf("AVX512F %v, the kernel says %v", AVX512F, want)
	}
}
