//go:build race

package oauth1_test

// raceEnabled reports a -race build, whose instrumentation allocates.
const raceEnabled = true
