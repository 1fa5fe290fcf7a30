package aws_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/internal/vectors"
)

type postInputs struct {
	Credentials struct {
		AccessKeyID     string `json:"access_key_id"`
		SecretAccessKey string `json:"secret_access_key"`
	} `json:"credentials"`
	Date         string      `json:"date"`
	Region       string      `json:"region"`
	Policy       string      `json:"policy"`
	PolicyBase64 string      `json:"policy_base64"`
	FormFields   [][2]string `json:"form_fields"`
}

// postRequest builds the multipart POST a browser sends: fields, then the file.
func postRequest(t testing.TB, url string, fields [][2]string, file string, fileFirst bool) *http.Request {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	writeFile := func() {
		fw, err := w.CreateFormFile("file", "photo.jpg")
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(fw, file)
	}
	if fileFirst {
		writeFile()
	}
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			t.Fatal(err)
		}
	}
	if !fileFirst {
		writeFile()
	}
	w.Close()
	req, err := http.NewRequest("POST", url, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return req
}

// TestPostPolicyPublishedVectors reproduces AWS's two published POST examples: the SigV4
// browser upload and the SigV2 file upload. The policy documents are signed byte for byte as
// published (CRLF and all); then the forms, with the published fields, verify.
func TestPostPolicyPublishedVectors(t *testing.T) {
	for _, tc := range []struct {
		dir      string
		version  aws.PostVersion
		signedAt time.Time
		url      string
	}{
		{"testdata/vectors/aws-s3-sigv4-post-policy", aws.PostV4, time.Date(2015, 12, 29, 0, 0, 0, 0, time.UTC), "http://sigv4examplebucket.s3.amazonaws.com/"},
		{"testdata/vectors/aws-sigv2-s3-post-policy", aws.PostV2, time.Date(2007, 11, 30, 0, 0, 0, 0, time.UTC), "http://johnsmith.s3.amazonaws.com/"},
	} {
		for _, v := range vectors.Load(t, tc.dir) {
			t.Run(v.Scheme+"/"+v.Name, func(t *testing.T) {
				var in postInputs
				var want struct {
					Signature string `json:"signature"`
				}
				vectors.Decode(t, v.Inputs, &in)
				vectors.Decode(t, v.Expected, &want)
				creds := apisig.Credentials{AccessKeyID: in.Credentials.AccessKeyID, Secret: apisig.NewSecret(in.Credentials.SecretAccessKey)}
				s := &aws.PostSigner{Version: tc.version, Region: in.Region, Clock: apisig.FixedClock(tc.signedAt),
					Keys: apisig.StaticKeys{creds.AccessKeyID: creds.Secret}}
				form, tr, err := s.SignDocument(context.Background(), []byte(in.Policy), creds)
				if err != nil {
					t.Fatal(err)
				}
				if form.PolicyBase64 != in.PolicyBase64 {
					t.Errorf("base64 policy =\n%s\nwant\n%s", form.PolicyBase64, in.PolicyBase64)
				}
				if form.Signature != want.Signature {
					t.Errorf("signature = %s, want %s", form.Signature, want.Signature)
				}
				if sts, _ := tr.Find(apisig.StepStringToSign); sts != in.PolicyBase64 {
					t.Errorf("traced string to sign is not the base64 policy")
				}

				fields := in.FormFields
				if tc.version == aws.PostV4 {
					fields = append(fields, [2]string{"Policy", in.PolicyBase64}, [2]string{"X-Amz-Signature", want.Signature})
				} else {
					// The SigV2 example's form, from the same page.
					fields = [][2]string{{"key", "user/eric/${filename}"}, {"acl", "public-read"},
						{"success_action_redirect", "http://johnsmith.s3.amazonaws.com/successful_upload.html"},
						{"Content-Type", "image/jpeg"}, {"x-amz-meta-uuid", "14365123651274"}, {"x-amz-meta-tag", ""},
						{"AWSAccessKeyId", in.Credentials.AccessKeyID}, {"Policy", in.PolicyBase64}, {"Signature", want.Signature}}
				}
				s.Clock = apisig.FixedClock(tc.signedAt.Add(12 * time.Hour))
				u, err := s.VerifyPost(context.Background(), postRequest(t, tc.url, fields, "JPEG", false))
				if err != nil {
					t.Fatalf("VerifyPost: %v", err)
				}
				if !strings.HasSuffix(u.Key, "/photo.jpg") || u.AccessKeyID != creds.AccessKeyID {
					t.Errorf("upload key %q, access key %q", u.Key, u.AccessKeyID)
				}
				data, err := io.ReadAll(u.File)
				if err != nil || string(data) != "JPEG" {
					t.Errorf("file = %q, %v", data, err)
				}
			})
		}
	}
}

