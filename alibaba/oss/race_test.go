//go:build race

package oss_test

// raceEnabled reports a -race build, whose instrumentation allocates.
const raceEnabled = true
