package versitygw

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/canon"
)

// Environment variables scripts/versitygw.sh sets.
const (
	envEndpoint  = "APISIG_VERSITYGW_ENDPOINT"
	envAccessKey = "APISIG_VERSITYGW_ACCESS_KEY"
	envSecretKey = "APISIG_VERSITYGW_SECRET_KEY"
	envRegion    = "APISIG_VERSITYGW_REGION"
)

// gateway is the versitygw under test.
type gateway struct {
	endpoint *url.URL
	creds    apisig.Credentials
	region   string
	http     *http.Client
}

var (
	gw     *gateway
	bucket string
)

func TestMain(m *testing.M) {
	ep := os.Getenv(envEndpoint)
	if ep == "" {
		fmt.Fprintf(os.Stderr, "conformance/versitygw: %s is not set: skipping the versitygw tests (run them with scripts/versitygw.sh go test ./versitygw/...)\n", envEndpoint)
		os.Exit(m.Run())
	}
	u, err := url.Parse(ep)
	if err != nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https" {
		fmt.Fprintf(os.Stderr, "conformance/versitygw: %s=%q: want http://host:port\n", envEndpoint, ep)
		os.Exit(2)
	}
	gw = &gateway{
		endpoint: u,
		creds:    apisig.Credentials{AccessKeyID: envOr(envAccessKey, "vgwadmin"), Secret: apisig.NewSecret(envOr(envSecretKey, "vgwsecret1234"))},
		region:   envOr(envRegion, "us-east-1"),
		http: &http.Client{
			Timeout:       time.Minute,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	ctx := context.Background()
	if err := gw.waitReady(ctx, 30*time.Second); err != nil {
		fmt.Fprintln(os.Stderr, "conformance/versitygw:", err)
		os.Exit(2)
	}
	bucket = "apisig-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	resp, err := gw.do(ctx, gw.signer(time.Now()), http.MethodPut, bucket, "", "", nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		fmt.Fprintf(os.Stderr, "conformance/versitygw: create bucket %s: %v %s\n", bucket, err, body(resp))
		os.Exit(2)
	}
	code := m.Run()
	if resp, err := gw.do(ctx, gw.signer(time.Now()), http.MethodDelete, bucket, "", "", nil); err != nil || resp.StatusCode/100 != 2 {
		fmt.Fprintf(os.Stderr, "conformance/versitygw: removing bucket %s: %v %s\n", bucket, err, body(resp))
	}
	os.Exit(code)
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// server returns the gateway, skipping the test when there is none.
func server(t testing.TB) *gateway {
	t.Helper()
	if gw == nil {
		t.Skipf("%s is not set: no versitygw to test against (scripts/versitygw.sh starts one)", envEndpoint)
	}
	return gw
}

// signer is a correct SigV4 signer for S3 on the gateway, its clock fixed at t.
func (g *gateway) signer(t time.Time) *aws.SigV4 {
	return &aws.SigV4{Region: g.region, Service: "s3", Clock: apisig.FixedClock(t)}
}

// request builds an unsigned path-style request for bucket/key; the path is escaped as S3's
// canonical URI escapes it, so that what is sent is what the correct dialect signs.
func (g *gateway) request(ctx context.Context, method, bucket, key, rawQuery string, payload []byte) (*http.Request, error) {
	p := "/" + bucket
	if key != "" {
		p += "/" + key
	}
	u := &url.URL{Scheme: g.endpoint.Scheme, Host: g.endpoint.Host, Path: p, RawQuery: rawQuery}
	u.RawPath = string(canon.Encoding{Set: canon.Unreserved}.AppendPath(nil, p))
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.URL = u
	if payload != nil {
		req.ContentLength = int64(len(payload))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(payload)), nil }
		req.Body, _ = req.GetBody()
	}
	return req, nil
}

// do signs and sends a request with s, and reads the whole answer.
func (g *gateway) do(ctx context.Context, s *aws.SigV4, method, bucket, key, rawQuery string, payload []byte) (*response, error) {
	req, err := g.request(ctx, method, bucket, key, rawQuery, payload)
	if err != nil {
		return nil, err
	}
	if err := s.Sign(ctx, req, g.creds); err != nil {
		return nil, err
	}
	return g.send(req)
}

// response is an answer with its body read.
type response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

func (g *gateway) send(req *http.Request) (*response, error) {
	resp, err := g.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &response{StatusCode: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

func body(r *response) string {
	if r == nil {
		return ""
	}
	return fmt.Sprintf("%d %s", r.StatusCode, r.Body)
}

// waitReady polls with a signed ListBuckets until the gateway answers 200.
func (g *gateway) waitReady(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var last error
	for {
		resp, err := g.do(ctx, g.signer(time.Now()), http.MethodGet, "", "", "", nil)
		if err == nil && resp.StatusCode == http.StatusOK {
			return nil
		}
		last = err
		if err == nil {
			last = errors.New(body(resp))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("versitygw at %s not ready after %v: %v", g.endpoint, timeout, last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
