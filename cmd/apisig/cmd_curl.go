package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// curlFlags are curl's flags for sending and showing the exchange.
type curlFlags struct {
	output         string
	include        bool
	silent         bool
	showError      bool
	verbose        bool
	fail           bool
	maxTime        float64
	connectTimeout float64
	insecure       bool
	retry          int
	retryDelay     float64
	// progress draws upload and download bars; set by runCurl.
	progress progress
}

func newCurlCommand(stdout io.Writer) *cobra.Command {
	var rf requestFlags
	var sf signFlags
	var cf curlFlags
	cmd := &cobra.Command{
		Use:   "curl [curl flags] URL",
		Short: "Send a signed request, with curl's flags",
		Long: `curl builds a request from curl's flags with curl's meaning, signs it, sends it and prints
the response body, as curl does. It takes sign's flags for the scheme, the credentials, --time
and --knob, and these of curl's own:

  -o FILE   write the body to FILE          -i  print the response headers too
  -I        send HEAD, print the headers    -v  print the signing trace (redacted), then the
  -s        print no error message              exchange as curl -v does: > request, < response
  -S        with -s, print error messages   -f  on an HTTP error (400 and above), print no body
  -m SECS   time limit for each attempt         and exit with status 22, as curl does
  -k        do not verify the TLS certificate
  --connect-timeout SECS   time limit for connecting
  --retry N                retry a timeout or HTTP 408, 429, 500, 502, 503, 504 up to N times,
                           waiting 1s, 2s, 4s ... (or --retry-delay, or the Retry-After header)

Redirects are not followed, as curl does not without -L. Each attempt is signed afresh.

EXIT STATUS
  0   a response was received (whatever its status, without -f)
  2   bad usage or input: an unknown scheme, missing credentials, an unreadable file, ...
  3   the request could not be sent or the response not read
  22  with -f, the server answered with an HTTP error`,
		Example: `  # Upload a file to S3, then read it back
  apisig curl -T report.pdf https://examplebucket.s3.us-west-2.amazonaws.com/reports/
  apisig curl -o report.pdf https://examplebucket.s3.us-west-2.amazonaws.com/reports/report.pdf

  # Call an IAM API (a global service, signed for us-east-1) and see how it was signed
  apisig curl -v -d 'Action=ListUsers&Version=2010-05-08' https://iam.amazonaws.com/

  # Upload a document with a multipart form, as curl -F does
  apisig curl -F 'file=@paper.pdf;type=application/pdf' --scheme aws-sigv4 --region eu-west-1 \
    --service execute-api https://abc123.execute-api.eu-west-1.amazonaws.com/prod/upload`,
		Args:                  exactlyOneURL,
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCurl(cmd, stdout, &rf, &sf, &cf, args[0])
		},
	}
	rf.register(cmd.Flags())
	sf.register(cmd.Flags())
	cf.register(cmd.Flags())
	return cmd
}

// register registers curl's flags for sending and showing the exchange.
func (cf *curlFlags) register(fs *pflag.FlagSet) {
	fs.StringVarP(&cf.output, "output", "o", "", "write the response body to `file` instead of standard output")
	fs.BoolVarP(&cf.include, "include", "i", false, "print the response's status line and headers before its body")
	fs.BoolVarP(&cf.silent, "silent", "s", false, "print no error messages")
	fs.BoolVarP(&cf.showError, "show-error", "S", false, "with -s, print error messages all the same")
	fs.BoolVarP(&cf.verbose, "verbose", "v", false, "print the signing trace (secrets redacted) and the exchange on standard error")
	fs.BoolVarP(&cf.fail, "fail", "f", false, "on an HTTP error, print no body and exit with status 22")
	fs.Float64VarP(&cf.maxTime, "max-time", "m", 0, "time limit for each attempt, in `seconds`")
	fs.Float64Var(&cf.connectTimeout, "connect-timeout", 0, "time limit for connecting, in `seconds`")
	fs.BoolVarP(&cf.insecure, "insecure", "k", false, "do not verify the server's TLS certificate")
	fs.IntVar(&cf.retry, "retry", 0, "retry a transient failure up to `N` times")
	fs.Float64Var(&cf.retryDelay, "retry-delay", 0, "wait this many `seconds` between retries instead of 1s, 2s, 4s ...")
}

func runCurl(cmd *cobra.Command, stdout io.Writer, rf *requestFlags, sf *signFlags, cf *curlFlags, rawURL string) error {
	s, err := sf.prepare(cmd, rf, rawURL)
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	stderr := cmd.ErrOrStderr()
	quiet := cf.silent && !cf.showError
	cf.progress = newProgress(stderr, cf.silent)
	client := cf.client()
	redact := redactor(s.creds)
	delay := time.Second
	for attempt := 0; ; attempt++ {
		actx, cancel := ctx, context.CancelFunc(func() {})
		if cf.maxTime > 0 {
			actx, cancel = context.WithTimeout(ctx, seconds(cf.maxTime)) // covers reading the body too
		}
		resp, err := s.attempt(actx, client, cf, attempt == 0, func(tr *apisig.Trace, req *http.Request) {
			if cf.verbose {
				writeTrace(redactWriter{stderr, redact}, tr, false, "* ")
				for _, l := range verboseRequest(req) {
					fmt.Fprintf(stderr, "> %s\n", redact(l))
				}
				fmt.Fprintln(stderr, ">")
			}
		})
		if err != nil {
			// A transport error quotes the URL, which a presigned request's session token is in.
			err = redactedError{err, redact}
		}
		if attempt < cf.retry && transient(resp, err) {
			wait := delay
			if cf.retryDelay > 0 {
				wait = seconds(cf.retryDelay)
			}
			if resp != nil {
				if ra, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && ra >= 0 {
					wait = time.Duration(ra) * time.Second
				}
				io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
				resp.Body.Close()
			}
			cancel()
			if !cf.silent {
				fmt.Fprintf(stderr, "apisig: warning: %s; retrying in %s, %d retries left\n", problem(resp, err), wait, cf.retry-attempt)
			}
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return ctx.Err()
			}
			delay = min(2*delay, 10*time.Minute)
			continue
		}
		if err != nil {
			cancel()
			return &hintError{err: err, quiet: quiet}
		}
		defer cancel()
		defer resp.Body.Close()
		return cf.writeResponse(stdout, stderr, resp, quiet, redact)
	}
}

