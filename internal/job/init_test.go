package job

import (
	"bytes"
	"log"
	"os"
	"strings"
	"testing"
	"time"
)

// A rank stuck in MPI_Init quits once the limit is past, saying why and
// how to wait longer.
func TestGuardInit(t *testing.T) {
	var buf bytes.Buffer
	log.SetOutput(&buf)
	codes := make(chan int, 1)
	exit = func(code int) { codes <- code }
	defer func() {
		log.SetOutput(os.Stderr)
		exit = os.Exit
		failing.Store(false)
	}()
	guardInit(time.Millisecond)
	select {
	case code := <-codes:
		if code != 1 {
			t.Errorf("status %d, want 1", code)
		}
	case <-time.After(time.Minute):
		t.Fatal("no exit a minute after a limit of 1ms")
	}
	for _, want := range []string{"MPI_Init has not returned after 1ms", InitLimitEnv} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("message %q lacks %q", buf.String(), want)
		}
	}
}

func TestInitLimit(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want time.Duration
		ok   bool
	}{
		{"", DefaultInitLimit, true},
		{"90s", 90 * time.Second, true},
		{" 2h ", 2 * time.Hour, true},
		{"0", 0, false},
		{"-1m", 0, false},
		{"ten", 0, false},
		{"10", 10 * time.Second, true},
		{"0.5", 500 * time.Millisecond, true},
	} {
		t.Setenv(InitLimitEnv, tc.env)
		got, err := initLimit()
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("%s=%q: %v, %v; want %v, ok %v", InitLimitEnv, tc.env, got, err, tc.want, tc.ok)
		}
	}
}
