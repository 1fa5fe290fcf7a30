package minio

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/canon"
)

// Environment variables scripts/minio.sh sets.
const (
	EnvEndpoint  = "APISIG_MINIO_ENDPOINT"
	EnvAccessKey = "APISIG_MINIO_ACCESS_KEY"
	EnvSecretKey = "APISIG_MINIO_SECRET_KEY"
	EnvRegion    = "APISIG_MINIO_REGION"
)

// Server is a running S3 server and the root credentials to talk to it.
type Server struct {
	// Endpoint is the server's base URL, http://127.0.0.1:PORT.
	Endpoint *url.URL
	// Creds are the root user's credentials.
	Creds apisig.Credentials
	// Region is the site region the server enforces in the credential scope.
	Region string
	// HTTP sends the requests; it never follows redirects.
	HTTP *http.Client
}

// FromEnv returns the server named by the environment, or nil when APISIG_MINIO_ENDPOINT is
// unset. A set endpoint with missing credentials is an error.
func FromEnv() (*Server, error) {
	ep := os.Getenv(EnvEndpoint)
	if ep == "" {
		return nil, nil
	}
	u, err := url.Parse(ep)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("%s=%q: want http://host:port", EnvEndpoint, ep)
	}
	ak, sk := os.Getenv(EnvAccessKey), os.Getenv(EnvSecretKey)
	if ak == "" || sk == "" {
		return nil, fmt.Errorf("%s is set but %s or %s is not", EnvEndpoint, EnvAccessKey, EnvSecretKey)
	}
	region := os.Getenv(EnvRegion)
	if region == "" {
		region = "us-east-1"
	}
	return &Server{
		Endpoint: u,
		Creds:    apisig.Credentials{AccessKeyID: ak, Secret: apisig.NewSecret(sk)},
		Region:   region,
		HTTP: &http.Client{
			Timeout:       5 * time.Minute,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}, nil
}

// Keys is a key store holding the root credentials, for apisig's verifiers.
func (s *Server) Keys() apisig.StaticKeys {
	return apisig.StaticKeys{s.Creds.AccessKeyID: s.Creds.Secret}
}

// SigV4 returns a SigV4 signer (and verifier) for S3 on this server, with the wall clock.
func (s *Server) SigV4() *aws.SigV4 {
	return &aws.SigV4{Region: s.Region, Service: "s3", Keys: s.Keys()}
}

// ObjectURL returns the path-style URL of bucket/key with a raw query. The key is escaped as
// S3's canonical URI escapes it (RFC 3986 unreserved left alone, '/' kept), so what is sent is
// what is signed.
func (s *Server) ObjectURL(bucket, key, rawQuery string) *url.URL {
	p := "/" + bucket
	if key != "" {
		p += "/" + key
	} else if bucket != "" {
		p += "/"
	}
	if bucket == "" {
		p = "/"
	}
	u := &url.URL{Scheme: s.Endpoint.Scheme, Host: s.Endpoint.Host, Path: p, RawQuery: rawQuery}
	u.RawPath = string(canon.Encoding{Set: canon.Unreserved}.AppendPath(nil, p))
	return u
}

// NewRequest builds an unsigned path-style request for bucket/key. A body is re-readable
// (GetBody is set), so signers can hash it.
func (s *Server) NewRequest(method, bucket, key, rawQuery string, body []byte) *http.Request {
	u := s.ObjectURL(bucket, key, rawQuery)
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, u.String(), rd)
	if err != nil {
		panic(err) // cannot happen: the URL was built from parts
	}
	req.URL = u
	if body == nil {
		req.ContentLength = 0
	}
	return req
}

// Response is a server's answer, its body read.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// Error is the parsed S3 error body, when the status is not 2xx and the body is one.
	Error *S3Error
}

// S3Error is the XML error body S3 and MinIO return.
type S3Error struct {
	Code      string `xml:"Code"`
	Message   string `xml:"Message"`
	Key       string `xml:"Key"`
	Resource  string `xml:"Resource"`
	RequestID string `xml:"RequestId"`
	// StringToSign and CanonicalRequest are what AWS S3 returns with SignatureDoesNotMatch;
	// MinIO leaves them out.
	StringToSign     string `xml:"StringToSign"`
	CanonicalRequest string `xml:"CanonicalRequest"`
}

