package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/credentials"
	"github.com/apisig/apisig/schemes"
)

func newSignCommand(stdout io.Writer) *cobra.Command {
	var rf requestFlags
	var sf signFlags
	var format string
	cmd := &cobra.Command{
		Use:   "sign [curl flags] URL",
		Short: "Sign a request without sending it, and print it",
		Long: `sign builds a request from curl's flags, signs it, and prints it without sending it:
as raw HTTP/1.1 text (--format http, the default), a curl command line (curl), JSON (json), its
headers (headers) or its URL (url). When the scheme re-encodes the body (aws-chunked uploads,
whose chunk signatures are made as it is signed), http and curl print the encoded body; curl
writes it inline, in $'...' quoting (bash, zsh) when it has CR bytes, up to 64 KiB.

With --presign it signs the request into its URL, valid for --expires, for any method (a PUT or
POST too); the default format then prints the URL. Headers that the holder of the URL must send
are noted on standard error.

The scheme comes from --scheme, or from the host: *.amazonaws.com is aws-sigv4 with the region
and service read from the host name (--region and --service override them).

Credentials are looked up where the scheme's cloud keeps them (see apisig credentials): the
flags (--access-key with --secret-key-file), then the environment (AWS_ACCESS_KEY_ID, ...),
then the cloud's own files for --profile, then apisig's config file. A region the host name does
not give is taken from the same place (AWS_REGION, the profile's region, ...).

EXIT STATUS
  0  the request was signed and printed
  2  bad usage or input: an unknown scheme, missing credentials, an unreadable file, ...
  3  any other failure`,
		Example: `  # The presigned URL of the S3 documentation's example (X-Amz-Signature=aeeed9bb...)
  AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \
    apisig sign --time 20130524T000000Z --presign --expires 86400 https://examplebucket.s3.amazonaws.com/test.txt

  # A signed PUT of a file, as a curl command line
  apisig sign --format curl -T photo.jpg -H 'Content-Type: image/jpeg' https://examplebucket.s3.us-west-2.amazonaws.com/

  # A presigned PUT that a browser can upload to for an hour
  apisig sign --presign --expires 1h -X PUT https://examplebucket.s3.amazonaws.com/upload.bin`,
		Args:                  exactlyOneURL,
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSign(cmd, stdout, &rf, &sf, format, args[0])
		},
	}
	rf.register(cmd.Flags())
	sf.register(cmd.Flags())
	cmd.Flags().StringVar(&format, "format", "", "output `format`: http, curl, json, headers or url (default http, or url with --presign)")
	return cmd
}

func exactlyOneURL(_ *cobra.Command, args []string) error {
	switch len(args) {
	case 1:
		return nil
	case 0:
		return badInput("put the URL after the flags, e.g. https://examplebucket.s3.amazonaws.com/test.txt", "no URL given")
	}
	return badInput("quote a URL that contains spaces or shell characters", "one URL wanted, got %d: %s", len(args), strings.Join(args, " "))
}

func runSign(cmd *cobra.Command, stdout io.Writer, rf *requestFlags, sf *signFlags, format string, rawURL string) error {
	if format == "" {
		format = "http"
		if sf.presign {
			format = "url"
		}
	}
	if !slices.Contains(outputFormats, format) {
		return badInput("", "--format %q is not one of %s", format, strings.Join(outputFormats, ", "))
	}
	s, err := sf.prepare(cmd, rf, rawURL)
	if err != nil {
		return err
	}
	v, err := s.sign(cmd.Context())
	if err != nil {
		return err
	}
	if v.presigned && format == "url" && len(v.header) > 0 {
		var names []string
		for k := range v.header {
			names = append(names, k)
		}
		slices.Sort(names)
		fmt.Fprintf(cmd.ErrOrStderr(), "apisig: note: whoever uses the URL must send these signed headers with the values signed: %s\n", strings.Join(names, ", "))
	}
	if !s.creds.SessionToken.IsZero() {
		fmt.Fprintln(cmd.ErrOrStderr(), "apisig: note: the output carries the session token (it must, to work): treat it as a secret")
	}
	return writeSigned(stdout, format, v)
}

