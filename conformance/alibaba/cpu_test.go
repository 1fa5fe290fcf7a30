package alibabaconf

import (
	"flag"
	"runtime"
	"sort"
	"syscall"
	"testing"
	"time"
)

var cpuCompare = flag.Bool("cpucompare", false, "run TestCPUPerOp: the benchmarks timed by thread CPU time, for loaded machines")

// threadCPU returns the CPU time the calling OS thread has used (Linux RUSAGE_THREAD).
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestCPUPerOp runs each benchmark body on one locked thread and reports the median thread
// CPU time per operation over 7 rounds: on a machine shared with other work, wall-clock
// ns/op mostly measures the other work. Run with -cpucompare.
func TestCPUPerOp(t *testing.T) {
	if !*cpuCompare {
		t.Skip("run with -cpucompare")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, o := range ops {
		f := o.setup()
		var rounds []float64
		for range 7 {
			start := threadCPU()
			for range 20000 {
				if err := f(); err != nil {
					t.Fatal(err)
				}
			}
			rounds = append(rounds, float64(threadCPU()-start)/20000)
		}
		sort.Float64s(rounds)
		t.Logf("%s/%s: %.0f ns CPU/op (median of 7 rounds of 20000)", o.family, o.name, rounds[3])
	}
}
