package minio

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// policyFormBody builds the multipart body of a browser POST upload: fields, then the file (or the
// file first, for the test of a form S3 must refuse).
func policyFormBody(t *testing.T, fields [][2]string, file []byte, fileFirst bool) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	writeFile := func() {
		fw, err := w.CreateFormFile("file", "photo.png")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	if fileFirst {
		writeFile()
	}
	for _, f := range fields {
		w.WriteField(f[0], f[1])
	}
	if !fileFirst {
		writeFile()
	}
	w.Close()
	return w.FormDataContentType(), b.Bytes()
}

func policyPost(s *Server, b, contentType string, body []byte) *http.Request {
	u := &url.URL{Scheme: s.Endpoint.Scheme, Host: s.Endpoint.Host, Path: "/" + b}
	req, err := http.NewRequest(http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Content-Type", contentType)
	return req
}

// TestPostPolicy uploads with a signed POST policy (SigV4 and SigV2), then breaks each
// condition in turn: MinIO must refuse every broken form, and so must apisig's verifier given
// the same bytes.
func TestPostPolicy(t *testing.T) {
	s := server(t)
	ctx := context.Background()
	for _, version := range []aws.PostVersion{aws.PostV4, aws.PostV2} {
		now := time.Now()
		policy := func() *aws.PostPolicy {
			p := &aws.PostPolicy{Expiration: now.Add(10 * time.Minute)}
			return p.Bucket(bucket).KeyPrefix("post/").ContentTypePrefix("image/").ContentLengthRange(1, 100).
				SuccessActionStatus(201).Eq("x-amz-meta-uuid", "14365123651274").StartsWith("x-amz-meta-tag", "")
		}
		signer := &aws.PostSigner{Version: version, Region: s.Region, Keys: s.Keys()}
		form, err := signer.Sign(ctx, policy(), s.Creds)
		if err != nil {
			t.Fatal(err)
		}
		fields := func() [][2]string {
			f := [][2]string{{"key", "post/${filename}"}, {"Content-Type", "image/png"}, {"x-amz-meta-tag", "holiday"}}
			for _, fl := range form.Fields {
				f = append(f, [2]string{fl.Name, fl.Value})
			}
			return f
		}
		set := func(name, value string) func([][2]string) [][2]string {
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
		signWith := func(edit func(p *aws.PostPolicy), clock apisig.Clock) func([][2]string) [][2]string {
			return func([][2]string) [][2]string {
				p := policy()
				if edit != nil {
					edit(p)
				}
				sg := *signer
				sg.Clock = clock
				fm, err := sg.Sign(ctx, p, s.Creds)
				if err != nil {
					t.Fatal(err)
				}
				f := [][2]string{{"key", "post/${filename}"}, {"Content-Type", "image/png"}, {"x-amz-meta-tag", "holiday"}}
				for _, fl := range fm.Fields {
					f = append(f, [2]string{fl.Name, fl.Value})
				}
				return f
			}
		}
		for _, tc := range []struct {
			name      string
			edit      func([][2]string) [][2]string
			file      string
			fileFirst bool
			ok        bool
		}{
			{name: "valid upload", ok: true},
			{name: "bucket", edit: signWith(func(p *aws.PostPolicy) { p.Conditions[0].Value = "other-bucket" }, nil)},
			{name: "key outside prefix", edit: set("key", "other/x.png")},
			{name: "content type", edit: set("Content-Type", "text/html")},
			{name: "success_action_status", edit: set("success_action_status", "200")},
			{name: "meta value", edit: set("x-amz-meta-uuid", "1")},
			{name: "field not in policy", edit: set("x-amz-meta-other", "1")},
			{name: "file too large", file: strings.Repeat("x", 101)},
			{name: "file too small", file: "-"},
			{name: "signature", edit: set(map[aws.PostVersion]string{aws.PostV4: "X-Amz-Signature", aws.PostV2: "signature"}[version], "AAAA")},
			{name: "expired", edit: signWith(func(p *aws.PostPolicy) { p.Expiration = now.Add(-time.Minute) }, apisig.FixedClock(now.Add(-time.Hour)))},
			{name: "file before policy", fileFirst: true},
			{name: "x-amz-date differs from the policy (A38)", edit: set("X-Amz-Date", now.UTC().Add(time.Hour).Format("20060102T150405Z"))},
		} {
			t.Run(version.String()+"/"+tc.name, func(t *testing.T) {
				if version == aws.PostV2 && strings.Contains(tc.name, "x-amz-date") {
					t.Skip("SigV2 forms carry no X-Amz-Date")
				}
				f := fields()
				if tc.edit != nil {
					f = tc.edit(f)
				}
				file := []byte("\x89PNG")
				if tc.file == "-" {
					file = nil
				} else if tc.file != "" {
					file = []byte(tc.file)
				}
				ct, body := policyFormBody(t, f, file, tc.fileFirst)

				vreq := policyPost(s, bucket, ct, body)
				u, verr := signer.VerifyPost(ctx, vreq)
				if verr == nil {
					_, verr = io.ReadAll(u.File)
				}
				resp, err := s.Do(policyPost(s, bucket, ct, body))
				if err != nil {
					t.Fatal(err)
				}
				if tc.ok {
					if resp.Status != http.StatusCreated || verr != nil {
						t.Fatalf("MinIO: %s; apisig: %v", resp, verr)
					}
					return
				}
				if resp.Status/100 == 2 {
					t.Errorf("MinIO accepted the form: %s", resp)
				}
				if verr == nil {
					t.Errorf("apisig accepted the form")
				}
				t.Logf("MinIO: %s\n    apisig: %v", resp, verr)
			})
		}
	}
}
