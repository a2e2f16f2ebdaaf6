//go:build !(linux && (amd64 || arm64))

package sysres

import (
	"fmt"
	"os"
	"runtime"
)

// fadviseDontNeed is left out where fadvise64's calling convention
// differs (32-bit Linux splits the 64-bit offsets across registers).
func fadviseDontNeed(*os.File) error {
	return fmt.Errorf("not supported on %s/%s (only linux/amd64 and linux/arm64)", runtime.GOOS, runtime.GOARCH)
}
