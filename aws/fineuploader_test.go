package aws_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/internal/vectors"
)

// TestFineUploaderPublishedPolicies sends AWS's two published POST policies as Fine Uploader
// would (the document as the JSON body) and expects the published signatures: the document is
// signed exactly as received.
func TestFineUploaderPublishedPolicies(t *testing.T) {
	for _, tc := range []struct {
		dir   string
		v4    bool
		rules aws.FineUploaderRules
		now   time.Time
	}{
		{"testdata/vectors/aws-s3-sigv4-post-policy", true,
			aws.FineUploaderRules{Bucket: "sigv4examplebucket", KeyPrefix: "user/user1/", ContentTypes: []string{"image/*"}, Region: "us-east-1"},
			time.Date(2015, 12, 29, 12, 0, 0, 0, time.UTC)},
		{"testdata/vectors/aws-sigv2-s3-post-policy", false,
			aws.FineUploaderRules{Bucket: "johnsmith", KeyPrefix: "user/eric/", ContentTypes: []string{"image/*"}},
			time.Date(2007, 11, 30, 12, 0, 0, 0, time.UTC)},
	} {
		for _, v := range vectors.Load(t, tc.dir) {
			t.Run(v.Scheme, func(t *testing.T) {
				var in postInputs
				var want struct {
					Signature string `json:"signature"`
				}
				vectors.Decode(t, v.Inputs, &in)
				vectors.Decode(t, v.Expected, &want)
				fu := &aws.FineUploader{Rules: tc.rules, Clock: apisig.FixedClock(tc.now),
					Credentials: apisig.Credentials{AccessKeyID: in.Credentials.AccessKeyID, Secret: apisig.NewSecret(in.Credentials.SecretAccessKey)}}
				resp, err := fu.Sign([]byte(in.Policy), tc.v4)
				if err != nil {
					t.Fatal(err)
				}
				if resp.Policy != in.PolicyBase64 || resp.Signature != want.Signature {
					t.Errorf("response %+v, want policy %s... signature %s", resp, in.PolicyBase64[:20], want.Signature)
				}
				// The same through the HTTP endpoint.
				url := "/s3handler"
				if tc.v4 {
					url += "?v4=true"
				}
				rec := httptest.NewRecorder()
				fu.ServeHTTP(rec, httptest.NewRequest("POST", url, strings.NewReader(in.Policy)))
				var got aws.FineUploaderResponse
				if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != 200 || got.Signature != want.Signature {
					t.Errorf("ServeHTTP: %d %s", rec.Code, rec.Body)
				}
				// Rules that the policy breaks are refused.
				strict := *fu
				strict.Rules.KeyPrefix = "admin/"
				if _, err := strict.Sign([]byte(in.Policy), tc.v4); !errors.Is(err, apisig.ErrInvalidInput) {
					t.Errorf("key prefix rule not applied: %v", err)
				}
			})
		}
	}
}

var fuTime = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func fineUploader() *aws.FineUploader {
	return &aws.FineUploader{
		Rules:       aws.FineUploaderRules{Bucket: "uploads", KeyPrefix: "u/", MaxSize: 1 << 20, ContentTypes: []string{"image/*", "application/pdf"}, Region: "us-east-1"},
		Credentials: testCreds, Clock: apisig.FixedClock(fuTime),
	}
}

func fuPolicy(v4 bool, edit func(p *aws.PostPolicy)) []byte {
	p := &aws.PostPolicy{Expiration: fuTime.Add(5 * time.Minute)}
	p.Eq("acl", "private").Bucket("uploads").ContentType("image/jpeg").SuccessActionStatus(200).Key("u/0b1f.jpg").
		Eq("x-amz-meta-qqfilename", "cat.jpg").ContentLengthRange(0, 1000)
	if v4 {
		p.Eq("x-amz-algorithm", aws.Algorithm).Eq("x-amz-credential", testCreds.AccessKeyID+"/20261123/us-east-1/s3/aws4_request").Eq("x-amz-date", "20261123T120000Z")
	}
	if edit != nil {
		edit(p)
	}
	b, _ := p.MarshalJSON()
	return b
}

