package preflight

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

// clockTicks is USER_HZ, the unit of /proc's process times: 100 on
// every Linux architecture Go runs on.
const clockTicks = 100

// clockBoottime is CLOCK_BOOTTIME, the clock /proc/PID/stat's start
// time counts on.
const clockBoottime = 7

// ProcessAge is the time since this process started, from its start
// time in /proc/self/stat (in clock ticks since boot, so to 10 ms) and
// CLOCK_BOOTTIME now. Called at the end of MPI's start, it is the
// start-up time: the program's loading, its libraries' and MPI_Init's.
func ProcessAge() (time.Duration, error) {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0, fmt.Errorf("process start time: %w", err)
	}
	start, err := startTicks(string(b))
	if err != nil {
		return 0, err
	}
	var ts syscall.Timespec
	if _, _, errno := syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, clockBoottime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0, fmt.Errorf("clock_gettime(CLOCK_BOOTTIME): %w", errno)
	}
	since := time.Duration(ts.Nano()) - time.Duration(start)*time.Second/clockTicks
	return max(since, 0), nil
}

// startTicks reads field 22, starttime, of a /proc/PID/stat line. The
// command name, field 2, is in parentheses and may hold spaces and
// parentheses itself: the fields are counted after its last ')'.
func startTicks(stat string) (int64, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc/self/stat: no command name in %q", stat)
	}
	f := strings.Fields(stat[i+1:])
	// f[0] is field 3, the state: starttime, field 22, is f[19].
	if len(f) < 20 {
		return 0, fmt.Errorf("/proc/self/stat: %d fields after the command name, want 20 or more", len(f))
	}
	v, err := strconv.ParseInt(f[19], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("/proc/self/stat: start time %q: %w", f[19], err)
	}
	return v, nil
}

// Startup is the start-up times over the ranks.
type Startup struct {
	Max     float64 `json:"max_s"`
	Median  float64 `json:"median_s"`
	Slowest int     `json:"slowest_rank"`
	Host    string  `json:"slowest_host"`
}

// checkStartup reports the start-up times: a measurement, never a
// failure.
func checkStartup(facts []rankFacts) Check {
	s := &Startup{Max: -1}
	t := make([]float64, len(facts))
	for r, f := range facts {
		t[r] = f.Startup
		if f.Startup > s.Max {
			s.Max, s.Slowest, s.Host = f.Startup, r, f.Host
		}
	}
	s.Median = median(t)
	return Check{Name: "start-up", OK: true, Data: s,
		Line: fmt.Sprintf("max %.2f s (rank %d on %s), median %.2f s, from process start to the end of MPI's start", s.Max, s.Slowest, s.Host, s.Median)}
}

// median of x, which it sorts; 0 for none.
func median(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	slices.Sort(x)
	n := len(x)
	if n%2 == 1 {
		return x[n/2]
	}
	return (x[n/2-1] + x[n/2]) / 2
}
