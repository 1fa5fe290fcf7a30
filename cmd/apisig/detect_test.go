package main

import (
	"testing"

	"github.com/apisig/apisig/schemes"
)

// TestDetectorsNameRegisteredSchemes keeps the detector table in step with the registry: a
// renamed scheme would otherwise never be detected.
func TestDetectorsNameRegisteredSchemes(t *testing.T) {
	reg := schemes.Registry()
	for _, d := range detectors {
		if _, err := reg.Lookup(d.scheme); err != nil {
			t.Errorf("detector for %q: %v", d.scheme, err)
		}
	}
}
