package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/schemes"
)

// The demo's key pair is the one in AWS's own documentation examples: it is public and
// grants nothing.
const demoKeyID = "AKIAIOSFODNN7EXAMPLE"

var demoSecret = apisig.NewSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")

func newDemoCommand(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Sign a request, send it to a local verifying server, and show every step",
		Long: `demo runs apisig end to end on this machine, with no credentials and no network:

  1. it starts a server on 127.0.0.1 that verifies AWS Signature V4 (as S3 does),
  2. signs a PUT with the signing Transport and shows each step of the signature,
  3. sends it and prints the server's verdict,
  4. changes one signed header of a signed request and shows the server rejecting it,
     with the server's own canonical request,
  5. does the same with every scheme apisig knows (AWS, Alibaba Cloud, Tencent Cloud, OAuth,
     webhooks, ...): signs a typical request with the provider's published example keys,
     sends it to a local server verifying that scheme, then sends it changed after signing.

EXIT STATUS
  0  every signed request was accepted and every tampered one rejected
  1  otherwise`,
		Example: `  # Everything, end to end, offline
  apisig demo`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Context(), stdout)
		},
	}
}

func runDemo(ctx context.Context, w io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	now := apisig.FixedClock(time.Now().UTC().Truncate(time.Second))
	verifier := &aws.SigV4{Region: "us-east-1", Service: "s3", Keys: apisig.StaticKeys{demoKeyID: demoSecret}}
	ok := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		v, _ := apisig.VerifiedFrom(r.Context())
		fmt.Fprintf(rw, "verified: %s request signed by %s at %s\n", r.Method, v.AccessKeyID, v.SignedAt.Format(time.RFC3339))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: apisig.Middleware(apisig.MiddlewareOptions{Verifier: verifier})(ok), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(w, "verifying server (aws-sigv4, S3 rules) listening on %s\n\n", base)

	signer := &aws.SigV4{Region: "us-east-1", Service: "s3", Clock: now}
	creds := apisig.Credentials{AccessKeyID: demoKeyID, Secret: demoSecret}
	newReq := func() (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPut, base+"/demo-bucket/hello world.txt", strings.NewReader("hello, apisig\n"))
		if err == nil {
			req.Header.Set("Content-Type", "text/plain")
		}
		return req, err
	}

	req, err := newReq()
	if err != nil {
		return err
	}
	tr, err := signer.Explain(ctx, req, creds)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "== 1. signing %s %s\n%s\n", req.Method, req.URL.Path, tr)

	client := &http.Client{Transport: &apisig.Transport{Signer: signer, Credentials: apisig.StaticCredentials(creds)}, Timeout: 10 * time.Second}
	req, err = newReq()
	if err != nil {
		return err
	}
	status1, body1, err := send(client, req)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "== 2. sent through the signing Transport\n%d %s\n%s\n", status1, http.StatusText(status1), body1)

	req, err = newReq()
	if err != nil {
		return err
	}
	if err := signer.Sign(ctx, req, creds); err != nil {
		return err
	}
	req.Header.Set("Content-Type", "text/plain; charset=UTF-8") // what a browser or HTTP library may do after signing
	status2, body2, err := send(http.DefaultClient, req)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "== 3. the same request with Content-Type changed after signing\n%d %s\n%s", status2, http.StatusText(status2), body2)

	if status1 != http.StatusOK || status2 != http.StatusForbidden {
		return fmt.Errorf("%w: want 200 for the signed request and 403 for the tampered one, got %d and %d", errRejected, status1, status2)
	}

	fmt.Fprintln(w, "\n== 4. every scheme: a signed request, and the same request changed after signing, sent to a server verifying that scheme")
	outs, err := demoAllSchemes(ctx, schemes.Registry(), now)
	if err != nil {
		return err
	}
	passed, failed, skipped := writeDemoTable(w, outs)
	if failed > 0 {
		return fmt.Errorf("%w: %d of %d schemes did not accept their signed request and reject the changed one", errRejected, failed, len(outs))
	}
	fmt.Fprintf(w, "\nresult: %d schemes accepted their signed request and rejected the changed one", passed)
	if skipped > 0 {
		fmt.Fprintf(w, " (%d skipped)", skipped)
	}
	fmt.Fprintln(w)
	return nil
}

func send(c *http.Client, req *http.Request) (int, string, error) {
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, string(b), err
}
