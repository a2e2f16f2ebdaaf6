package sysres

import "fmt"

// Sizes as the messages of CheckMemory, CheckDisk and DiskFull print them.
func ExampleBytes() {
	for _, n := range []int64{0, 512, 1153434, 8 << 30, 10 << 40} {
		fmt.Println(Bytes(n))
	}
	// Output:
	// 0 B
	// 512 B
	// 1.1 MiB
	// 8.0 GiB
	// 10.0 TiB
}
