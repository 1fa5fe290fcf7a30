package minio

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/aws/sigv2"
)

// tempCredentials asks MinIO's STS (AssumeRole, signed with SigV4 for service sts) for
// temporary credentials with a session token.
func tempCredentials(t *testing.T, s *Server) apisig.Credentials {
	t.Helper()
	body := "Action=AssumeRole&Version=2011-06-15&DurationSeconds=3600"
	req, err := http.NewRequest(http.MethodPost, s.Endpoint.String()+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	sg := &aws.SigV4{Region: s.Region, Service: "sts"}
	if err := sg.Sign(context.Background(), req, s.Creds); err != nil {
		t.Fatal(err)
	}
	r, err := s.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != http.StatusOK {
		t.Skipf("MinIO STS AssumeRole with the root user: %s", r)
	}
	var out struct {
		Result struct {
			Credentials struct {
				AccessKeyID     string `xml:"AccessKeyId"`
				SecretAccessKey string `xml:"SecretAccessKey"`
				SessionToken    string `xml:"SessionToken"`
			} `xml:"Credentials"`
		} `xml:"AssumeRoleResult"`
	}
	if err := xml.Unmarshal(r.Body, &out); err != nil {
		t.Fatalf("AssumeRole answer: %v\n%s", err, r.Body)
	}
	c := out.Result.Credentials
	if c.SessionToken == "" {
		t.Fatalf("AssumeRole answer has no session token:\n%s", r.Body)
	}
	return apisig.Credentials{AccessKeyID: c.AccessKeyID, Secret: apisig.NewSecret(c.SecretAccessKey), SessionToken: apisig.NewSecret(c.SessionToken)}
}

// TestSessionToken: temporary credentials from MinIO's STS sign SigV4 header and presigned
// requests (token signed, A30) and SigV2 header requests; leaving the token out is rejected.
func TestSessionToken(t *testing.T) {
	s := server(t)
	ctx := context.Background()
	creds := tempCredentials(t, s)
	plain := &http.Client{Timeout: time.Minute}
	key := "sts/token-object"
	body := []byte("signed with temporary credentials")

	v4 := s.SigV4()
	req := s.NewRequest(http.MethodPut, bucket, key, "", body)
	if err := v4.Sign(ctx, req, creds); err != nil {
		t.Fatal(err)
	}
	if r, err := s.Do(req); err != nil || r.Status != http.StatusOK {
		t.Fatalf("SigV4 PUT with a session token: %v %v", r, err)
	}
	p, err := v4.Presign(ctx, s.NewRequest(http.MethodGet, bucket, key, "", nil), creds, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	get, _ := http.NewRequest(http.MethodGet, p.URL.String(), nil)
	get.URL = p.URL
	if r := do(t, plain, get); r.Status != http.StatusOK || string(r.Body) != string(body) {
		t.Fatalf("SigV4 presigned GET with a session token: %s", r)
	}

	v2 := &sigv2.SigV2{}
	req = s.NewRequest(http.MethodGet, bucket, key, "", nil)
	if err := v2.Sign(ctx, req, creds); err != nil {
		t.Fatal(err)
	}
	if r, err := s.Do(req); err != nil || r.Status != http.StatusOK {
		t.Fatalf("SigV2 GET with a session token (x-amz-security-token signed as an x-amz header): %v %v", r, err)
	}

	// SigV2 presigned: the token travels as the x-amz-security-token query parameter and is
	// signed as an x-amz header (botocore's HmacV1QueryAuth).
	p2, err := v2.Presign(ctx, s.NewRequest(http.MethodGet, bucket, key, "", nil), creds, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	get, _ = http.NewRequest(http.MethodGet, p2.URL.String(), nil)
	get.URL = p2.URL
	if r := do(t, plain, get); r.Status/100 == 2 {
		t.Logf("SigV2 presigned GET with a session token: MinIO accepts it now")
	} else {
		// MinIO looks for the token only in an X-Amz-Security-Token header or query key (case
		// as written) and signs no query parameter as an x-amz header in SigV2: it does not
		// support what botocore sends. apisig follows AWS's SDK.
		t.Logf("MinIO departs from AWS: a SigV2 presigned URL with x-amz-security-token is refused: %s", r)
	}

	// A30: the token left out.
	for name, sign := range map[string]func(*http.Request) error{
		"sigv4": func(r *http.Request) error {
			sg := s.SigV4()
			if err := sg.SetKnob("session-token", "omit"); err != nil {
				return err
			}
			return sg.Sign(ctx, r, creds)
		},
		"sigv2": func(r *http.Request) error {
			if err := v2.Sign(ctx, r, creds); err != nil {
				return err
			}
			r.Header.Del(sigv2.HeaderSecurityToken)
			return nil
		},
	} {
		req := s.NewRequest(http.MethodGet, bucket, key, "", nil)
		if err := sign(req); err != nil {
			t.Fatal(err)
		}
		r, err := s.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		// AWS answers InvalidAccessKeyId here (MISTAKES.md A30); MinIO names the token.
		if r.Code() != "InvalidTokenId" {
			t.Errorf("%s without its session token: MinIO %s, want 403 InvalidTokenId", name, fmt.Sprint(r))
		}
	}
}
