//go:build !race

package sigv2_test

// raceEnabled reports a -race build, whose instrumentation allocates.
const raceEnabled = false
