package outfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/h5mpi/h5mpi/internal/setting"
)

func TestCheckTarget(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "s.png") // an input with an output's name
	os.WriteFile(in, []byte("galaxy"), 0o644)
	os.Symlink(in, filepath.Join(dir, "link.png"))
	os.Link(in, filepath.Join(dir, "hard.png"))
	os.Mkdir(filepath.Join(dir, "somedir"), 0o755)
	os.WriteFile(filepath.Join(dir, "file"), nil, 0o644)
	for _, tc := range []struct {
		out  string
		want string // "" for fine
	}{
		{"new.gif", ""},
		{"s.png", "would overwrite the input"},
		{"./sub/../s.png", "would overwrite the input"},
		{"link.png", "would overwrite the input"},
		{"hard.png", "would overwrite the input"},
		{"s", ""},
		{"somedir", "is a directory"},
		{"nodir/x.h5", "does not exist"},
		{"file/x.h5", "is not a directory"},
	} {
		out := filepath.Join(dir, tc.out)
		if strings.HasPrefix(tc.out, "./sub") {
			os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
		}
		err := CheckTarget("Out", out, in)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.out, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "Out ")):
			t.Errorf("%s: error %v, want one from Out saying %q", tc.out, err, tc.want)
		}
	}
	// An input named like the partial file of the output would be removed
	// by the claim: refused too.
	if err := CheckTarget("Out", filepath.Join(dir, "s"), filepath.Join(dir, "s"+PartialSuffix)); err == nil {
		t.Error("an input named OUT.partial was not refused")
	}
	// A command renders the setting as its flag, also where the message
	// wraps another error (a FIFO is no file to replace).
	flags := map[string]string{"Out": "-o"}
	if err := setting.Render(CheckTarget("Out", in, in), flags); err == nil || !strings.HasPrefix(err.Error(), "-o "+in+": would overwrite") {
		t.Errorf("rendered: %v, want it from -o", err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	err := CheckTarget("Out", fifo)
	var nr *NotRegularError
	if !errors.As(err, &nr) {
		t.Errorf("CheckTarget of a FIFO: %v, want a *NotRegularError", err)
	}
	if err := setting.Render(err, flags); err == nil || !strings.HasPrefix(err.Error(), "-o "+fifo) {
		t.Errorf("rendered: %v, want it from -o", err)
	}
}