// signFlags choose the scheme, its configuration and the credentials; sign, explain and curl
// share them.
type signFlags struct {
	scheme, region, service string
	schemeParams, knobs     []string
	time, nonce             string
	unsignedPayload         bool
	presign                 bool
	expires                 expiresValue
	keys                    credentialOptions
}

func (sf *signFlags) register(fs *pflag.FlagSet) {
	sf.expires = expiresValue(15 * time.Minute)
	fs.StringVar(&sf.scheme, "scheme", "", "signature `scheme` (default: inferred from the host); known: "+strings.Join(schemes.Registry().IDs(), ", "))
	fs.StringVar(&sf.region, "region", "", "`region` to sign for (default: read from the host)")
	fs.StringVar(&sf.service, "service", "", "`service` signing name (default: read from the host)")
	fs.StringArrayVar(&sf.schemeParams, "scheme-param", nil, "other scheme parameter `name=value`, e.g. rules=s3 (repeatable)")
	fs.StringArrayVar(&sf.knobs, "knob", nil, "dialect knob `name=value`, to reproduce a client's mistake (repeatable)")
	fs.StringVar(&sf.time, "time", "", "sign at this `time` instead of now: 20150830T123600Z or RFC 3339")
	fs.StringVar(&sf.nonce, "nonce", "", "use this `nonce`, for schemes that send one")
	fs.BoolVar(&sf.unsignedPayload, "unsigned-payload", false, "sign UNSIGNED-PAYLOAD instead of the body's hash (S3)")
	fs.BoolVar(&sf.presign, "presign", false, "sign into the URL's query instead of the headers")
	fs.Var(&sf.expires, "expires", "how long a presigned URL stays valid: a `duration` (15m, 1h) or seconds")
	sf.keys.registerKeys(fs)
}

// expiresValue is a duration given as Go writes it (15m, 1h30m) or as whole seconds (86400),
// as X-Amz-Expires is.
type expiresValue time.Duration

func (e *expiresValue) String() string { return time.Duration(*e).String() }
func (e *expiresValue) Type() string   { return "duration" }
func (e *expiresValue) Set(s string) error {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*e = expiresValue(time.Duration(n) * time.Second)
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is neither a duration (15m, 1h) nor a number of seconds", s)
	}
	*e = expiresValue(d)
	return nil
}

// signing is a request ready to sign, with its signer and credentials.
type signing struct {
	req     *request
	signer  apisig.Signer
	scheme  string
	creds   apisig.Credentials
	presign bool
	expires time.Duration
}

// prepare builds the request, the signer its host and the flags call for, and finds the
// credentials.
func (sf *signFlags) prepare(cmd *cobra.Command, rf *requestFlags, rawURL string) (*signing, error) {
	stderr := cmd.ErrOrStderr()
	warn := func(msg string) { fmt.Fprintf(stderr, "apisig: warning: %s\n", msg) }
	req, err := rf.build(cmd.Context(), rawURL, buildEnv{
		stdin:     cmd.InOrStdin(),
		warn:      warn,
		defaults:  !sf.presign,
		userAgent: userAgent(),
	})
	if err != nil {
		return nil, err
	}
	cfg, choice, err := sf.config(req.URL)
	if err != nil {
		return nil, err
	}
	creds, region, err := sf.keys.forScheme(choice.scheme.ID, credentials.OS(), cmd.InOrStdin(), stderr)
	if err != nil {
		return nil, err
	}
	if _, ok := choice.params["region"]; !ok && region != "" && hasParam(choice.scheme, "region") {
		choice.params["region"] = region
	}
	signer, err := sf.build(cfg, choice)
	if err != nil {
		return nil, err
	}
	return &signing{req: req, signer: signer, scheme: choice.scheme.ID, creds: creds, presign: sf.presign, expires: time.Duration(sf.expires)}, nil
}

