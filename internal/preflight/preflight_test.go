package preflight

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/h5mpi/h5mpi/internal/launch"
)

func TestCPUList(t *testing.T) {
	for _, c := range []struct {
		in, out string
		ok      bool
	}{
		{"0-3", "0-3", true},
		{"0", "0", true},
		{"0,2,4", "0,2,4", true},
		{"0-1,2-3", "0-3", true},
		{"3,1,2", "1-3", true},
		{"0-3,2", "0-3", true},
		{"0-63,128-191\n", "0-63,128-191", true},
		{"", "none", true},
		{"none", "none", true},
		{"3-1", "", false},
		{"a", "", false},
		{"1,", "", false},
		{"-1", "", false},
	} {
		s, err := ParseCPUList(c.in)
		if (err == nil) != c.ok {
			t.Errorf("ParseCPUList(%q): error %v, want ok %v", c.in, err, c.ok)
			continue
		}
		if c.ok && s.String() != c.out {
			t.Errorf("ParseCPUList(%q).String() = %q, want %q", c.in, s, c.out)
		}
	}
}

func TestAffinity(t *testing.T) {
	s, err := Affinity()
	if err != nil {
		t.Fatal(err)
	}
	node, err := NodeCPUs()
	if err != nil {
		t.Fatal(err)
	}
	if len(s) == 0 || !node.Covers(s) {
		t.Errorf("affinity %v is empty or not within the node's CPUs %v", s, node)
	}
}

func TestOverlaps(t *testing.T) {
	node := CPUSet{0, 1, 2, 3, 4, 5, 6, 7}
	for _, c := range []struct {
		name    string
		ranks   []RankCPUs
		over    []Overlap
		unbound []int
	}{
		{"separate cores", []RankCPUs{{0, CPUSet{0, 1, 2, 3}}, {1, CPUSet{4, 5, 6, 7}}}, nil, nil},
		{"map_cpu:0,0", []RankCPUs{{0, CPUSet{0}}, {1, CPUSet{0}}}, []Overlap{{0, 1, CPUSet{0}}}, nil},
		{"-c 4 with 3 ranks, the third straddling", []RankCPUs{{0, CPUSet{0, 1, 2, 3}}, {1, CPUSet{4, 5, 6, 7}}, {2, CPUSet{3, 4}}},
			[]Overlap{{0, 2, CPUSet{3}}, {1, 2, CPUSet{4}}}, nil},
		{"unbound", []RankCPUs{{0, node}, {1, node}}, nil, []int{0, 1}},
		{"unbound beside bound", []RankCPUs{{0, node}, {1, CPUSet{0}}}, nil, []int{0}},
		{"one rank", []RankCPUs{{5, CPUSet{2}}}, nil, nil},
	} {
		over, unbound := Overlaps(c.ranks, node)
		if !reflect.DeepEqual(over, c.over) || !reflect.DeepEqual(unbound, c.unbound) {
			t.Errorf("%s: Overlaps = %v, %v; want %v, %v", c.name, over, unbound, c.over, c.unbound)
		}
	}
}