// Do sends req and reads the whole answer. A HEAD error has no body: its code is then taken
// from the status alone (MinIO sends none), so Error stays nil.
func (s *Server) Do(req *http.Request) (*Response, error) {
	resp, err := s.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	r := &Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
	if resp.StatusCode/100 != 2 && len(body) > 0 {
		var e S3Error
		if xml.Unmarshal(body, &e) == nil && e.Code != "" {
			r.Error = &e
		}
	}
	return r, nil
}

// Code returns the S3 error code of the response, or "" for a success.
func (r *Response) Code() string {
	if r.Error != nil {
		return r.Error.Code
	}
	return ""
}

// String summarises the response for test failures.
func (r *Response) String() string {
	if r.Error != nil {
		return fmt.Sprintf("%d %s: %s", r.Status, r.Error.Code, r.Error.Message)
	}
	b := r.Body
	if len(b) > 300 {
		b = b[:300]
	}
	return fmt.Sprintf("%d %s", r.Status, strings.TrimSpace(string(b)))
}

// WaitReady polls the server with a SigV4-signed ListBuckets until it answers 200 or the
// timeout passes. Between /minio/health/ready turning 200 and its IAM being up, MinIO answers
// signed requests with 503 XMinioIAMNotInitialized, so only a signed request proves readiness.
func (s *Server) WaitReady(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var last string
	for {
		req := s.NewRequest(http.MethodGet, "", "", "", nil).WithContext(ctx)
		err := s.SigV4().Sign(ctx, req, s.Creds)
		if err != nil {
			return err
		}
		resp, err := s.Do(req)
		switch {
		case err == nil && resp.Status == http.StatusOK:
			return nil
		case err == nil:
			last = resp.String()
		default:
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("MinIO at %s not ready after %s: last answer: %s", s.Endpoint, timeout, last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Signed sends a request signed with SigV4 in the Authorization header.
func (s *Server) Signed(ctx context.Context, method, bucket, key, rawQuery string, body []byte) (*Response, error) {
	req := s.NewRequest(method, bucket, key, rawQuery, body).WithContext(ctx)
	if err := s.SigV4().Sign(ctx, req, s.Creds); err != nil {
		return nil, err
	}
	return s.Do(req)
}

// CreateBucket creates bucket; one that already exists and is ours is not an error.
func (s *Server) CreateBucket(ctx context.Context, bucket string) error {
	resp, err := s.Signed(ctx, http.MethodPut, bucket, "", "", nil)
	if err != nil {
		return err
	}
	if resp.Status != http.StatusOK && resp.Code() != "BucketAlreadyOwnedByYou" {
		return fmt.Errorf("create bucket %s: %s", bucket, resp)
	}
	return nil
}

// RemoveBucket deletes every object of bucket and then the bucket, best effort.
func (s *Server) RemoveBucket(ctx context.Context, bucket string) error {
	var errs []error
	for range 100 {
		resp, err := s.Signed(ctx, http.MethodGet, bucket, "", "list-type=2&max-keys=1000", nil)
		if err != nil {
			return err
		}
		var list ListBucketResult
		if err := xml.Unmarshal(resp.Body, &list); err != nil {
			return fmt.Errorf("list %s: %w (%s)", bucket, err, resp)
		}
		if len(list.Contents) == 0 {
			break
		}
		for _, c := range list.Contents {
			if r, err := s.Signed(ctx, http.MethodDelete, bucket, c.Key, "", nil); err != nil {
				errs = append(errs, err)
			} else if r.Status/100 != 2 {
				errs = append(errs, fmt.Errorf("delete %q: %s", c.Key, r))
			}
		}
		if len(errs) > 0 {
			return errors.Join(errs...)
		}
	}
	resp, err := s.Signed(ctx, http.MethodDelete, bucket, "", "", nil)
	if err != nil {
		return err
	}
	if resp.Status/100 != 2 {
		return fmt.Errorf("delete bucket %s: %s", bucket, resp)
	}
	return nil
}

// ListBucketResult is the ListObjectsV2 answer, the parts the tests read.
type ListBucketResult struct {
	KeyCount int `xml:"KeyCount"`
	Contents []struct {
		Key  string `xml:"Key"`
		Size int64  `xml:"Size"`
		ETag string `xml:"ETag"`
	} `xml:"Contents"`
}

// md5b64 is the Content-MD5 value of b.
func md5b64(b []byte) string {
	sum := md5.Sum(b)
	return base64.StdEncoding.EncodeToString(sum[:])
}
