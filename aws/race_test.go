//go:build race

package aws_test

// raceEnabled reports a -race build, whose instrumentation allocates.
const raceEnabled = true
