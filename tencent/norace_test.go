//go:build !race

package tencent_test

// raceEnabled reports a -race build, whose instrumentation allocates.
const raceEnabled = false
