package aws_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// FuzzParsePostPolicy checks that no document panics the policy parser, that every refusal is
// InvalidPolicyDocument, and that what it accepts writes back to a document that parses to the
// same policy.
func FuzzParsePostPolicy(f *testing.F) {
	for _, s := range []string{
		`{"expiration":"2015-12-30T12:00:00.000Z","conditions":[{"bucket":"b"},["starts-with","$key","u/"],["content-length-range",0,10]]}`,
		"{ \"expiration\": \"2007-12-01T12:00:00.000Z\",\n  \"conditions\": [\n    {\"acl\": \"public-read\"},\n    [\"starts-with\", \"$x-amz-meta-tag\", \"\"]\n  ]\n}\n",
		`{"expiration":"2015-12-30T12:00:00Z","conditions":[["EQ","$key","a"],["content-length-range","1","2"]]}`,
		`{"expiration":1,"conditions":{}}`,
		`[]`, `null`, `{"conditions":[[]]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		p, err := aws.ParsePostPolicy(doc)
		if err != nil {
			var re *apisig.RequestError
			if !errors.As(err, &re) || re.Code != aws.CodeInvalidPolicyDocument || !errors.Is(err, apisig.ErrMalformed) {
				t.Fatalf("error %v is not an InvalidPolicyDocument RequestError", err)
			}
			return
		}
		again, _ := p.MarshalJSON()
		q, err := aws.ParsePostPolicy(again)
		if err != nil {
			t.Fatalf("rewritten document %s does not parse: %v", again, err)
		}
		if len(q.Conditions) != len(p.Conditions) || !q.Expiration.Equal(p.Expiration.Truncate(1e6)) && !q.Expiration.Equal(p.Expiration) {
			t.Fatalf("rewritten document %s parses to %+v, was %+v", again, q, p)
		}
		for i := range p.Conditions {
			if p.Conditions[i] != q.Conditions[i] {
				t.Fatalf("condition %d: %+v became %+v", i, p.Conditions[i], q.Conditions[i])
			}
		}
	})
}

// FuzzVerifyPost checks that no multipart body panics the POST verifier and that every refusal
// is a typed verification error.
func FuzzVerifyPost(f *testing.F) {
	s := postSigner(aws.PostV4)
	form, err := s.Sign(context.Background(), testPolicy(), testCreds)
	if err != nil {
		f.Fatal(err)
	}
	for _, fileFirst := range []bool{false, true} {
		req := postRequest(f, "https://uploads.s3.amazonaws.com/", formFields(form, nil), "png!", fileFirst)
		body, _ := io.ReadAll(req.Body)
		f.Add(body)
	}
	f.Add([]byte("--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--B--\r\n"))
	f.Add([]byte("--B\r\nContent-Disposition: form-data; name=\"policy\"\r\n\r\n!!\r\n--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--B--\r\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		boundary := "B"
		if i := bytes.Index(body, []byte("\r\n")); i > 2 && body[0] == '-' && body[1] == '-' {
			boundary = string(body[2:i])
		}
		req, _ := http.NewRequest("POST", "https://uploads.s3.amazonaws.com/", bytes.NewReader(body))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=\""+boundary+"\"")
		u, err := s.VerifyPost(context.Background(), req)
		if err != nil {
			var re *apisig.RequestError
			var me *apisig.MismatchError
			if !errors.As(err, &re) && !errors.As(err, &me) {
				t.Fatalf("error %v is neither a RequestError nor a MismatchError", err)
			}
			return
		}
		io.Copy(io.Discard, u.File)
	})
}