// config reads the flags into a scheme configuration (knobs, clock, nonce) and chooses the
// scheme: --scheme, else the host's, with the host's parameters overridden by the flags'.
func (sf *signFlags) config(u *url.URL) (apisig.Config, schemeChoice, error) {
	params := map[string]string{}
	if sf.region != "" {
		params["region"] = sf.region
	}
	if sf.service != "" {
		params["service"] = sf.service
	}
	if err := parsePairs("--scheme-param", sf.schemeParams, params); err != nil {
		return apisig.Config{}, schemeChoice{}, err
	}
	knobs := map[string]string{}
	if sf.unsignedPayload {
		knobs["payload-hash"] = "unsigned"
	}
	if err := parsePairs("--knob", sf.knobs, knobs); err != nil {
		return apisig.Config{}, schemeChoice{}, err
	}
	cfg := apisig.Config{Knobs: knobs}
	if sf.time != "" {
		t, err := parseTime(sf.time)
		if err != nil {
			return apisig.Config{}, schemeChoice{}, err
		}
		cfg.Clock = apisig.FixedClock(t)
	}
	if sf.nonce != "" {
		n := sf.nonce
		cfg.Nonce = apisig.NonceFunc(func() (string, error) { return n, nil })
	}
	choice, err := chooseScheme(schemes.Registry(), sf.scheme, u.Host, u.Query(), params)
	return cfg, choice, err
}

// build builds the chosen scheme's signer, turning a missing parameter into a hint.
func (sf *signFlags) build(cfg apisig.Config, choice schemeChoice) (apisig.Signer, error) {
	cfg.Params = choice.params
	sg, err := choice.scheme.Build(cfg)
	var re *apisig.RequestError
	if errors.As(err, &re) && strings.HasPrefix(re.Part, "parameter ") && strings.Contains(re.Problem, "required") {
		hint := choice.hint
		if p := strings.TrimPrefix(re.Part, "parameter "); hint == "" && (p == "region" || p == "service") {
			hint = "pass --" + p
		} else if hint == "" {
			hint = "pass --scheme-param " + p + "=..."
		}
		return nil, withHint(err, hint)
	}
	return sg, err
}

// hasParam reports whether the scheme takes the named parameter.
func hasParam(s apisig.Scheme, name string) bool {
	for _, p := range s.Params {
		if p.Name == name {
			return true
		}
	}
	return false
}

func parsePairs(flag string, list []string, into map[string]string) error {
	for _, kv := range list {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return badInput("", "%s %q: want name=value", flag, kv)
		}
		into[k] = v
	}
	return nil
}

// parseTime reads --time: SigV4's basic format or RFC 3339.
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{"20060102T150405Z", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, badInput("write it as 20150830T123600Z or 2015-08-30T12:36:00Z", "--time %q is not a time", s)
}

// signedView is a signed request as the output formats print it.
type signedView struct {
	method    string
	url       *url.URL
	host      string
	header    http.Header
	length    int64
	body      *body
	encoded   io.Reader // when the signer re-encoded the body, the bytes to send, once
	presigned bool
	expires   time.Time
}

// presignExplainer is implemented by presigners that can also explain a presign.
type presignExplainer interface {
	ExplainPresign(ctx context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, *apisig.Trace, error)
}