var postTime = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func postSigner(v aws.PostVersion) *aws.PostSigner {
	return &aws.PostSigner{Version: v, Region: "us-east-1", Clock: apisig.FixedClock(postTime),
		Keys: apisig.StaticKeys{testCreds.AccessKeyID: testCreds.Secret}}
}

func testPolicy() *aws.PostPolicy {
	p := &aws.PostPolicy{Expiration: postTime.Add(time.Hour)}
	return p.Bucket("uploads").KeyPrefix("user/42/").ContentTypePrefix("image/").ContentLengthRange(1, 100).
		SuccessActionStatus(201).SuccessActionRedirect("https://example.com/done").Eq("x-amz-meta-uuid", "14365123651274").
		StartsWith("x-amz-meta-tag", "")
}

func formFields(form *aws.PostForm, edit func(f [][2]string) [][2]string) [][2]string {
	f := [][2]string{{"key", "user/42/${filename}"}, {"Content-Type", "image/png"}, {"x-amz-meta-tag", "holiday"}}
	for _, fl := range form.Fields {
		f = append(f, [2]string{fl.Name, fl.Value})
	}
	if edit != nil {
		f = edit(f)
	}
	return f
}

func setField(name, value string) func(f [][2]string) [][2]string {
	return func(f [][2]string) [][2]string {
		for i := range f {
			if strings.EqualFold(f[i][0], name) {
				f[i][1] = value
				return f
			}
		}
		return append(f, [2]string{name, value})
	}
}

func dropField(name string) func(f [][2]string) [][2]string {
	return func(f [][2]string) [][2]string {
		out := f[:0]
		for _, x := range f {
			if !strings.EqualFold(x[0], name) {
				out = append(out, x)
			}
		}
		return out
	}
}

