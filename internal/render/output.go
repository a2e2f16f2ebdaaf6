package render

import (
	"fmt"
	"os"
)

// atomicFile is written as NAME.partial and renamed to NAME on Commit,
// so a failed or killed run never leaves a truncated file under the
// final name, nor destroys a previous good one.
type atomicFile struct {
	*os.File
	name string
	done bool
}

func createAtomic(name string) (*atomicFile, error) {
	f, err := os.OpenFile(name+".partial", os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	return &atomicFile{File: f, name: name}, nil
}

func (a *atomicFile) Commit() error {
	if err := a.File.Close(); err != nil {
		a.Abort()
		return err
	}
	if err := os.Rename(a.File.Name(), a.name); err != nil {
		os.Remove(a.File.Name())
		return err
	}
	a.done = true
	return nil
}

// Abort removes the partial file, unless committed.
func (a *atomicFile) Abort() {
	if !a.done {
		a.File.Close()
		os.Remove(a.File.Name())
		a.done = true
	}
}

// writeAtomic writes b to name through name.partial.
func writeAtomic(name string, b []byte) error {
	a, err := createAtomic(name)
	if err != nil {
		return err
	}
	if _, err := a.Write(b); err != nil {
		a.Abort()
		return fmt.Errorf("%s: %v", name, err)
	}
	return a.Commit()
}