// signAndExplain signs req (the request or a copy of it) in place, or presigns it, and
// returns what to print or send. With explain it also returns the trace.
func (s *signing) signAndExplain(ctx context.Context, req *http.Request, explain bool) (*signedView, *apisig.Trace, error) {
	if !s.presign {
		var tr *apisig.Trace
		var err error
		if explain {
			tr, err = s.signer.Explain(ctx, req, s.creds)
		} else {
			err = s.signer.Sign(ctx, req, s.creds)
		}
		if err != nil {
			return nil, nil, err
		}
		host := req.Host
		if host == "" {
			host = req.URL.Host
		}
		v := &signedView{method: req.Method, url: req.URL, host: host, header: req.Header, length: req.ContentLength, body: s.req.body}
		if req.ContentLength != s.req.body.length() {
			// The signer re-encoded the body (aws-chunked framing with chunk signatures): what
			// is sent is its stream, not the body the flags gave.
			v.encoded = req.Body
		}
		return v, tr, nil
	}
	var p *apisig.Presigned
	var tr *apisig.Trace
	var err error
	if pe, ok := s.signer.(presignExplainer); ok && explain {
		p, tr, err = pe.ExplainPresign(ctx, req, s.creds, s.expires)
	} else if ps, ok := s.signer.(apisig.Presigner); ok && !explain {
		p, err = ps.Presign(ctx, req, s.creds, s.expires)
	} else {
		return nil, nil, badInput("sign in the headers instead: leave out --presign", "scheme %s cannot presign URLs (or explain a presign)", s.scheme)
	}
	if err != nil {
		return nil, nil, err
	}
	host := req.Host
	if host == "" {
		host = p.URL.Host
	}
	h := p.Header
	if h == nil {
		h = http.Header{}
	}
	return &signedView{method: p.Method, url: p.URL, host: host, header: h, length: req.ContentLength, body: s.req.body, presigned: true, expires: p.Expires}, tr, nil
}

func (s *signing) sign(ctx context.Context) (*signedView, error) {
	v, _, err := s.signAndExplain(ctx, s.req.Request, false)
	return v, err
}

var outputFormats = []string{"http", "curl", "json", "headers", "url"}

func writeSigned(w io.Writer, format string, v *signedView) error {
	switch format {
	case "http":
		return writeHTTP(w, v)
	case "curl":
		return writeCurl(w, v)
	case "json":
		return writeJSON(w, v)
	case "headers":
		for _, l := range headLines(v) {
			fmt.Fprintf(w, "%s\n", l)
		}
		return nil
	}
	_, err := fmt.Fprintln(w, v.url.String())
	return err
}

// headLines returns the header lines in the order Go's client writes them: Host, User-Agent,
// Content-Length, then the others sorted by name.
func headLines(v *signedView) []string {
	lines := []string{"Host: " + v.host}
	if ua := v.header.Get("User-Agent"); ua != "" {
		lines = append(lines, "User-Agent: "+ua)
	}
	if v.length > 0 || v.body != nil || v.method == http.MethodPost || v.method == http.MethodPut || v.method == http.MethodPatch {
		lines = append(lines, "Content-Length: "+strconv.FormatInt(v.length, 10))
	}
	return appendHeaderLines(lines, v.header, func(k string) bool {
		return strings.EqualFold(k, "User-Agent") || strings.EqualFold(k, "Host") || strings.EqualFold(k, "Content-Length")
	})
}

// writeHTTP writes the request as HTTP/1.1 sends it, CRLF line ends and body included.
func writeHTTP(w io.Writer, v *signedView) error {
	if _, err := fmt.Fprintf(w, "%s %s HTTP/1.1\r\n", v.method, v.url.RequestURI()); err != nil {
		return err
	}
	for _, l := range headLines(v) {
		fmt.Fprintf(w, "%s\r\n", l)
	}
	if _, err := io.WriteString(w, "\r\n"); err != nil {
		return err
	}
	if v.encoded != nil {
		_, err := io.Copy(w, v.encoded)
		return err
	}
	if v.body == nil {
		return nil
	}
	rc := v.body.open()
	defer rc.Close()
	_, err := io.Copy(w, rc)
	return err
}

// maxInlineBody is the largest body written into a curl command line as text.
const maxInlineBody = 64 << 10

