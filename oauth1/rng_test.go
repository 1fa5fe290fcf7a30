package oauth1_test

import "crypto/rand"

// rngReader reads from crypto/rand (rsa.GenerateKey ignores custom readers in recent Go).
type rngReader struct{}

func (rngReader) Read(p []byte) (int, error) { return rand.Read(p) }
