module github.com/h5mpi/h5mpi

go 1.22

require (
	github.com/emer/empi v1.0.22
	gonum.org/v1/gonum v0.15.1
	gonum.org/v1/hdf5 v0.0.0-20210714002203-8c5d23bc6946
)

require golang.org/x/image v0.20.0