// writeCurl writes a curl command line that sends exactly the signed request, one option a
// line.
func writeCurl(w io.Writer, v *signedView) error {
	var opts [][]string
	add := func(o ...string) { opts = append(opts, o) }
	switch {
	case v.method == http.MethodHead:
		add("-I")
	case v.method == http.MethodGet && v.body == nil, v.method == http.MethodPost && v.body != nil:
	default:
		add("-X", v.method)
	}
	if v.host != v.url.Host {
		add("-H", "Host: "+v.host)
	}
	var names []string
	for k := range v.header {
		if k != "Content-Length" { // curl sends the length of the data it is given
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, k := range names {
		for _, val := range v.header[k] {
			switch {
			case val != "":
				add("-H", k+": "+val)
			case strings.EqualFold(k, "User-Agent"):
				add("-H", k+":") // an empty User-Agent is one not sent
			default:
				add("-H", k+";")
			}
		}
	}
	// Remove the headers curl adds on its own that the signed request does not have.
	for _, k := range []string{"User-Agent", "Accept"} {
		if _, ok := v.header[k]; !ok {
			add("-H", k+":")
		}
	}
	if v.body != nil {
		if _, ok := v.header["Content-Type"]; !ok {
			add("-H", "Content-Type:")
		}
		if v.encoded != nil {
			data, err := inlineEncoded(v.encoded)
			if err != nil {
				return err
			}
			add("--data-raw", data)
		} else if name, ok := v.body.singleFile(); ok {
			add("--data-binary", "@"+name)
		} else {
			data, err := inlineBody(v.body)
			if err != nil {
				return err
			}
			add("--data-raw", data)
		}
	}
	var b strings.Builder
	b.WriteString("curl")
	for _, o := range opts {
		b.WriteString(" \\\n  ")
		for i, a := range o {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(shellQuote(a))
		}
	}
	b.WriteString(" \\\n  " + shellQuote(v.url.String()) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// inlineBody reads a body that can be written on a command line: small, and with no NUL byte.
func inlineBody(b *body) (string, error) {
	const hint = "use --format http, or send it with apisig curl"
	if b.size > maxInlineBody {
		return "", badInput(hint, "the %d-byte body is too large to write into a curl command line", b.size)
	}
	s, err := b.String()
	if err != nil {
		return "", err
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "", badInput(hint, "the body has NUL bytes, which a command line cannot carry")
	}
	return s, nil
}

// inlineEncoded reads a body the signer re-encoded, for a command line: small, and with no NUL
// byte. Its chunk signatures were made for this signing, so no file holds it.
func inlineEncoded(r io.Reader) (string, error) {
	const hint = "use --format http, or send it with apisig curl"
	data, err := io.ReadAll(io.LimitReader(r, maxInlineBody+1))
	if err != nil {
		return "", err
	}
	if len(data) > maxInlineBody {
		return "", badInput(hint, "the signed body is larger than %d bytes, too large to write into a curl command line", maxInlineBody)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", badInput(hint, "the signed body has NUL bytes, which a command line cannot carry")
	}
	return string(data), nil
}

// shellQuote quotes s for a POSIX shell, leaving plain words alone. A string with control
// bytes other than LF and tab (the CRs of a chunk-encoded body) is written in $'...' quoting
// (bash, zsh, ksh; browsers' "Copy as cURL" writes it too), so that no editor, terminal or
// line-ending conversion changes those bytes.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@%+=,") == "" {
		return s
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f }) {
		return ansiCQuote(s)
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// ansiCQuote writes s in bash's $'...' quoting: backslash, quote and control bytes escaped.
func ansiCQuote(s string) string {
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '\'':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < 0x20 || c == 0x7f {
				fmt.Fprintf(&b, `\x%02x`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('\'')
	return b.String()
}

func writeJSON(w io.Writer, v *signedView) error {
	type out struct {
		Method        string      `json:"method"`
		URL           string      `json:"url"`
		Headers       http.Header `json:"headers"`
		ContentLength int64       `json:"content_length"`
		Presigned     bool        `json:"presigned,omitempty"`
		Expires       *time.Time  `json:"expires,omitempty"`
	}
	h := v.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h["Host"] = []string{v.host}
	o := out{Method: v.method, URL: v.url.String(), Headers: h, ContentLength: v.length, Presigned: v.presigned}
	if v.presigned {
		o.Expires = &v.expires
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(o)
}
