package sigv2_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws/sigv2"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/schemetest"
)

var (
	testTime  = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	testCreds = apisig.Credentials{AccessKeyID: "AKIDEXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")}
	testKeys  = apisig.StaticKeys{"AKIDEXAMPLE": apisig.NewSecret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")}
)

// newRequest builds a request with a decoded path, a raw query, headers and a body.
func newRequest(method, host, path, rawQuery, body string, headers ...string) func() *http.Request {
	return func() *http.Request {
		u := schemetest.URL("https", host, path, rawQuery)
		var req *http.Request
		var err error
		if body != "" {
			req, err = http.NewRequest(method, u.String(), strings.NewReader(body))
		} else {
			req, err = http.NewRequest(method, u.String(), nil)
		}
		if err != nil {
			panic(err)
		}
		req.URL = u
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Add(headers[i], headers[i+1])
		}
		return req
	}
}

// awkward is the set of requests every SigV2 configuration is run on. Their ordinary query
// parameters are not signed (only sub-resources are), so they carry sub-resources only.
func awkward(host string) []schemetest.Case {
	return []schemetest.Case{
		{Name: "get-vanilla", Request: newRequest("GET", host, "/bucket/key", "", "")},
		{Name: "unicode-and-spaces", Request: newRequest("GET", host, "/bucket/ሴ/a b/c+d*e~f%g", "", "")},
		{Name: "sub-resources", Request: newRequest("GET", host, "/bucket/k", "versionId=3%2B1&acl&response-content-type=text%2Fplain", "")},
		{Name: "amz-headers", Request: newRequest("PUT", host, "/bucket/h", "", "data", "X-Amz-Meta-B", "  b  ", "x-amz-meta-a", "1", "X-Amz-Meta-A", "2", "Content-Type", "text/plain", "Content-Md5", "jXd/OF09/siBXSD3SWAm3A==", "User-Agent", "test/1.0")},
		{Name: "presign", Request: newRequest("GET", host, "/bucket/obj ect", "versionId=3", ""), Presign: 15 * time.Minute},
		{Name: "presign-with-headers", Request: newRequest("PUT", host, "/bucket/up", "uploadId=x&partNumber=2", "", "Content-Type", "text/plain", "X-Amz-Acl", "private"), Presign: time.Hour},
	}
}

func suite(s *sigv2.SigV2, creds apisig.Credentials, host string) schemetest.Suite {
	return schemetest.Suite{
		Signer:        s,
		Verifier:      s,
		Credentials:   creds,
		Cases:         awkward(host),
		Carriers:      []string{"Authorization", sigv2.QuerySignature},
		Unsigned:      []string{"User-Agent", "Content-Length"},
		Structural:    []string{"Content-Md5", "Date", "X-Amz-Date", sigv2.QueryExpires, sigv2.QueryAccessKeyID},
		UnsignedQuery: []string{"apisig-unsigned"},
		AddedQuery:    canon.Pair{Key: "acl", NoEquals: true},
		// SigV2 signs the path, not the host (S3 takes a virtual-hosted bucket from the host).
		UnsignedHost: true,
	}
}

func TestSuite(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	withToken := testCreds
	withToken.SessionToken = apisig.NewSecret("session/token+with=chars")
	for _, tc := range []struct {
		name  string
		s     *sigv2.SigV2
		creds apisig.Credentials
		host  string
	}{
		{"path-style-date", &sigv2.SigV2{Clock: clock, Keys: testKeys}, testCreds, "s3.amazonaws.com"},
		{"path-style-x-amz-date", &sigv2.SigV2{Clock: clock, Keys: testKeys, DateHeader: sigv2.DateHeaderAmzDate}, testCreds, "127.0.0.1:9000"},
		{"virtual-host-session-token", &sigv2.SigV2{Bucket: "bucket", Clock: clock, Keys: testKeys}, withToken, "bucket.s3.amazonaws.com"},
	} {
		t.Run(tc.name, func(t *testing.T) { schemetest.Run(t, suite(tc.s, tc.creds, tc.host)) })
	}
}

// TestVirtualHostDomain: with Domain set, the bucket comes from the host, so one verifier serves
// every bucket, and a request sent to another bucket's host does not verify.
func TestVirtualHostDomain(t *testing.T) {
	s := &sigv2.SigV2{Domain: "s3.amazonaws.com", Clock: apisig.FixedClock(testTime), Keys: testKeys}
	schemetest.Run(t, suite(s, testCreds, "bucket.s3.amazonaws.com:443"))
	req := newRequest("GET", "johnsmith.s3.amazonaws.com", "/photos/puppy.jpg", "", "")()
	tr, err := s.Explain(context.Background(), req, testCreds)
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := tr.Lookup("CanonicalizedResource"); res != "/johnsmith/photos/puppy.jpg" {
		t.Errorf("CanonicalizedResource = %q, want /johnsmith/photos/puppy.jpg", res)
	}
	req.Host = "other.s3.amazonaws.com"
	if _, err := s.Verify(context.Background(), req); !errors.Is(err, apisig.ErrMismatch) {
		t.Errorf("request moved to another bucket's host: %v, want a mismatch", err)
	}
}
