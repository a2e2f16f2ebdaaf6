package stats

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func sampleResult() *Result {
	return &Result{
		Sources: []Source{
			{Input: Input{"a.h5", "x"}, Shape: []int{2, 3}},
			{Input: Input{"b.h5", "/g/x"}, Shape: []int{1, 3}},
		},
		Rows: 3, Cols: 3, Ranks: 2,
		Columns: []Column{
			{Count: 3, Min: -1.5, Max: 2, Mean: 0.1, Std: 1.0000000000000002},
			{Count: 3, Min: 7, Max: 7, Mean: 7, Std: 0},
			{Count: 3, Min: math.NaN(), Max: math.NaN(), Mean: math.Inf(1), Std: math.NaN()},
		},
	}
}

func TestWriteTable(t *testing.T) {
	var b strings.Builder
	if err := WriteTable(&b, sampleResult()); err != nil {
		t.Fatal(err)
	}
	want := `# 3 rows, 3 columns, 2 inputs, 2 ranks
column  count   min  max  mean                 std
     0      3  -1.5    2   0.1  1.0000000000000002
     1      3     7    7     7                   0
     2      3   NaN  NaN  +Inf                 NaN
`
	if got := b.String(); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}

func TestWriteJSON(t *testing.T) {
	var b strings.Builder
	if err := WriteJSON(&b, sampleResult()); err != nil {
		t.Fatal(err)
	}
	want := `{
  "ranks": 2,
  "rows": 3,
  "columns": 3,
  "inputs": [
    {"file":"a.h5","dataset":"x","shape":[2,3]},
    {"file":"b.h5","dataset":"/g/x","shape":[1,3]}
  ],
  "stats": [
    {"column":0,"count":3,"min":-1.5,"max":2,"mean":0.1,"std":1.0000000000000002},
    {"column":1,"count":3,"min":7,"max":7,"mean":7,"std":0},
    {"column":2,"count":3,"min":"NaN","max":"NaN","mean":"+Inf","std":"NaN"}
  ]
}
`
	if got := b.String(); got != want {
		t.Errorf("JSON:\n%s\nwant:\n%s", got, want)
	}
	var doc struct {
		Ranks, Rows, Columns int
		Inputs               []JSONInput
		Stats                []map[string]any
	}
	if err := json.Unmarshal([]byte(b.String()), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.Ranks != 2 || doc.Rows != 3 || doc.Columns != 3 || len(doc.Inputs) != 2 || len(doc.Stats) != 3 ||
		doc.Stats[0]["std"] != 1.0000000000000002 || doc.Stats[2]["mean"] != "+Inf" {
		t.Errorf("decoded %+v", doc)
	}
}

func TestReportLine(t *testing.T) {
	srcs := []Source{{Input: Input{"a.h5", "n"}}, {Input: Input{"b.h5", "n"}}, {Input: Input{"c.h5", "n"}}}
	rows := []int{60, 120, 180}
	for r, want := range []string{
		"rank 0: 120 rows, [0, 120) of 360: a.h5:n rows [0, 60), b.h5:n rows [0, 60)",
		"rank 1: 120 rows, [120, 240) of 360: b.h5:n rows [60, 120), c.h5:n rows [0, 60)",
		"rank 2: 120 rows, [240, 360) of 360: c.h5:n rows [60, 180)",
	} {
		if got := ReportLine(r, 3, 360, srcs, Plan(rows, 3, r)); got != want {
			t.Errorf("rank %d:\n got %q\nwant %q", r, got, want)
		}
	}
	if got, want := ReportLine(3, 4, 3, srcs, nil), "rank 3: no rows (3 rows over 4 ranks)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