// attempt signs a fresh copy of the request and sends it; show sees the trace (on the first
// attempt) and the request as sent.
func (s *signing) attempt(ctx context.Context, client *http.Client, cf *curlFlags, first bool, show func(*apisig.Trace, *http.Request)) (*http.Response, error) {
	req := s.req.Clone(ctx)
	if s.req.GetBody != nil {
		body, err := s.req.GetBody()
		if err != nil {
			return nil, err
		}
		req.Body = body
	}
	v, tr, err := s.signAndExplain(ctx, req, first && cf.verbose)
	if err != nil {
		return nil, err
	}
	if v.presigned {
		// Send the presigned URL with the headers it was signed with.
		presigned := req.Clone(ctx)
		presigned.URL, presigned.Host = v.url, v.host
		presigned.Header = v.header.Clone()
		presigned.Header.Set("User-Agent", userAgent())
		req = presigned
	}
	if first && show != nil {
		show(tr, req)
	}
	if req.Body != nil && req.Body != http.NoBody {
		req.Body = cf.progress.wrap(req.Body, req.ContentLength, "upload")
	}
	return client.Do(req)
}

func (cf *curlFlags) client() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableCompression = true // as curl, which asks for no compression without --compressed
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	if cf.connectTimeout > 0 {
		dialer.Timeout = seconds(cf.connectTimeout)
		tr.TLSHandshakeTimeout = seconds(cf.connectTimeout)
	}
	tr.DialContext = dialer.DialContext
	if cf.insecure {
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // -k asks for it
	}
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// transient reports whether curl's --retry retries the outcome: a timeout, or HTTP 408, 429,
// 500, 502, 503 or 504.
func transient(resp *http.Response, err error) bool {
	if err != nil {
		var ne net.Error
		return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
	}
	switch resp.StatusCode {
	case 408, 429, 500, 502, 503, 504:
		return true
	}
	return false
}

func problem(resp *http.Response, err error) string {
	if err != nil {
		return err.Error()
	}
	return "HTTP " + resp.Status
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// writeResponse prints the exchange's response part as curl does.
func (cf *curlFlags) writeResponse(stdout, stderr io.Writer, resp *http.Response, quiet bool, redact func(string) string) error {
	head := responseHead(resp)
	if cf.verbose {
		for _, l := range head {
			fmt.Fprintf(stderr, "< %s\n", redact(l))
		}
		fmt.Fprintln(stderr, "<")
	}
	if cf.fail && resp.StatusCode >= 400 {
		return &hintError{
			err:   fmt.Errorf("%w: %s", errHTTPStatus, resp.Status),
			hint:  "without -f the response body shows the server's reason",
			quiet: quiet,
		}
	}
	out := stdout
	if cf.output != "" && cf.output != "-" {
		f, err := os.Create(cf.output)
		if err != nil {
			return badInput("", "-o: %w", err)
		}
		defer f.Close()
		out = f
	}
	if cf.include || resp.Request.Method == http.MethodHead {
		for _, l := range head {
			fmt.Fprintf(out, "%s\r\n", l)
		}
		io.WriteString(out, "\r\n")
	}
	if _, err := io.Copy(out, cf.progress.wrap(resp.Body, resp.ContentLength, "download")); err != nil {
		return &hintError{err: fmt.Errorf("reading the response: %w", err), quiet: quiet}
	}
	if f, ok := out.(*os.File); ok && f != stdout {
		return f.Close()
	}
	return nil
}

// responseHead returns the status line and the headers, sorted by name.
func responseHead(resp *http.Response) []string {
	return appendHeaderLines([]string{resp.Proto + " " + resp.Status}, resp.Header, nil)
}

// verboseRequest returns the request line and headers as they go on the wire.
func verboseRequest(req *http.Request) []string {
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	v := &signedView{method: req.Method, url: req.URL, host: host, header: req.Header, length: req.ContentLength}
	if req.Body != nil && req.Body != http.NoBody {
		v.body = &body{}
	}
	return append([]string{req.Method + " " + req.URL.RequestURI() + " HTTP/1.1"}, headLines(v)...)
}

// redactor hides the session token (plain and percent-encoded) in what -v prints and in
// transport errors.
func redactor(c apisig.Credentials) func(string) string {
	tok := c.SessionToken.Reveal()
	if tok == "" {
		return func(s string) string { return s }
	}
	r := strings.NewReplacer(tok, apisig.Redacted, canon.Encoding{Set: canon.Unreserved}.Escape(tok), apisig.Redacted)
	return r.Replace
}

// redactedError is an error whose message is redacted; errors.Is and As see the original.
type redactedError struct {
	err    error
	redact func(string) string
}

func (e redactedError) Error() string { return e.redact(e.err.Error()) }
func (e redactedError) Unwrap() error { return e.err }

// redactWriter redacts what is written through it.
type redactWriter struct {
	w      io.Writer
	redact func(string) string
}

func (r redactWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(r.w, r.redact(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
