//go:build !race

package httpsig_test

// raceEnabled reports a -race build, whose instrumentation allocates.
const raceEnabled = false
