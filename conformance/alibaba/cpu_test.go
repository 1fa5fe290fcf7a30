package alibabaconf

import (
	"flag"
	"fmt"
	"runtime"
	"slices"
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
// CPU time per operation over 7 rounds, and each operation's median ratio to apisig's in the
// same family: on a machine shared with other work, wall-clock ns/op mostly measures the other
// work. The rounds are interleaved (each round runs every operation once, 20,000 times), so a
// change in the machine's load falls on every operation alike, and each ratio compares
// operations timed seconds apart. Run with -cpucompare.
func TestCPUPerOp(t *testing.T) {
	if !*cpuCompare {
		t.Skip("run with -cpucompare")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const rounds, n = 7, 20000
	fs := make([]func() error, len(ops))
	for i, o := range ops {
		fs[i] = o.setup()
	}
	perOp := make([][]float64, len(ops)) // [op][round] ns CPU per operation
	for range rounds {
		for i, f := range fs {
			start := threadCPU()
			for range n {
				if err := f(); err != nil {
					t.Fatal(err)
				}
			}
			perOp[i] = append(perOp[i], float64(threadCPU()-start)/n)
		}
	}
	for i, o := range ops {
		line := fmt.Sprintf("%s/%s: %.0f ns CPU/op (median of %d rounds of %d)", o.family, o.name, median(perOp[i]), rounds, n)
		if a := apisigIndex(o.family); a >= 0 && a != i {
			ratios := make([]float64, rounds)
			for r := range ratios {
				ratios[r] = perOp[i][r] / perOp[a][r]
			}
			line += fmt.Sprintf("; %.1fx apisig's time (median ratio within a round; range %.1f-%.1f)", median(ratios), slices.Min(ratios), slices.Max(ratios))
		}
		t.Log(line)
	}
}

// apisigIndex returns the index in ops of apisig's operation of a family, or -1.
func apisigIndex(family string) int {
	return slices.IndexFunc(ops, func(o op) bool { return o.family == family && o.name == "apisig" })
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	sort.Float64s(s)
	return s[len(s)/2]
}
