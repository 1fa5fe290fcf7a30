package aws_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// FuzzFineUploaderSign checks that no signing request panics the Fine Uploader endpoint, that
// every refusal is a typed RequestError, and that nothing carrying an x-amz-copy-source header
// is signed.
func FuzzFineUploaderSign(f *testing.F) {
	sg := &aws.SigV4{Region: "us-east-1", Service: "s3", Clock: apisig.FixedClock(fuTime)}
	req, _ := http.NewRequest("PUT", "https://uploads.s3.amazonaws.com/u/0b1f.jpg?partNumber=2&uploadId=abc", strings.NewReader("part"))
	tr, err := sg.Explain(context.Background(), req, testCreds)
	if err != nil {
		f.Fatal(err)
	}
	cr, _ := tr.Find(apisig.StepCanonicalRequest)
	v4 := aws.Algorithm + "\n20261123T120000Z\n20261123/us-east-1/s3/aws4_request\n" + cr
	for _, s := range []struct {
		body string
		v4   bool
	}{
		{string(fuPolicy(true, nil)), true},
		{string(fuPolicy(false, nil)), false},
		{string(mustJSON(map[string]string{"headers": v4})), true},
		{string(mustJSON(map[string]string{"headers": "POST\n\nimage/jpeg\n\nx-amz-date:x\n/uploads/u/0b1f.jpg?uploads"})), false},
		{`{"headers":"AWS4-HMAC-SHA256\nx"}`, true},
		{`{"headers":"","conditions":[]}`, false},
		{`[]`, false}, {`null`, true}, {``, false},
	} {
		f.Add([]byte(s.body), s.v4)
	}
	fu := fineUploader()
	f.Fuzz(func(t *testing.T, body []byte, v4 bool) {
		resp, err := fu.Sign(body, v4)
		if err != nil {
			var re *apisig.RequestError
			if !errors.As(err, &re) || !errors.Is(err, apisig.ErrInvalidInput) && !errors.Is(err, apisig.ErrMalformed) {
				t.Fatalf("error %v is not a RequestError of invalid or malformed input", err)
			}
			return
		}
		if resp.Signature == "" {
			t.Fatal("signed with an empty signature")
		}
		var probe struct {
			Headers *string `json:"headers"`
		}
		if json.Unmarshal(body, &probe) != nil || probe.Headers == nil {
			return
		}
		for line := range strings.SplitSeq(*probe.Headers, "\n") {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(line)), "x-amz-copy-source") {
				t.Fatalf("signed a request with an x-amz-copy-source header: %q", *probe.Headers)
			}
		}
	})
}
