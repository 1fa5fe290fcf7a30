//go:build race

package paypal_test

// raceEnabled reports a -race build, whose instrumentation allocates.
const raceEnabled = true
