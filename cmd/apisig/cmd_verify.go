package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/credentials"
	"github.com/apisig/apisig/schemes"
)

func newVerifyCommand(stdout io.Writer) *cobra.Command {
	var o verifyOptions
	cmd := &cobra.Command{
		Use:   "verify [flags] [FILE | - | -- curl ARGS...]",
		Short: "Check the signature of a captured request against a secret",
		Long: `verify reads a captured request and checks its signature as the server would, with the
secret you give: raw HTTP/1.1 text (as a proxy, Wireshark or curl --trace-ascii shows it), a
curl command line (a browser's "Copy as cURL", or apisig sign --format curl), or a HAR file
(every entry, or --entry N). FILE - or no FILE reads standard input; --input-format says which
kind it is when the first bytes do not tell. A curl command can also be pasted after --.

The scheme is read from the signature (the Authorization header or the presigned query, with
the region and service of its credential scope), else from the host name, else --scheme.

The secret is looked up like sign's (flags, environment, the cloud's files for --profile,
apisig's config file). A secret given with --secret-key-file (or --secret-key) is used for
whatever access key id the request names.

Verification happens at the current time, or at --time. When a request is only too old (a
captured request usually is), verify checks the signature as of the time it was signed and says
both: whether the signature is right, and that the server would reject it now.

On a mismatch it prints the verifier's steps (canonical request, string to sign, ...; secrets
redacted unless --show-secrets). Give the steps your client logged with --client-trace FILE
(its canonical request or string to sign) and verify shows the first line and byte where they
differ from the server's.

EXIT STATUS
  0  every request's signature is right
  1  a signature was rejected
  2  bad usage or input: unreadable file, no scheme, missing secret, ...
  3  any other failure`,
		Example: `  # A request saved from a proxy, checked with the secret in a file
  apisig verify --secret-key-file secret.txt request.http

  # The request of a browser's "Copy as cURL", from the clipboard
  xclip -o | apisig verify --profile dev -

  # A curl command pasted after --
  apisig verify --secret-key-file secret.txt -- curl -H 'Authorization: AWS4-HMAC-SHA256 ...' \
    -H 'X-Amz-Date: 20130524T000000Z' https://examplebucket.s3.amazonaws.com/test.txt

  # The third entry of a HAR recording, as of its signing time, as JSON
  apisig verify --entry 3 --format json recording.har

  # Where does my client's canonical request differ from the server's?
  apisig verify --client-trace my-canonical-request.txt request.http`,
		Args:                  atMostOneCapture,
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVerify(cmd, stdout, &o, captureSourceOf(args))
		},
	}
	o.register(cmd)
	return cmd
}

// verifyOptions are verify's flags.
type verifyOptions struct {
	capture      captureOptions
	scheme       string
	region       string
	service      string
	schemeParams []string
	time         string
	keys         credentialOptions
	format       string
	showSecrets  bool
	clientTrace  string
}

func (o *verifyOptions) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	o.registerCommon(fs)
	fs.BoolVar(&o.showSecrets, "show-secrets", false, "print secret steps (derived keys) in full")
	fs.StringVar(&o.clientTrace, "client-trace", "", "a `file` holding your client's canonical request or string to sign, to diff against the server's")
}

// registerCommon registers the flags verify and diagnose share: how to read the capture, the
// scheme, the time and the credentials.
func (o *verifyOptions) registerCommon(fs *pflag.FlagSet) {
	fs.StringVar(&o.capture.format, "input-format", "auto", "what the capture is: auto, http, curl or har")
	fs.StringVar(&o.capture.urlScheme, "url-scheme", "https", "`scheme` of raw HTTP text's request target (http or https)")
	fs.IntVar(&o.capture.entry, "entry", 0, "check only this HAR `entry`, counting from 1 (default: every entry)")
	fs.StringVar(&o.scheme, "scheme", "", "signature `scheme` (default: read from the signature, else the host)")
	fs.StringVar(&o.region, "region", "", "`region` the server expects (default: the signature's own)")
	fs.StringVar(&o.service, "service", "", "`service` the server expects (default: the signature's own)")
	fs.StringArrayVar(&o.schemeParams, "scheme-param", nil, "other scheme parameter `name=value` (repeatable)")
	fs.StringVar(&o.time, "time", "", "verify as of this `time` (20150830T123600Z or RFC 3339) instead of now")
	o.keys.registerKeys(fs)
	fs.StringVar(&o.format, "format", "text", "output `format`: text or json")
}

