//go:build !race

package alibaba_test

// raceEnabled reports a -race build, whose instrumentation allocates.
const raceEnabled = false
