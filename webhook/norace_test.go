//go:build !race

package webhook_test

// raceEnabled reports a -race build, whose instrumentation allocates.
const raceEnabled = false
