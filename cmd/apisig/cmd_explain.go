package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/apisig/apisig"
)

func newExplainCommand(stdout io.Writer) *cobra.Command {
	var rf requestFlags
	var sf signFlags
	var format string
	var showSecrets bool
	cmd := &cobra.Command{
		Use:   "explain [curl flags] URL",
		Short: "Show every step of a request's signature",
		Long: `explain signs a request as sign does and prints every step of the computation: the inputs
read from the request, the canonical request, the string to sign, the key derivation, the
signature and where it is placed, as text or (--format json) JSON. It takes sign's flags for
the request, the scheme and the credentials; --format is text or json here.

The steps of the key derivation are secret and print as [REDACTED], and so does any secret
inside a step (a session token in a canonical request), unless --show-secrets is given: then
they print in full (the derived keys in hex), for comparing with another implementation's
intermediate values. Never paste that output where others can read it.

EXIT STATUS
  0  the trace was printed
  2  bad usage or input: an unknown scheme, missing credentials, an unreadable file, ...
  3  any other failure`,
		Example: `  # Every step of the S3 documentation's presigned URL example
  AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \
    apisig explain --time 20130524T000000Z --presign --expires 86400 https://examplebucket.s3.amazonaws.com/test.txt

  # The same steps as JSON, with the derived keys in hex
  apisig explain --format json --show-secrets -d 'Action=ListUsers&Version=2010-05-08' https://iam.amazonaws.com/`,
		Args:                  exactlyOneURL,
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := sf.prepare(cmd, &rf, args[0])
			if err != nil {
				return err
			}
			v, tr, err := s.signAndExplain(cmd.Context(), s.req.Request, true)
			if err != nil {
				return err
			}
			if v.encoded != nil {
				// A re-encoded body (aws-chunked) adds its chunks' steps to the trace as it
				// is read: read it through, in constant memory.
				if _, err := io.Copy(io.Discard, v.encoded); err != nil {
					return err
				}
			}
			switch format {
			case "json":
				return writeTraceJSON(stdout, tr, showSecrets)
			case "text":
				writeTrace(stdout, tr, showSecrets, "")
				return nil
			}
			return badInput("", "--format %q is not one of text, json", format)
		},
	}
	rf.register(cmd.Flags())
	sf.register(cmd.Flags())
	cmd.Flags().StringVar(&format, "format", "text", "output `format`: text or json (--json is curl's JSON body flag)")
	cmd.Flags().BoolVar(&showSecrets, "show-secrets", false, "print secret steps (derived keys, session tokens) in full")
	return cmd
}

// writeTrace writes the trace as apisig.Trace.String does, each line after prefix; reveal
// shows the secret steps in full.
func writeTrace(w io.Writer, tr *apisig.Trace, reveal bool, prefix string) {
	fmt.Fprintf(w, "%sscheme: %s\n", prefix, tr.Scheme)
	for _, s := range tr.Steps {
		fmt.Fprintf(w, "%s---[ %s ]---\n", prefix, s.Name)
		v := s.Value
		switch {
		case reveal:
			v = s.Reveal()
		case v == "":
			v = s.Secret.String()
		}
		for _, l := range strings.Split(v, "\n") {
			fmt.Fprintf(w, "%s%s\n", prefix, l)
		}
	}
}

// writeTraceJSON writes the trace as its MarshalJSON does (secrets redacted), or with
// reveal, each step's full value in "value".
func writeTraceJSON(w io.Writer, tr *apisig.Trace, reveal bool) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if !reveal {
		return enc.Encode(tr)
	}
	type step struct {
		Kind  apisig.StepKind `json:"kind"`
		Name  string          `json:"name"`
		Value string          `json:"value"`
	}
	out := struct {
		Scheme string `json:"scheme"`
		Steps  []step `json:"steps"`
	}{Scheme: tr.Scheme}
	for _, s := range tr.Steps {
		out.Steps = append(out.Steps, step{s.Kind, s.Name, s.Reveal()})
	}
	return enc.Encode(out)
}