// verdict is the outcome of verifying one captured request.
type verdict struct {
	Origin   string            `json:"origin"`
	Scheme   string            `json:"scheme"`
	Verified *apisig.Verified  `json:"verified,omitempty"`
	Error    *verdictError     `json:"error,omitempty"`
	Trace    *apisig.Trace     `json:"trace,omitempty"`
	Params   map[string]string `json:"params,omitempty"`
	// SignatureRightThen says that a request rejected for its time has a right signature as of
	// the time it was signed.
	SignatureRightThen bool      `json:"signatureRightAtSigningTime,omitempty"`
	SignedAt           time.Time `json:"signedAt,omitzero"`
	// ClientDiff is where --client-trace differs from the verifier's steps.
	ClientDiff *traceDiff `json:"clientDiff,omitempty"`

	err error
}

// verdictError is a verification failure as JSON shows it.
type verdictError struct {
	Kind     string `json:"kind"`
	Code     string `json:"code,omitempty"`
	Part     string `json:"part,omitempty"`
	Value    string `json:"value,omitempty"`
	Problem  string `json:"problem,omitempty"`
	Message  string `json:"message"`
	Provided string `json:"signatureProvided,omitempty"`
}

func runVerify(cmd *cobra.Command, stdout io.Writer, o *verifyOptions, src captureSource) error {
	if !slices.Contains([]string{"text", "json"}, o.format) {
		return badInput("", "--format %q is not one of text, json", o.format)
	}
	ctx := cmd.Context()
	stderr := cmd.ErrOrStderr()
	reqs, err := o.readCaptures(cmd, src)
	if err != nil {
		return err
	}
	var client []byte
	if o.clientTrace != "" {
		if client, err = os.ReadFile(o.clientTrace); err != nil {
			return badInput("", "--client-trace: %v", err)
		}
	}
	var verdicts []verdict
	rejected := 0
	for _, c := range reqs {
		v, err := o.verify(ctx, c, stderr)
		if err != nil {
			return err
		}
		if v.err != nil {
			rejected++
			if client != nil && v.Trace != nil {
				v.ClientDiff = diffTrace(string(client), v.Trace)
			}
		}
		verdicts = append(verdicts, v)
	}
	if o.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(verdicts); err != nil {
			return err
		}
	} else {
		for _, v := range verdicts {
			writeVerdict(stdout, v, o.showSecrets)
		}
	}
	if rejected > 0 {
		return &hintError{err: fmt.Errorf("%w: %d of %d requests", errRejected, rejected, len(verdicts)), quiet: true}
	}
	return nil
}

// atMostOneCapture checks verify's and diagnose's arguments: one capture file, none for
// standard input, or a curl command after --.
func atMostOneCapture(cmd *cobra.Command, args []string) error {
	if len(args) > 1 && args[0] != "curl" {
		return badInput("give one capture file, - for standard input, or a curl command after --: "+cmd.Name()+" [flags] -- curl -H ... URL", "%s takes one file, got %d", cmd.Name(), len(args))
	}
	return nil
}

// captureSource is where the captured requests come from: a file ("-" for standard input) or
// a curl command given as arguments.
type captureSource struct {
	file string
	curl []string // the words after "curl", when the arguments are a curl command
}