func TestSharedGPUs(t *testing.T) {
	v := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	for _, c := range []struct {
		name  string
		ranks []RankGPUs
		want  []SharedGPU
	}{
		{"none set", []RankGPUs{{0, nil}, {1, nil}}, nil},
		{"one each", []RankGPUs{{0, v("ROCR_VISIBLE_DEVICES", "0")}, {1, v("ROCR_VISIBLE_DEVICES", "1")}}, nil},
		{"the same one", []RankGPUs{{0, v("CUDA_VISIBLE_DEVICES", "2")}, {1, v("CUDA_VISIBLE_DEVICES", " 2")}, {2, v("CUDA_VISIBLE_DEVICES", "3")}},
			[]SharedGPU{{"CUDA_VISIBLE_DEVICES", "2", []int{0, 1}}}},
		{"all of them, each", []RankGPUs{{0, v("HIP_VISIBLE_DEVICES", "0,1")}, {1, v("HIP_VISIBLE_DEVICES", "0,1")}}, nil},
		{"different variables", []RankGPUs{{0, v("HIP_VISIBLE_DEVICES", "0")}, {1, v("ROCR_VISIBLE_DEVICES", "0")}}, nil},
		{"empty value", []RankGPUs{{0, v("HIP_VISIBLE_DEVICES", "")}, {1, v("HIP_VISIBLE_DEVICES", "")}}, nil},
		{"two variables, both shared", []RankGPUs{{0, v("ROCR_VISIBLE_DEVICES", "0", "HIP_VISIBLE_DEVICES", "0")}, {1, v("ROCR_VISIBLE_DEVICES", "0", "HIP_VISIBLE_DEVICES", "0")}},
			[]SharedGPU{{"ROCR_VISIBLE_DEVICES", "0", []int{0, 1}}, {"HIP_VISIBLE_DEVICES", "0", []int{0, 1}}}},
	} {
		if got := SharedGPUs(c.ranks); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: SharedGPUs = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestStartTicks(t *testing.T) {
	line := "1234 (a) b (c)) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 98765 20 21\n"
	if v, err := startTicks(line); err != nil || v != 98765 {
		t.Errorf("startTicks = %d, %v; want 98765", v, err)
	}
	if _, err := startTicks("1234 (x) S 1 2"); err == nil {
		t.Error("startTicks of a short line: no error")
	}
	age, err := ProcessAge()
	if err != nil || age <= 0 {
		t.Errorf("ProcessAge() = %v, %v; want a positive age", age, err)
	}
}

func TestRingAndPartner(t *testing.T) {
	three := nodesOf([]string{"a", "a", "b", "b", "c"})
	if got, want := ring(three), [][2]int{{0, 2}, {2, 4}, {4, 0}}; !reflect.DeepEqual(got, want) {
		t.Errorf("ring of 3 nodes = %v, want %v", got, want)
	}
	if got, want := ring(nodesOf([]string{"a", "b", "a", "b"})), [][2]int{{0, 1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("ring of 2 nodes = %v, want %v", got, want)
	}
	if got, want := ring(nodesOf([]string{"a", "a", "a"})), [][2]int{{0, 1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("ring of 1 node = %v, want %v", got, want)
	}
	if got := ring(nodesOf([]string{"a"})); got != nil {
		t.Errorf("ring of one rank = %v, want none", got)
	}
	// Rank r reads the block of the same place on the next node.
	for r, want := range []int{2, 3, 4, 4, 0} {
		if got := partner(three, r); got != want {
			t.Errorf("partner(%d) on 3 nodes = %d, want %d", r, got, want)
		}
	}
	one := nodesOf([]string{"a", "a", "a"})
	for r, want := range []int{1, 2, 0} {
		if got := partner(one, r); got != want {
			t.Errorf("partner(%d) on 1 node = %d, want %d", r, got, want)
		}
	}
}

func TestCheckRanks(t *testing.T) {
	t.Setenv("SLURM_STEP_NUM_TASKS", "")
	os.Unsetenv("SLURM_STEP_NUM_TASKS")
	for _, c := range []struct {
		name  string
		req   launch.Request
		world int
		real  bool
		ok    bool
		want  string
	}{
		{"by hand", launch.Request{}, 1, true, true, "no launcher's request"},
		{"as asked", launch.Request{Launcher: "srun", Ranks: 4, Vars: []string{"SLURM_STEP_NUM_TASKS=4"}}, 4, true, true, "4, as srun was asked (SLURM_STEP_NUM_TASKS=4)"},
		{"fewer", launch.Request{Launcher: "srun", Ranks: 4}, 3, true, false, "expected 4, as srun was asked, found 3"},
		{"stand-in", launch.Request{Launcher: "Open MPI's mpirun", Ranks: 2}, 1, false, false, "built without MPI"},
		{"batch script without srun", launch.Request{Launcher: "Slurm", Ranks: 4, Vars: []string{"SLURM_NTASKS=4"}}, 1, true, false, "expected 4, as the job's allocation says (SLURM_NTASKS=4), found a world of 1: this process was started by the batch script itself, not by srun"},
		{"other MPI", launch.Request{Launcher: "MPICH's mpiexec", Ranks: 2}, 1, true, false, "found a world of 1, in each of the 2 processes"},
	} {
		got := checkRanks(c.req, c.world, c.real)
		if got.OK != c.ok || !strings.Contains(got.Line, c.want) {
			t.Errorf("%s: checkRanks = %v %q, want %v and %q", c.name, got.OK, got.Line, c.ok, c.want)
		}
	}
}

func TestCheckNodes(t *testing.T) {
	nodes := nodesOf([]string{"n1", "n1", "n2"})
	facts := []rankFacts{{Local: 2}, {Local: 2}, {Local: 2}}
	c := checkNodes(launch.Request{Launcher: "srun", Nodes: 2}, nodes, facts)
	if c.OK || !strings.Contains(c.Line, "n2: expected 2 ranks, found 1") {
		t.Errorf("a node short of a rank: %v %q", c.OK, c.Line)
	}
	c = checkNodes(launch.Request{Launcher: "srun", Nodes: 3}, nodes, []rankFacts{{Local: 2}, {Local: 2}, {Local: 1}})
	if c.OK || !strings.HasPrefix(c.Line, "expected 3 nodes, found 2") {
		t.Errorf("a node missing: %v %q", c.OK, c.Line)
	}
	c = checkNodes(launch.Request{Launcher: "srun", Nodes: 2}, nodes, []rankFacts{{Local: 2}, {Local: 2}, {Local: 1}})
	if !c.OK || c.Line != "2 nodes, ranks per node n1 2, n2 1, as srun was asked" {
		t.Errorf("as asked: %v %q", c.OK, c.Line)
	}
}

func TestCheckBinding(t *testing.T) {
	nodes := nodesOf([]string{"n1", "n1", "n2", "n2"})
	facts := []rankFacts{
		{CPUs: "0", NodeCPUs: "0-1"}, {CPUs: "0", NodeCPUs: "0-1"},
		{CPUs: "0-1", NodeCPUs: "0-1"}, {CPUs: "0-1", NodeCPUs: "0-1"},
	}
	c := checkBinding(nodes, facts)
	if c.OK || !strings.Contains(c.Line, "n1: ranks 0 and 1 share cpus 0") {
		t.Errorf("overlap: %v %q", c.OK, c.Line)
	}
	if want := "n1: rank 0 cpus 0, rank 1 cpus 0"; len(c.Details) != 2 || c.Details[0] != want {
		t.Errorf("details %q, want %q first", c.Details, want)
	}
	if len(c.Notes) != 1 || !strings.Contains(c.Notes[0], "n2: ranks 2 and 3 not bound") {
		t.Errorf("notes %q, want n2's unbound ranks", c.Notes)
	}
}

func TestReport(t *testing.T) {
	r := &Report{Ranks: 2, Nodes: []string{"n1"}, OK: true}
	r.add(Check{Name: "ranks", OK: true, Line: "2"})
	r.add(Check{Name: "cpu binding", OK: false, Line: "expected this, found that", Details: []string{"n1: rank 0 cpus 0"}, Notes: []string{"a note"}})
	var b bytes.Buffer
	r.WriteText(&b)
	want := "ok   ranks: 2\nFAIL cpu binding: expected this, found that\n       n1: rank 0 cpus 0\n       note: a note\npreflight: FAIL: 1 of 2 checks failed (cpu binding)\n"
	if b.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	r.WriteJSON(&b)
	var back Report
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back.OK || len(back.Checks) != 2 || back.Checks[1].Line != "expected this, found that" {
		t.Errorf("JSON %s: read back %+v, %v", b.String(), back, err)
	}
}