func setCond(field, value string) func(p *aws.PostPolicy) {
	return func(p *aws.PostPolicy) {
		for i := range p.Conditions {
			if strings.EqualFold(p.Conditions[i].Field, field) {
				p.Conditions[i].Value = value
			}
		}
	}
}

func TestFineUploaderPolicyRules(t *testing.T) {
	fu := fineUploader()
	for _, v4 := range []bool{false, true} {
		resp, err := fu.Sign(fuPolicy(v4, nil), v4)
		if err != nil {
			t.Fatalf("v4=%v: %v", v4, err)
		}
		// The policy signed verifies as a POST upload.
		ps := &aws.PostSigner{Region: "us-east-1", Clock: apisig.FixedClock(fuTime), Keys: apisig.StaticKeys{testCreds.AccessKeyID: testCreds.Secret}}
		fields := [][2]string{{"key", "u/0b1f.jpg"}, {"acl", "private"}, {"Content-Type", "image/jpeg"}, {"success_action_status", "200"}, {"x-amz-meta-qqfilename", "cat.jpg"}, {"policy", resp.Policy}}
		if v4 {
			fields = append(fields, [2]string{"x-amz-algorithm", aws.Algorithm}, [2]string{"x-amz-credential", testCreds.AccessKeyID + "/20261123/us-east-1/s3/aws4_request"},
				[2]string{"x-amz-date", "20261123T120000Z"}, [2]string{"x-amz-signature", resp.Signature})
		} else {
			fields = append(fields, [2]string{"AWSAccessKeyId", testCreds.AccessKeyID}, [2]string{"signature", resp.Signature})
		}
		if _, err := ps.VerifyPost(context.Background(), postRequest(t, "https://uploads.s3.amazonaws.com/", fields, "jpg", false)); err != nil {
			t.Errorf("v4=%v: the signed policy does not verify: %v", v4, err)
		}
	}
	for _, tc := range []struct {
		name string
		v4   bool
		edit func(p *aws.PostPolicy)
		body string
	}{
		{name: "other bucket", edit: setCond("bucket", "other")},
		{name: "key outside prefix", edit: setCond("key", "admin/x")},
		{name: "key starts-with empty", edit: func(p *aws.PostPolicy) { setCond("key", "")(p); p.Conditions[4].Op = aws.OpStartsWith }},
		{name: "too large", edit: func(p *aws.PostPolicy) { p.Conditions[6].Max = 2 << 20 }},
		{name: "no size range", edit: func(p *aws.PostPolicy) { p.Conditions = append(p.Conditions[:6], p.Conditions[7:]...) }},
		{name: "content type", edit: setCond("Content-Type", "text/html")},
		{name: "content type prefix too wide", edit: func(p *aws.PostPolicy) { setCond("Content-Type", "")(p); p.Conditions[2].Op = aws.OpStartsWith }},
		{name: "expires far", edit: func(p *aws.PostPolicy) { p.Expiration = fuTime.Add(48 * time.Hour) }},
		{name: "expired", edit: func(p *aws.PostPolicy) { p.Expiration = fuTime.Add(-time.Minute) }},
		{name: "v4 other key", v4: true, edit: setCond("x-amz-credential", "AKIAOTHER/20261123/us-east-1/s3/aws4_request")},
		{name: "v4 other region", v4: true, edit: setCond("x-amz-credential", testCreds.AccessKeyID+"/20261123/eu-west-1/s3/aws4_request")},
		{name: "v4 date mismatch", v4: true, edit: setCond("x-amz-date", "20261124T000000Z")},
		{name: "v4 conditions sent as v2", edit: func(p *aws.PostPolicy) { p.Eq("x-amz-credential", "x") }},
		{name: "not json", body: "{"},
		{name: "unknown condition", body: `{"expiration":"2026-11-23T12:05:00.000Z","conditions":[["ends-with","$key","x"]]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := []byte(tc.body)
			if tc.body == "" {
				body = fuPolicy(tc.v4, tc.edit)
			}
			if resp, err := fu.Sign(body, tc.v4); err == nil {
				t.Fatalf("signed: %+v", resp)
			} else if !errors.Is(err, apisig.ErrInvalidInput) && !errors.Is(err, apisig.ErrMalformed) {
				t.Fatalf("error %v wraps neither ErrInvalidInput nor ErrMalformed", err)
			}
		})
	}
}

// TestFineUploaderREST signs the REST requests of a multipart upload. SigV2: the signature is
// HMAC-SHA1 of the string to sign, computed here with the standard library. SigV4: Fine
// Uploader sends the canonical request in place of its hash; the signature must be the one
// SigV4 computes for the same request, and the signed request must verify.
func TestFineUploaderREST(t *testing.T) {
	fu := fineUploader()
	v2 := "POST\n\nimage/jpeg\n\nx-amz-date:Mon, 23 Nov 2026 12:00:00 GMT\n/uploads/u/0b1f.jpg?uploads"
	resp, err := fu.Sign(mustJSON(map[string]string{"headers": v2}), false)
	if err != nil {
		t.Fatal(err)
	}
	m := hmac.New(sha1.New, []byte(testCreds.Secret.Reveal()))
	m.Write([]byte(v2))
	if want := base64.StdEncoding.EncodeToString(m.Sum(nil)); resp.Signature != want {
		t.Errorf("v2 signature %s, want %s", resp.Signature, want)
	}

	sg := &aws.SigV4{Region: "us-east-1", Service: "s3", Clock: apisig.FixedClock(fuTime), Keys: apisig.StaticKeys{testCreds.AccessKeyID: testCreds.Secret}}
	req, _ := http.NewRequest("PUT", "https://uploads.s3.amazonaws.com/u/0b1f.jpg?partNumber=2&uploadId=abc", strings.NewReader("part"))
	tr, err := sg.Explain(context.Background(), req, testCreds)
	if err != nil {
		t.Fatal(err)
	}
	cr, _ := tr.Find(apisig.StepCanonicalRequest)
	sigWant, _ := tr.Find(apisig.StepSignature)
	headers := aws.Algorithm + "\n20261123T120000Z\n20261123/us-east-1/s3/aws4_request\n" + cr
	resp, err = fu.Sign(mustJSON(map[string]string{"headers": headers}), true)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Signature != sigWant {
		t.Errorf("v4 signature %s, SigV4 computes %s", resp.Signature, sigWant)
	}

	for _, tc := range []struct {
		name, headers string
		v4            bool
	}{
		{"v2 GET", "GET\n\n\n\nx-amz-date:x\n/uploads/u/a.jpg?uploadId=1", false},
		{"v2 plain PUT", "PUT\n\nimage/jpeg\n\nx-amz-date:x\n/uploads/u/a.jpg", false},
		{"v2 other bucket", "POST\n\nimage/jpeg\n\nx-amz-date:x\n/other/u/a.jpg?uploads", false},
		{"v2 key prefix", "POST\n\nimage/jpeg\n\nx-amz-date:x\n/uploads/admin/a.jpg?uploads", false},
		{"v2 content type", "POST\n\ntext/html\n\nx-amz-date:x\n/uploads/u/a.jpg?uploads", false},
		{"v4 other host", strings.Replace(headers, "host:uploads.s3.amazonaws.com", "host:evil.s3.amazonaws.com", 1), true},
		{"v4 key prefix", strings.Replace(headers, "/u/0b1f.jpg", "/admin/0b1f.jpg", 1), true},
		{"v4 not multipart", strings.Replace(headers, "partNumber=2&uploadId=abc", "", 1), true},
		{"v4 other region", strings.Replace(headers, "/us-east-1/", "/eu-west-1/", 1), true},
		{"v4 garbage", "AWS4-HMAC-SHA256\nx", true},
		{"v2 copy source", "PUT\n\n\n\nx-amz-copy-source:/secrets/key\nx-amz-date:x\n/uploads/u/a.jpg?partNumber=1&uploadId=1", false},
		{"v4 copy source", strings.Replace(headers, "host:uploads.s3.amazonaws.com\n", "host:uploads.s3.amazonaws.com\nx-amz-copy-source:/secrets/key\n", 1), true},
		{"v4 two hosts", strings.Replace(headers, "host:uploads.s3.amazonaws.com\n", "host:evil.s3.amazonaws.com\nhost:uploads.s3.amazonaws.com\n", 1), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := fu.Sign(mustJSON(map[string]string{"headers": tc.headers}), tc.v4); !errors.Is(err, apisig.ErrInvalidInput) {
				t.Errorf("Sign = %v, want a refusal", err)
			}
		})
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
