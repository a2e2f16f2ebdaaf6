package pio

import (
	"reflect"
	"testing"
)

func TestOnHosts(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{
		{[]string{"node2"}, "node2"},
		{[]string{"node2", "node3"}, "node2 and node3"},
		{[]string{"node2", "node3", "node4"}, "node2, node3 and node4"},
	} {
		if got := onHosts(c.in); got != c.want {
			t.Errorf("onHosts(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// blind names each host once, sorted, with the first reason given there.
func TestBlind(t *testing.T) {
	s := []seen{
		{0, "node1", true, ""},
		{1, "node3", false, "no such file"},
		{2, "node2", false, "permission denied"},
		{3, "node3", false, "other"},
		{4, "node1", true, ""},
	}
	hosts, why := blind(s)
	if want := []string{"node2", "node3"}; !reflect.DeepEqual(hosts, want) {
		t.Errorf("hosts %q, want %q", hosts, want)
	}
	if why["node3"] != "no such file" || why["node2"] != "permission denied" {
		t.Errorf("reasons %q", why)
	}
	if hosts, _ := blind(s[:1]); hosts != nil {
		t.Errorf("all ok: hosts %q, want none", hosts)
	}
}
