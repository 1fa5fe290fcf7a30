//go:build race

package cos_test

// raceEnabled reports a -race build, whose instrumentation allocates.
const raceEnabled = true