func TestPostPolicyRoundTripAndViolations(t *testing.T) {
	for _, v := range []aws.PostVersion{aws.PostV4, aws.PostV2} {
		s := postSigner(v)
		form, err := s.Sign(context.Background(), testPolicy(), testCreds)
		if err != nil {
			t.Fatal(err)
		}
		verify := func(t *testing.T, fields [][2]string, url, file string, fileFirst bool, at time.Time) (*aws.PostUpload, error) {
			vs := *s
			vs.Clock = apisig.FixedClock(at)
			u, err := vs.VerifyPost(context.Background(), postRequest(t, url, fields, file, fileFirst))
			if err != nil {
				return nil, err
			}
			_, err = io.ReadAll(u.File)
			return u, err
		}
		const url = "https://uploads.s3.amazonaws.com/"
		t.Run(v.String()+"/ok", func(t *testing.T) {
			u, err := verify(t, formFields(form, nil), url, "png!", false, postTime.Add(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			if u.Key != "user/42/photo.jpg" || u.Bucket != "uploads" {
				t.Errorf("key %q bucket %q", u.Key, u.Bucket)
			}
			// Path-style works too.
			if _, err := verify(t, formFields(form, nil), "https://s3.amazonaws.com/uploads", "png!", false, postTime); err != nil {
				t.Errorf("path style: %v", err)
			}
		})
		for _, tc := range []struct {
			name      string
			edit      func([][2]string) [][2]string
			url, file string
			fileFirst bool
			at        time.Time
			kind      error
			msg       string
		}{
			{name: "bucket", url: "https://other.s3.amazonaws.com/", kind: apisig.ErrMismatch, msg: `Policy Condition failed: ["eq", "$bucket", "uploads"]`},
			{name: "key prefix", edit: setField("key", "user/43/x"), kind: apisig.ErrMismatch, msg: `Policy Condition failed: ["starts-with", "$key", "user/42/"]`},
			{name: "content type", edit: setField("Content-Type", "text/html"), kind: apisig.ErrMismatch, msg: `["starts-with", "$Content-Type", "image/"]`},
			{name: "content type missing", edit: dropField("Content-Type"), kind: apisig.ErrMismatch, msg: `["starts-with", "$Content-Type", "image/"]`},
			{name: "status", edit: setField("success_action_status", "200"), kind: apisig.ErrMismatch, msg: `["eq", "$success_action_status", "201"]`},
			{name: "redirect", edit: setField("success_action_redirect", "https://evil.example/"), kind: apisig.ErrMismatch, msg: `["eq", "$success_action_redirect", "https://example.com/done"]`},
			{name: "meta", edit: setField("x-amz-meta-uuid", "1"), kind: apisig.ErrMismatch, msg: `["eq", "$x-amz-meta-uuid", "14365123651274"]`},
			{name: "starts-with empty but field missing", edit: dropField("x-amz-meta-tag"), kind: apisig.ErrMismatch, msg: `["starts-with", "$x-amz-meta-tag", ""]`},
			{name: "extra field", edit: setField("x-amz-meta-other", "1"), kind: apisig.ErrMismatch, msg: "Extra input fields: x-amz-meta-other"},
			{name: "x-ignore field allowed", edit: setField("x-ignore-me", "1")},
			{name: "file too large", file: strings.Repeat("x", 101), kind: apisig.ErrMismatch, msg: "exceeds the maximum allowed size"},
			{name: "file empty", file: "", kind: apisig.ErrMismatch, msg: "smaller than the minimum allowed size"},
			{name: "expired", at: postTime.Add(2 * time.Hour), kind: apisig.ErrExpired, msg: "Policy expired"},
			{name: "policy tampered", edit: setField("policy", strings.Repeat("e30=", 1)), kind: apisig.ErrMismatch},
			{name: "wrong signature", edit: func(f [][2]string) [][2]string {
				for i := range f {
					if n := strings.ToLower(f[i][0]); n == "x-amz-signature" || n == "signature" {
						f[i][1] = strings.Repeat("0", len(f[i][1]))
					}
				}
				return f
			}, kind: apisig.ErrMismatch},
			{name: "file before policy", fileFirst: true, kind: apisig.ErrNotSigned, msg: "no policy field before the file field"},
			{name: "no key", edit: dropField("key"), kind: apisig.ErrMalformed, msg: "key field"},
		} {
			t.Run(v.String()+"/"+tc.name, func(t *testing.T) {
				if tc.url == "" {
					tc.url = url
				}
				if tc.file == "" && tc.name != "file empty" {
					tc.file = "png!"
				}
				if tc.at.IsZero() {
					tc.at = postTime.Add(time.Minute)
				}
				_, err := verify(t, formFields(form, tc.edit), tc.url, tc.file, tc.fileFirst, tc.at)
				if tc.kind == nil {
					if err != nil {
						t.Fatalf("VerifyPost: %v", err)
					}
					return
				}
				if !errors.Is(err, tc.kind) {
					t.Fatalf("VerifyPost = %v, want %v", err, tc.kind)
				}
				if !strings.Contains(err.Error(), tc.msg) {
					t.Errorf("error %q does not say %q", err, tc.msg)
				}
			})
		}
	}
	t.Run("x-amz-date differs from the policy (A38)", func(t *testing.T) {
		s := postSigner(aws.PostV4)
		form, _ := s.Sign(context.Background(), testPolicy(), testCreds)
		_, err := s.VerifyPost(context.Background(), postRequest(t, "https://uploads.s3.amazonaws.com/", formFields(form, setField("X-Amz-Date", "20261123T120001Z")), "png!", false))
		if !errors.Is(err, apisig.ErrMismatch) || !strings.Contains(err.Error(), `Policy Condition failed: ["eq", "$x-amz-date", "20261123T120000Z"]`) {
			t.Fatalf("VerifyPost = %v", err)
		}
	})
}

func TestPostPolicyRejects(t *testing.T) {
	ctx := context.Background()
	s := postSigner(aws.PostV4)
	for _, tc := range []struct {
		name string
		p    *aws.PostPolicy
	}{
		{"no expiration", &aws.PostPolicy{}},
		{"expired", &aws.PostPolicy{Expiration: postTime.Add(-time.Second)}},
		{"bad range", (&aws.PostPolicy{Expiration: postTime.Add(time.Hour)}).ContentLengthRange(10, 1)},
		{"dollar field", (&aws.PostPolicy{Expiration: postTime.Add(time.Hour)}).Eq("$key", "a")},
		{"unknown op", &aws.PostPolicy{Expiration: postTime.Add(time.Hour), Conditions: []aws.Condition{{Op: "ends-with", Field: "key"}}}},
	} {
		if _, err := s.Sign(ctx, tc.p, testCreds); !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("%s: Sign = %v, want ErrInvalidInput", tc.name, err)
		}
	}
	if _, err := (&aws.PostSigner{Clock: apisig.FixedClock(postTime)}).Sign(ctx, testPolicy(), testCreds); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("no region: %v", err)
	}
	for _, doc := range []string{
		`not json`,
		`{"expiration":"2026-11-23T13:00:00.000Z","conditions":[["ends-with","$key","x"]]}`,
		`{"expiration":"2026-11-23T13:00:00.000Z","conditions":[{"a":"1","b":"2"}]}`,
		`{"expiration":"2026-11-23T13:00:00.000Z","conditions":[["eq","key","x"]]}`,
		`{"expiration":"2026-11-23T13:00:00.000Z","conditions":[["content-length-range",-1,5]]}`,
		`{"expiration":"2026-11-23T13:00:00.000Z","conditions":[["content-length-range",5,1]]}`,
		`{"expiration":"2026-11-23T13:00:00.000Z","conditions":[5]}`,
		`{"expiration":"tomorrow","conditions":[]}`,
		`{"conditions":[]}`,
		`{"expiration":"2026-11-23T13:00:00.000Z"}`,
		`{"expiration":"2026-11-23T13:00:00.000Z","conditions":[],"other":1}`,
	} {
		if _, err := aws.ParsePostPolicy([]byte(doc)); !errors.Is(err, apisig.ErrMalformed) || !strings.Contains(err.Error(), "InvalidPolicyDocument") {
			t.Errorf("%s: ParsePostPolicy = %v, want InvalidPolicyDocument", doc, err)
		}
	}
	// Not multipart, no file.
	req, _ := http.NewRequest("POST", "https://b.s3.amazonaws.com/", strings.NewReader("a=b"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, err := s.VerifyPost(ctx, req); !errors.Is(err, apisig.ErrMalformed) {
		t.Errorf("urlencoded form: %v", err)
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("key", "k")
	w.Close()
	req, _ = http.NewRequest("POST", "https://b.s3.amazonaws.com/", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	if _, err := s.VerifyPost(ctx, req); !errors.Is(err, apisig.ErrMalformed) || !strings.Contains(err.Error(), "no file field") {
		t.Errorf("no file: %v", err)
	}
}

// TestPostPolicyDocument checks the document the builder writes against the form AWS
// documents: eq as an object, the others as arrays, the expiration with milliseconds.
func TestPostPolicyDocument(t *testing.T) {
	p := (&aws.PostPolicy{Expiration: time.Date(2015, 12, 30, 12, 0, 0, 0, time.UTC)}).Bucket("b").KeyPrefix("u/").ContentLengthRange(0, 10)
	doc, _ := p.MarshalJSON()
	want := `{"expiration":"2015-12-30T12:00:00.000Z","conditions":[{"bucket":"b"},["starts-with","$key","u/"],["content-length-range",0,10]]}`
	if string(doc) != want {
		t.Errorf("document\n%s\nwant\n%s", doc, want)
	}
	back, err := aws.ParsePostPolicy(doc)
	if err != nil || len(back.Conditions) != 3 || !back.Expiration.Equal(p.Expiration) {
		t.Errorf("parse back: %+v, %v", back, err)
	}
}

// TestPostPolicyExplain checks the trace: the policy (session token redacted), the base64
// string to sign, the redacted key derivation and the signature placed in the form.
func TestPostPolicyExplain(t *testing.T) {
	creds := testCreds
	creds.SessionToken = apisig.NewSecret("session/token+1")
	s := postSigner(aws.PostV4)
	form, tr, err := s.Explain(context.Background(), testPolicy(), creds)
	if err != nil {
		t.Fatal(err)
	}
	if sig, _ := tr.Find(apisig.StepSignature); sig != form.Signature || form.Get("X-Amz-Signature") != sig {
		t.Errorf("traced signature %q, form %q", sig, form.Get("X-Amz-Signature"))
	}
	if sts, _ := tr.Find(apisig.StepStringToSign); sts != form.PolicyBase64 {
		t.Error("string to sign is not the base64 policy")
	}
	text := tr.String()
	if strings.Contains(text, creds.Secret.Reveal()) || strings.Contains(text, "session/token+1") {
		t.Errorf("trace shows a secret:\n%s", text)
	}
	if form.Get("X-Amz-Security-Token") != "session/token+1" || !strings.Contains(string(form.Policy), `{"x-amz-security-token":"session/token+1"}`) {
		t.Error("session token is not in the form and the policy")
	}
	// The form with its token verifies.
	fields := formFields(form, nil)
	if _, err := s.VerifyPost(context.Background(), postRequest(t, "https://uploads.s3.amazonaws.com/", fields, "png!", false)); err != nil {
		t.Errorf("VerifyPost: %v", err)
	}
}