// captureSourceOf reads the arguments: a file, none (standard input), or "curl" and its
// words, as a person pastes a command after --.
func captureSourceOf(args []string) captureSource {
	switch {
	case len(args) >= 1 && args[0] == "curl" && (len(args) > 1 || !fileExists("curl")):
		return captureSource{curl: args[1:]}
	case len(args) == 1:
		return captureSource{file: args[0]}
	}
	return captureSource{file: "-"}
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// readCaptures reads the requests of a capture source, warnings to stderr.
func (o *verifyOptions) readCaptures(cmd *cobra.Command, src captureSource) ([]captured, error) {
	stderr := cmd.ErrOrStderr()
	o.capture.warn = func(msg string) { fmt.Fprintf(stderr, "apisig: warning: %s\n", msg) }
	o.capture.stdin = cmd.InOrStdin()
	if src.file == "" {
		if len(src.curl) == 0 {
			return nil, badInput("give the curl command's options and URL after it", "the curl command has no URL")
		}
		line := "curl"
		for _, w := range src.curl {
			line += " " + shellQuote(w)
		}
		opts := o.capture
		opts.format = "curl"
		return readCapture(cmd.Context(), []byte(line), "command line", opts)
	}
	data, name, err := readInput(src.file, cmd.InOrStdin())
	if err != nil {
		return nil, err
	}
	return readCapture(cmd.Context(), data, name, o.capture)
}

// readInput reads a file, or standard input for "-".
func readInput(file string, stdin io.Reader) ([]byte, string, error) {
	if file == "-" {
		b, err := io.ReadAll(io.LimitReader(stdin, 256<<20))
		if err != nil {
			return nil, "", badInput("", "standard input: %v", err)
		}
		if len(b) == 0 {
			return nil, "", badInput("give a capture file, or pipe one in", "standard input is empty")
		}
		return b, "stdin", nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, "", badInput("", "%v", err)
	}
	return b, file, nil
}

// verify checks one captured request. Its error is for failures that stop the command (no
// scheme, no secret); a rejected signature is in the verdict.
func (o *verifyOptions) verify(ctx context.Context, c captured, stderr io.Writer) (verdict, error) {
	v := verdict{Origin: c.origin}
	s, params, err := o.resolveScheme(c)
	if err != nil {
		return v, err
	}
	id := s.ID
	v.Scheme = id
	v.Params = params
	secret, keyID, err := o.keys.verifySecret(id, credentials.OS(), o.capture.stdin, stderr)
	if err != nil {
		return v, err
	}
	cfg := apisig.Config{Params: params, Keys: anyKey{secret: secret, keyID: keyID, stderr: stderr}}
	if o.time != "" {
		t, err := parseTime(o.time)
		if err != nil {
			return v, err
		}
		cfg.Clock = apisig.FixedClock(t)
	}
	verifier, err := buildVerifier(s, cfg)
	if err != nil {
		return v, err
	}
	got, err := verifier.Verify(ctx, c.req)
	var re *apisig.RequestError
	if err != nil && o.time == "" && (errors.Is(err, apisig.ErrSkewed) || errors.Is(err, apisig.ErrExpired)) && errors.As(err, &re) && !re.SignedAt.IsZero() {
		// Too old (or new) to be accepted now: check the signature as of its own time.
		cfg.Clock = apisig.FixedClock(re.SignedAt)
		then, berr := buildVerifier(s, cfg)
		if berr != nil {
			return v, berr
		}
		if c.req.GetBody != nil {
			if c.req.Body, berr = c.req.GetBody(); berr != nil {
				return v, berr
			}
		}
		_, thenErr := then.Verify(ctx, c.req)
		v.SignedAt = re.SignedAt
		v.SignatureRightThen = thenErr == nil
		if thenErr != nil && !errors.Is(thenErr, apisig.ErrSkewed) && !errors.Is(thenErr, apisig.ErrExpired) {
			err = thenErr // the signature is wrong too: that is the news
		}
	}
	if err != nil && !isRejection(err) {
		return v, err
	}
	v.Verified, v.err = got, err
	if err != nil {
		v.Error = describeRejection(err)
		var me *apisig.MismatchError
		if errors.As(err, &me) {
			v.Trace = me.Trace
		}
	}
	return v, nil
}

// resolveScheme picks the scheme of a captured request (--scheme, else its signature, else
// its host) and the parameters to verify it with: those its signature carries, overridden by
// the flags.
func (o *verifyOptions) resolveScheme(c captured) (apisig.Scheme, map[string]string, error) {
	reg := schemes.Registry()
	id, params := o.scheme, map[string]string{}
	if det, p := detectScheme(c.req); id == "" || id == det {
		if id == "" {
			id = det
		}
		for k, val := range p {
			params[k] = val
		}
	}
	if id == "" {
		inf := refineByQuery(inferScheme(c.req.Host), c.req.URL.Query())
		id = inf.Scheme
		for k, val := range inf.Params {
			params[k] = val
		}
	}
	if id == "" {
		return apisig.Scheme{}, nil, badInput("pass --scheme; known schemes: "+strings.Join(reg.IDs(), ", "),
			"%s: no known signature in the request, and host %q names no scheme", c.origin, c.req.Host)
	}
	s, err := reg.Lookup(id)
	if err != nil {
		return apisig.Scheme{}, nil, err
	}
	if o.region != "" {
		params["region"] = o.region
	}
	if o.service != "" {
		params["service"] = o.service
	}
	if err := parsePairs("--scheme-param", o.schemeParams, params); err != nil {
		return apisig.Scheme{}, nil, err
	}
	return s, params, nil
}

// buildVerifier builds the scheme with cfg and checks that it verifies.
func buildVerifier(s apisig.Scheme, cfg apisig.Config) (apisig.Verifier, error) {
	sg, err := s.Build(cfg)
	if err != nil {
		return nil, err
	}
	vr, ok := sg.(apisig.Verifier)
	if !ok {
		return nil, badInput("", "scheme %s cannot verify", s.ID)
	}
	return vr, nil
}

// isRejection reports whether err is a verdict on the request rather than a failure to check it.
func isRejection(err error) bool {
	for _, k := range []error{apisig.ErrNotSigned, apisig.ErrMalformed, apisig.ErrUnknownKey, apisig.ErrMismatch, apisig.ErrExpired, apisig.ErrSkewed, apisig.ErrReplayed} {
		if errors.Is(err, k) {
			return true
		}
	}
	return false
}

func describeRejection(err error) *verdictError {
	d := &verdictError{Message: err.Error(), Kind: "rejected"}
	for _, k := range []struct {
		err  error
		name string
	}{{apisig.ErrNotSigned, "not-signed"}, {apisig.ErrMalformed, "malformed"}, {apisig.ErrUnknownKey, "unknown-key"},
		{apisig.ErrMismatch, "mismatch"}, {apisig.ErrExpired, "expired"}, {apisig.ErrSkewed, "skewed"}, {apisig.ErrReplayed, "replayed"}} {
		if errors.Is(err, k.err) {
			d.Kind = k.name
			break
		}
	}
	var re *apisig.RequestError
	var me *apisig.MismatchError
	switch {
	case errors.As(err, &me):
		d.Code, d.Provided = me.Code, me.Provided
	case errors.As(err, &re):
		d.Code, d.Part, d.Value, d.Problem = re.Code, re.Part, re.Value, re.Problem
	}
	return d
}

// anyKey is the key store of verify: the one secret the user gave, for whatever access key id
// the request names. It notes on standard error when that id is not the credentials' own.
type anyKey struct {
	secret apisig.Secret
	keyID  string
	stderr io.Writer
}

func (k anyKey) Secrets(_ context.Context, id string) ([]apisig.Secret, error) {
	if k.keyID != "" && id != k.keyID {
		fmt.Fprintf(k.stderr, "apisig: note: the request is signed with access key id %s; checking it with the secret of %s\n", credentials.RedactKeyID(id), credentials.RedactKeyID(k.keyID))
	}
	return []apisig.Secret{k.secret}, nil
}

// verifySecret finds the secret to verify with: a secret given as a flag (with or without an
// access key id), else the credentials of the scheme's ecosystem. It returns the access key id
// the secret belongs to, "" when unknown.
func (o *credentialOptions) verifySecret(schemeID string, env credentials.Env, stdin io.Reader, stderr io.Writer) (apisig.Secret, string, error) {
	if o.accessKey == "" && (o.secretKey != "" || o.secretKeyFile != "") {
		x, err := o.explicit(stdin)
		if err != nil {
			return apisig.Secret{}, "", err
		}
		if x.SecretOnCommandLine {
			warnSecretFlag(stderr, "a secret was given on the command line, where shell history and the process list keep it")
		}
		return x.Secret, "", nil
	}
	c, _, err := o.forScheme(schemeID, env, stdin, stderr)
	if err != nil {
		return apisig.Secret{}, "", err
	}
	return c.Secret, c.AccessKeyID, nil
}

// writeVerdict prints one verdict as text.
func writeVerdict(w io.Writer, v verdict, reveal bool) {
	if v.err == nil {
		how := "header"
		if v.Verified.Presigned {
			how = "presigned URL"
		}
		fmt.Fprintf(w, "%s: verified: %s signature (%s) by %s, signed at %s\n", v.Origin, v.Scheme, how, v.Verified.AccessKeyID, v.Verified.SignedAt.UTC().Format(time.RFC3339))
		return
	}
	fmt.Fprintf(w, "%s: rejected: %v\n", v.Origin, v.err)
	if !v.SignedAt.IsZero() && v.SignatureRightThen {
		fmt.Fprintf(w, "  the signature itself is right: it verifies as of its signing time %s\n", v.SignedAt.UTC().Format(time.RFC3339))
		fmt.Fprintf(w, "  (pass --time %s to check it as of then)\n", v.SignedAt.UTC().Format("20060102T150405Z"))
	}
	if v.Trace == nil {
		return
	}
	if sig, ok := v.Trace.Find(apisig.StepSignature); ok && v.Error != nil {
		fmt.Fprintf(w, "  signature sent:     %s\n  signature expected: %s\n", v.Error.Provided, sig)
	}
	fmt.Fprintln(w, "  the verifier's steps:")
	writeTrace(w, v.Trace, reveal, "    ")
	if d := v.ClientDiff; d != nil {
		writeTraceDiff(w, d)
	}
}
