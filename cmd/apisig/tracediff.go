package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/apisig/apisig"
)

// traceDiff is where a client's logged step (its canonical request or string to sign) first
// differs from the verifier's step of the same kind.
type traceDiff struct {
	// Step is the name of the verifier's step the client's text was compared with.
	Step string `json:"step"`
	// Equal says the client's text is the verifier's step byte for byte.
	Equal bool `json:"equal"`
	// Line counts from 1; Column counts bytes from 1.
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	Client string `json:"client,omitempty"`
	Server string `json:"server,omitempty"`
}

// diffTrace compares client's text with the verifier's canonical-request and string-to-sign
// steps, and reports on the one it matches longest. A single trailing newline of the client's
// file is ignored: editors add one.
func diffTrace(client string, tr *apisig.Trace) *traceDiff {
	client = strings.TrimSuffix(strings.TrimSuffix(client, "\n"), "\r")
	var best *traceDiff
	bestPrefix := -1
	for _, s := range tr.Steps {
		if s.Kind != apisig.StepCanonicalRequest && s.Kind != apisig.StepStringToSign {
			continue
		}
		server := s.Reveal()
		n := commonPrefix(client, server)
		if n <= bestPrefix {
			continue
		}
		bestPrefix = n
		d := &traceDiff{Step: s.Name, Equal: client == server}
		if !d.Equal {
			d.Line = strings.Count(client[:n], "\n") + 1
			d.Column = n - strings.LastIndex(client[:n], "\n")
			d.Client = lineAt(client, d.Line)
			// The server's line comes from the redacted value, so a secret in it stays hidden.
			d.Server = lineAt(s.Value, d.Line)
			if s.Value == "" {
				d.Server = "[REDACTED]"
			}
		}
		best = d
	}
	return best
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// lineAt returns line n (from 1) of s, or "(no such line)" when s is shorter.
func lineAt(s string, n int) string {
	lines := strings.Split(s, "\n")
	if n-1 < len(lines) {
		return lines[n-1]
	}
	return "(no such line)"
}

// writeTraceDiff prints a traceDiff under a verdict, invisible bytes escaped.
func writeTraceDiff(w io.Writer, d *traceDiff) {
	if d.Equal {
		fmt.Fprintf(w, "  your %s is the server's, byte for byte: the difference is after it (the key: secret, date, region or service)\n", d.Step)
		return
	}
	fmt.Fprintf(w, "  your %s differs from the server's at line %d, byte %d:\n", d.Step, d.Line, d.Column)
	fmt.Fprintf(w, "    yours:    %q\n    server's: %q\n", d.Client, d.Server)
}
