package preflight

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

// GPUVars are the variables through which a launcher or a site's
// wrapper gives each rank its GPUs: AMD's ROCm runtime and HIP, and
// CUDA. Each holds a comma-separated list of devices.
var GPUVars = []string{"ROCR_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES", "CUDA_VISIBLE_DEVICES"}

// RankGPUs is what one rank's GPU variables say: variable to value, only
// those set.
type RankGPUs struct {
	Rank int
	Vars map[string]string
}

// SharedGPU is ranks of one node that each see one GPU only, the same
// one, through the same variable: they take turns on it while the
// node's other GPUs may idle.
type SharedGPU struct {
	Var, Device string
	Ranks       []int
}

// SharedGPUs finds, among the ranks of one node, those given the same
// single device by the same variable. Ranks that see several devices
// choose among them themselves, and are left out.
func SharedGPUs(ranks []RankGPUs) []SharedGPU {
	var out []SharedGPU
	for _, v := range GPUVars {
		by := map[string][]int{}
		for _, r := range ranks {
			d, ok := r.Vars[v]
			d = strings.TrimSpace(d)
			if !ok || d == "" || strings.Contains(d, ",") {
				continue
			}
			by[d] = append(by[d], r.Rank)
		}
		devs := make([]string, 0, len(by))
		for d, rs := range by {
			if len(rs) > 1 {
				devs = append(devs, d)
			}
		}
		sort.Strings(devs)
		for _, d := range devs {
			out = append(out, SharedGPU{Var: v, Device: d, Ranks: by[d]})
		}
	}
	return out
}

// gpuVars reads this rank's GPU variables.
func gpuVars() map[string]string {
	m := map[string]string{}
	for _, v := range GPUVars {
		if s, ok := os.LookupEnv(v); ok {
			m[v] = s
		}
	}
	return m
}

// checkGPUs judges the GPUs each node's ranks see.
func checkGPUs(nodes []node, facts []rankFacts) Check {
	c := Check{Name: "gpus", OK: true}
	var bad []string
	any := false
	for _, n := range nodes {
		var rs []RankGPUs
		var parts []string
		for _, r := range n.ranks {
			rs = append(rs, RankGPUs{Rank: r, Vars: facts[r].GPUs})
			var vs []string
			for _, v := range GPUVars {
				if d, ok := facts[r].GPUs[v]; ok {
					vs = append(vs, v+"="+d)
					any = true
				}
			}
			if len(vs) == 0 {
				vs = []string{"none set"}
			}
			parts = append(parts, fmt.Sprintf("rank %d %s", r, strings.Join(vs, " ")))
		}
		c.Details = append(c.Details, n.host+": "+strings.Join(parts, ", "))
		for _, s := range SharedGPUs(rs) {
			bad = append(bad, fmt.Sprintf("%s: %s each see only device %s (%s)", n.host, rankList(s.Ranks), s.Device, s.Var))
		}
	}
	switch {
	case len(bad) > 0:
		c.OK = false
		c.Line = fmt.Sprintf("expected each rank of a node its own GPU, found %s (check srun's --gpus-per-task and --gpu-bind, or the wrapper that sets them)", strings.Join(bad, "; "))
	case !any:
		c.Line = "no GPU assigned: none of " + strings.Join(GPUVars, ", ") + " is set"
		c.Details = nil
	default:
		c.Line = "no two ranks of a node share a single GPU"
	}
	return c
}
