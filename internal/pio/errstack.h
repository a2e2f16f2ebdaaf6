// Included by the cgo preambles of hdf5.go and mpi.go.
//
// Every HDF5 API call clears the error stack as it starts, so the closes
// that tidy up after a failed call would wipe the failure's message:
// pio_keep saves the stack when failed is true, pio_restore puts it back.
static hid_t pio_keep(int failed) { return failed ? H5Eget_current_stack() : -1; }
static void pio_restore(hid_t es) { if (es >= 0) H5Eset_current_stack(es); }
