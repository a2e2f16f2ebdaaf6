package preflight_test

import (
	"fmt"

	"github.com/h5mpi/h5mpi/internal/preflight"
)

func ExampleCPUSet_String() {
	s, _ := preflight.ParseCPUList("8,0-3,10,11")
	fmt.Println(s)
	// Output:
	// 0-3,8,10-11
}

func ExampleOverlaps() {
	// srun --cpu-bind=map_cpu:0,0: two ranks on CPU 0 of a 4-CPU node,
	// and a third, unbound.
	node, _ := preflight.ParseCPUList("0-3")
	over, unbound := preflight.Overlaps([]preflight.RankCPUs{
		{Rank: 0, CPUs: preflight.CPUSet{0}},
		{Rank: 1, CPUs: preflight.CPUSet{0}},
		{Rank: 2, CPUs: node},
	}, node)
	for _, o := range over {
		fmt.Printf("ranks %d and %d share cpus %v\n", o.A, o.B, o.Shared)
	}
	fmt.Println("unbound:", unbound)
	// Output:
	// ranks 0 and 1 share cpus 0
	// unbound: [2]
}

func ExampleSharedGPUs() {
	for _, s := range preflight.SharedGPUs([]preflight.RankGPUs{
		{Rank: 0, Vars: map[string]string{"ROCR_VISIBLE_DEVICES": "0"}},
		{Rank: 1, Vars: map[string]string{"ROCR_VISIBLE_DEVICES": "0"}},
		{Rank: 2, Vars: map[string]string{"ROCR_VISIBLE_DEVICES": "1"}},
	}) {
		fmt.Printf("ranks %v see only %s=%s\n", s.Ranks, s.Var, s.Device)
	}
	// Output:
	// ranks [0 1] see only ROCR_VISIBLE_DEVICES=0
}
