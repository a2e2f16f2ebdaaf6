package pio

// Flush writes out what HDF5 holds of the file in memory and, through
// the MPI-IO driver, syncs the file to storage (MPI_File_sync), as IOR's
// -e does before a close. Collective on a shared file.
func (f *File) Flush() error {
	if !flushFile(f.id) {
		return h5err("flush %s", f.path)
	}
	return nil
}
