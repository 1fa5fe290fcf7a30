//go:build race

package sigv4a_test

// raceEnabled reports a -race build, whose instrumentation allocates.
const raceEnabled = true
