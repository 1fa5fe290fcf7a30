package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/credentials"
	"github.com/apisig/apisig/diagnose"
)

func newDiagnoseCommand(stdout io.Writer) *cobra.Command {
	var o diagnoseOptions
	cmd := &cobra.Command{
		Use:   "diagnose [flags] [FILE | - | -- curl ARGS...]",
		Short: "Name the mistake behind a rejected signature",
		Long: `diagnose reads a request that a server rejected (raw HTTP text, a curl command line or a HAR
entry, as verify does; or a curl command pasted after --) and, with the secret it was meant to
be signed with, says what went wrong and how to fix it, with evidence. It never sends anything
and the secret stays on this machine.

It works in three steps:
  1. static checks: the credential scope's date against X-Amz-Date, a temporary key without
     its session token, a payload hash that is not the body's, a signed header that was not
     sent, the region the server expects, clock skew against the server's Date;
  2. with --response, the server's own canonical request or string to sign (S3 and
     S3-compatible XML, OSS, COS, Alibaba Cloud's "server string to sign is:", API Gateway's
     "should have been" message), diffed against apisig's down to the byte;
  3. a search over the scheme's knobs (apisig schemes SCHEME lists them): every wrong value,
     then every pair, then the secret with stray whitespace, until the recomputed signature is
     exactly the one the request carries. The setting that does it is the mistake.

With --good FILE (a request for the same operation that works, e.g. captured from the official
CLI) it also shows the first stage at which the two requests' computations diverge.

EXIT STATUS
  0  a diagnosis was printed (or the signature is right after all)
  2  bad usage or input: unreadable file, no scheme, missing secret, ...
  3  any other failure`,
		Example: `  # What is wrong with this request? The server's answer helps when it has its string to sign.
  apisig diagnose --secret-key-file secret.txt --response response.xml request.http

  # The old Alibaba Cloud ECS example signature: diagnosed as the parameter name TimeStamp
  apisig diagnose --secret-key-file secret.txt --time 2016-02-23T12:46:24Z request.curl

  # Where does my request part ways with the one the AWS CLI sent?
  apisig diagnose --secret-key-file secret.txt --good aws-cli.har request.http`,
		Args:                  atMostOneCapture,
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDiagnose(cmd, stdout, &o, captureSourceOf(args))
		},
	}
	fs := cmd.Flags()
	o.registerCommon(fs)
	fs.StringVar(&o.response, "response", "", "the server's answer: a `file` of raw HTTP response text, or just its body")
	fs.StringVar(&o.good, "good", "", "a `file` with a request for the same operation that works, to compare with")
	return cmd
}

// diagnoseOptions are diagnose's flags: verify's, plus the server's answer and a good request.
type diagnoseOptions struct {
	verifyOptions
	response string
	good     string
}

// diagnosis is one request's report, as JSON shows it.
type diagnosis struct {
	Origin     string               `json:"origin"`
	Report     *diagnose.Report     `json:"report"`
	Divergence *diagnose.Divergence `json:"divergenceFromGood,omitempty"`
}

func runDiagnose(cmd *cobra.Command, stdout io.Writer, o *diagnoseOptions, src captureSource) error {
	if o.format != "text" && o.format != "json" {
		return badInput("", "--format %q is not one of text, json", o.format)
	}
	ctx := cmd.Context()
	stderr := cmd.ErrOrStderr()
	reqs, err := o.readCaptures(cmd, src)
	if err != nil {
		return err
	}
	var resp *diagnose.Response
	if o.response != "" {
		if resp, err = readResponse(o.response); err != nil {
			return err
		}
	}
	var good *captured
	if o.good != "" {
		gd, gname, err := readInput(o.good, cmd.InOrStdin())
		if err != nil {
			return err
		}
		gs, err := readCapture(ctx, gd, gname, captureOptions{format: "auto", urlScheme: o.capture.urlScheme, warn: o.capture.warn})
		if err != nil {
			return err
		}
		good = &gs[0]
	}
	var out []diagnosis
	for _, c := range reqs {
		s, params, err := o.resolveScheme(c)
		if err != nil {
			return err
		}
		secret, _, err := o.keys.verifySecret(s.ID, credentials.OS(), o.capture.stdin, stderr)
		if err != nil {
			return err
		}
		dc := diagnose.Case{Request: c.req, Scheme: s, Params: params, Secret: secret, Response: resp}
		if o.time != "" {
			t, err := parseTime(o.time)
			if err != nil {
				return err
			}
			dc.Clock = apisig.FixedClock(t)
		}
		rep, err := diagnose.Diagnose(ctx, dc)
		if err != nil {
			return err
		}
		d := diagnosis{Origin: c.origin, Report: rep}
		if good != nil {
			if d.Divergence, err = diagnose.Compare(ctx, s, params, c.req, good.req); err != nil {
				fmt.Fprintf(stderr, "apisig: warning: cannot compare with %s: %v\n", good.origin, err)
			}
		}
		out = append(out, d)
	}
	if o.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	for _, d := range out {
		writeDiagnosis(stdout, d)
	}
	return nil
}

// readResponse reads the server's answer: raw HTTP response text, or a bare body.
func readResponse(file string) (*diagnose.Response, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, badInput("", "--response: %v", err)
	}
	if bytes.HasPrefix(bytes.TrimLeft(b, "\r\n"), []byte("HTTP/")) {
		resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(bytes.TrimLeft(b, "\r\n"))), nil)
		if err != nil {
			return nil, badInput("give the response as the server sent it, or just its body", "--response %s: %v", file, err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if err != nil && len(body) == 0 {
			return nil, badInput("", "--response %s: %v", file, err)
		}
		return &diagnose.Response{Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
	}
	return &diagnose.Response{Body: b}, nil
}

// writeDiagnosis prints one report as text.
func writeDiagnosis(w io.Writer, d diagnosis) {
	r := d.Report
	fmt.Fprintf(w, "%s: %s\n", d.Origin, r.Scheme)
	if r.Verified {
		at := ""
		if !r.SignedAt.IsZero() {
			at = " as of its signing time " + r.SignedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(w, "  the signature is right for this secret%s\n", at)
	}
	if r.Server != nil && r.Server.Code != "" {
		fmt.Fprintf(w, "  the server said: %s %s\n", r.Server.Code, firstLine(r.Server.Message))
	}
	for i, f := range r.Findings {
		ids := ""
		if len(f.Mistakes) > 0 {
			ids = " [" + strings.Join(f.Mistakes, ", ") + "]"
		}
		fmt.Fprintf(w, "\n  %d. %s%s\n", i+1, f.Cause, ids)
		if f.Fix != "" {
			fmt.Fprintf(w, "     fix: %s\n", f.Fix)
		}
		for _, l := range strings.Split(f.Evidence, "\n") {
			if l != "" {
				fmt.Fprintf(w, "     evidence: %s\n", l)
			}
		}
	}
	if r.Tried > 0 {
		fmt.Fprintf(w, "\n  (%d knob settings recomputed)\n", r.Tried)
	}
	if dv := d.Divergence; dv != nil {
		if dv.Step == "" {
			fmt.Fprintln(w, "  compared with the good request: every step that does not depend on the key is the same")
		} else {
			fmt.Fprintf(w, "  compared with the good request, the first step that differs is %q, line %d, byte %d:\n", dv.Step, dv.Line, dv.Column)
			fmt.Fprintf(w, "    yours: %q\n    good:  %q\n", dv.Yours, dv.Good)
		}
	}
}
