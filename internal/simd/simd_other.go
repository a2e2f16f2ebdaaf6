//go:build !amd64 || noasm

package simd

// AVX2 and AVX512F are false: no assembly kernels here.
var (
	AVX2    = false
	AVX512F = false
)
