package probe

import (
	"github.com/h5mpi/h5mpi/internal/h5"
	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/outfile"
	"github.com/h5mpi/h5mpi/internal/pio"
	"github.com/h5mpi/h5mpi/internal/setting"
)

// WriteRanks creates c.Out with one int32 dataset of size·perRank
// elements, in which rank r fills [r·perRank, (r+1)·perRank) with r
// (perRank is c.PerRank). c is valid (Validate).
func WriteRanks(c Config) error {
	path, dataset, perRank, o := c.Out, c.Dataset, c.PerRank, c.Options
	if err := pio.OnRoot(func() error { return outfile.CheckTarget("Out", path) }); err != nil {
		return err
	}
	r, n := mpi.World.Rank(), mpi.World.Size()
	err := pio.Preflight(pio.Needs{
		Memory: pio.SizeOf(4, perRank), MemoryFor: setting.Textf("%d int32 elements", perRank), MemorySetting: setting.Either("PerRank"),
		Out: path, Data: pio.SizeOf(4, perRank, n), Datasets: 1, DiskSetting: setting.Either("PerRank", "Out"),
	})
	if err != nil {
		return err
	}
	f, err := pio.Create(path, o)
	if err != nil {
		return err
	}
	d, err := f.CreateDataset(dataset, h5.Int32, []int{n * perRank})
	if err != nil {
		return err
	}
	buf := make([]int32, perRank)
	for i := range buf {
		buf[i] = int32(r)
	}
	if err := pio.Write(d, []int{r * perRank}, []int{perRank}, buf); err != nil {
		return err
	}
	return f.Close()
}
