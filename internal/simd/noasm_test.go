//go:build noasm

package simd

const noasm = true
