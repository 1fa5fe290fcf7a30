package aws

import (
	"context"
	"crypto/fips140"
	"crypto/hmac"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// Limits on the form fields a POST verifier reads before the file.
const (
	maxPostFieldSize  = 64 << 10
	maxPostFieldsSize = 1 << 20
	maxPostFields     = 1000
)

// Error codes of POST verification, as S3 names them.
const (
	CodeMalformedPOSTRequest = "MalformedPOSTRequest"
	CodeEntityTooLarge       = "EntityTooLarge"
	CodeEntityTooSmall       = "EntityTooSmall"
)

// PostUpload is a POST upload whose signature and policy verified.
type PostUpload struct {
	apisig.Verified
	// Bucket is the bucket the POST was for, Key the object key with ${filename} replaced.
	Bucket, Key string
	// Fields are the form fields before the file, as sent.
	Fields []FormField
	// Filename and FileContentType are the file part's filename and Content-Type header.
	Filename, FileContentType string
	// File reads the file's bytes; a read fails (EntityTooLarge, EntityTooSmall) when the size
	// leaves the policy's content-length-range. Fields after the file are ignored, as S3 does.
	File io.Reader
	// Policy is the verified policy.
	Policy *PostPolicy
}

// Get returns a form field's value (names compare case-insensitively, as S3 compares them).
func (u *PostUpload) Get(name string) string {
	v, _ := fieldValue(u.Fields, name)
	return v
}

func fieldValue(fields []FormField, name string) (string, bool) {
	for _, f := range fields {
		if strings.EqualFold(f.Name, name) {
			return f.Value, true
		}
	}
	return "", false
}

// Verify verifies a POST upload as [PostSigner.VerifyPost] does and replaces req.Body with the
// file's bytes.
func (s *PostSigner) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	u, err := s.VerifyPost(ctx, req)
	if err != nil {
		return nil, err
	}
	req.Body = io.NopCloser(u.File)
	return &u.Verified, nil
}

func (s *PostSigner) denied(kind error, problem string) error {
	return &apisig.RequestError{Scheme: PostSchemeID, Code: CodeAccessDenied, Part: "POST form", Problem: problem, Kind: kind}
}

func postMalformed(part, value, problem string) error {
	if len(value) > 120 {
		value = value[:120] + "..."
	}
	return &apisig.RequestError{Scheme: PostSchemeID, Code: CodeMalformedPOSTRequest, Part: part, Value: value, Problem: problem, Kind: apisig.ErrMalformed}
}

// VerifyPost verifies a multipart/form-data POST upload the way S3 does. It reads the form
// fields up to the file field (which must be the last one S3 reads: fields after it are
// ignored), checks the signature (SigV4 X-Amz-Signature, or SigV2 signature with
// AWSAccessKeyId) against the base64 policy, the policy's expiration, every condition, and that
// every field but policy, the signature, file and x-ignore-* ones is named by a condition. A
// failed condition is S3's AccessDenied "Invalid according to Policy: Policy Condition failed:
// [...]" wrapping [apisig.ErrMismatch]; the file's size is checked while it is read.
func (s *PostSigner) VerifyPost(ctx context.Context, req *http.Request) (*PostUpload, error) {
	if s.Keys == nil {
		return nil, errors.New("aws-s3-post-policy: PostSigner.Keys is nil: a verifier needs a key store")
	}
	mr, err := postReader(req)
	if err != nil {
		return nil, err
	}
	fields, file, err := readPostFields(mr)
	if err != nil {
		return nil, err
	}
	u := &PostUpload{Fields: fields, Filename: file.FileName(), FileContentType: file.Header.Get("Content-Type")}
	policyB64, ok := fieldValue(fields, "policy")
	if !ok {
		return nil, s.denied(apisig.ErrNotSigned, "has no policy field before the file field: S3 reads the fields up to the file and ignores those after it")
	}
	if err := s.checkSignature(ctx, fields, policyB64, u); err != nil {
		return nil, err
	}
	doc, err := base64.StdEncoding.DecodeString(policyB64)
	if err != nil {
		return nil, postMalformed("policy field", policyB64, "is not base64")
	}
	p, err := ParsePostPolicy(doc)
	if err != nil {
		return nil, err
	}
	u.Policy = p
	if now := apisig.Now(s.Clock); now.After(p.Expiration) {
		return nil, &apisig.RequestError{Scheme: PostSchemeID, Code: CodeAccessDenied, Part: "POST policy expiration", Value: p.Expiration.UTC().Format(time.RFC3339),
			Problem: "Invalid according to Policy: Policy expired. (server time " + now.UTC().Format(time.RFC3339) + ")", Kind: apisig.ErrExpired}
	}
	u.Bucket = s.bucketOf(req)
	u.Key, _ = fieldValue(fields, "key")
	u.Key = strings.ReplaceAll(u.Key, "${filename}", u.Filename)
	if u.Key == "" {
		return nil, postMalformed("key field", "", "is missing or empty: a POST upload names its object key")
	}
	lo, hi := int64(0), int64(-1)
	covered := map[string]bool{}
	for _, c := range p.Conditions {
		if c.Op == OpContentLengthRange {
			lo, hi = c.Min, c.Max
			continue
		}
		name := strings.ToLower(c.Field)
		covered[name] = true
		var v string
		var present bool
		switch name {
		case "bucket":
			v, present = u.Bucket, true
		case "key":
			_, present = fieldValue(fields, "key")
			v = u.Key
		default:
			v, present = fieldValue(fields, c.Field)
		}
		if !present || c.Op == OpEq && v != c.Value || c.Op == OpStartsWith && !strings.HasPrefix(v, c.Value) {
			return nil, s.denied(apisig.ErrMismatch, "Invalid according to Policy: Policy Condition failed: "+c.String())
		}
	}
	var extra []string
	for _, f := range fields {
		n := strings.ToLower(f.Name)
		switch {
		case covered[n], n == "policy", n == "x-amz-signature", n == "signature", n == "awsaccesskeyid", strings.HasPrefix(n, "x-ignore-"):
		default:
			extra = append(extra, f.Name)
		}
	}
	if len(extra) > 0 {
		return nil, s.denied(apisig.ErrMismatch, "Invalid according to Policy: Extra input fields: "+strings.Join(extra, ", "))
	}
	u.File = &sizeCheckedReader{r: file, min: lo, max: hi}
	return u, nil
}

func postReader(req *http.Request) (*multipart.Reader, error) {
	ct := req.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, postMalformed("Content-Type header", ct, "a POST upload is multipart/form-data with a boundary")
	}
	if req.Body == nil {
		return nil, postMalformed("request body", "", "is empty")
	}
	return multipart.NewReader(req.Body, params["boundary"]), nil
}

// readPostFields reads the form fields up to the file part, bounded in count and size.
func readPostFields(mr *multipart.Reader) ([]FormField, *multipart.Part, error) {
	var fields []FormField
	total := 0
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, nil, postMalformed("POST form", "", "has no file field: POST requires exactly one file upload per request")
		}
		if err != nil {
			return nil, nil, postMalformed("POST form", "", "is not valid multipart/form-data: "+err.Error())
		}
		name := part.FormName()
		if name == "" {
			return nil, nil, postMalformed("POST form part", "", "has no form-data name")
		}
		if strings.EqualFold(name, "file") {
			return fields, part, nil
		}
		if len(fields) >= maxPostFields {
			return nil, nil, postMalformed("POST form", "", "has more than "+strconv.Itoa(maxPostFields)+" fields before the file")
		}
		if _, dup := fieldValue(fields, name); dup {
			return nil, nil, postMalformed("POST form field", name, "appears twice")
		}
		v, err := io.ReadAll(io.LimitReader(part, maxPostFieldSize+1))
		if err != nil {
			return nil, nil, postMalformed("POST form field", name, "cannot be read: "+err.Error())
		}
		if len(v) > maxPostFieldSize {
			return nil, nil, postMalformed("POST form field", name, "is longer than "+strconv.Itoa(maxPostFieldSize)+" bytes")
		}
		if total += len(name) + len(v); total > maxPostFieldsSize {
			return nil, nil, postMalformed("POST form", "", "fields before the file are longer than "+strconv.Itoa(maxPostFieldsSize)+" bytes")
		}
		fields = append(fields, FormField{name, string(v)})
	}
}

// checkSignature checks the SigV4 or SigV2 signature of the base64 policy.
func (s *PostSigner) checkSignature(ctx context.Context, fields []FormField, policyB64 string, u *PostUpload) error {
	field := func(name string) string { v, _ := fieldValue(fields, name); return v }
	if sig, ok := fieldValue(fields, "x-amz-signature"); ok {
		if alg := field("x-amz-algorithm"); alg != Algorithm {
			return postMalformed("X-Amz-Algorithm field", alg, "want "+Algorithm)
		}
		c, err := parseCredential(field("x-amz-credential"), "X-Amz-Credential field", CodeAccessDenied)
		if err != nil {
			return err
		}
		date := field("x-amz-date")
		t, err := parseAmzDate(date, "X-Amz-Date field", CodeAccessDenied)
		if err != nil {
			return err
		}
		switch {
		case c.Date != date[:8]:
			return postMalformed("X-Amz-Credential field", c.Date, "scope date is not the date of X-Amz-Date "+date)
		case s.Region != "" && c.Region != s.Region:
			return postMalformed("X-Amz-Credential field", c.Region, "the region is wrong; expecting "+s.Region)
		case c.Service != s.service():
			return postMalformed("X-Amz-Credential field", c.Service, "the service is wrong; expecting "+s.service())
		}
		// A signature that is not even 64 hex digits does not match either (S3 and MinIO
		// answer SignatureDoesNotMatch): hmac.Equal below says so.
		secrets, err := s.secrets(ctx, c.AccessKeyID)
		if err != nil {
			return err
		}
		sc := scope{date: c.Date, region: c.Region, service: c.Service}
		for _, sec := range secrets {
			key, err := derivedKeys.get(keyID{secret: sec.Reveal(), date: sc.date, region: sc.region, service: sc.service})
			if err != nil {
				return err
			}
			if hmac.Equal([]byte(postSignatureV4(key, policyB64)), []byte(sig)) {
				u.Verified = apisig.Verified{Scheme: PostSchemeID, AccessKeyID: c.AccessKeyID, SignedAt: t, Signature: sig}
				return nil
			}
		}
		tr := &apisig.Trace{Scheme: PostSchemeID}
		tr.Add(apisig.StepInput, "credential scope", string(sc.append(nil)))
		tr.Add(apisig.StepStringToSign, "string to sign (base64 of the policy)", policyB64)
		return &apisig.MismatchError{Scheme: PostSchemeID, Code: CodeSignatureDoesNotMatch, AccessKeyID: c.AccessKeyID, Provided: sig, Trace: tr}
	}
	sig, ok := fieldValue(fields, "signature")
	akid := field("awsaccesskeyid")
	if !ok || akid == "" {
		return s.denied(apisig.ErrNotSigned, "has neither X-Amz-Signature (SigV4) nor signature and AWSAccessKeyId (SigV2) before the file field")
	}
	if fips140.Enforced() {
		return &apisig.RequestError{Scheme: PostV2SchemeID, Part: "signature field", Problem: "SigV2 (HMAC-SHA1) is not allowed in FIPS 140-only mode (GODEBUG=fips140=only)", Kind: apisig.ErrInvalidInput}
	}
	secrets, err := s.secrets(ctx, akid)
	if err != nil {
		return err
	}
	for _, sec := range secrets {
		if hmac.Equal([]byte(postSignatureV2(sec.Reveal(), policyB64)), []byte(sig)) {
			u.Verified = apisig.Verified{Scheme: PostV2SchemeID, AccessKeyID: akid, Signature: sig}
			return nil
		}
	}
	tr := &apisig.Trace{Scheme: PostV2SchemeID}
	tr.Add(apisig.StepStringToSign, "string to sign (base64 of the policy)", policyB64)
	return &apisig.MismatchError{Scheme: PostV2SchemeID, Code: CodeSignatureDoesNotMatch, AccessKeyID: akid, Provided: sig, Trace: tr}
}

func (s *PostSigner) secrets(ctx context.Context, akid string) ([]apisig.Secret, error) {
	secrets, err := s.Keys.Secrets(ctx, akid)
	if err != nil {
		if errors.Is(err, apisig.ErrUnknownKey) {
			return nil, &apisig.RequestError{Scheme: PostSchemeID, Code: CodeInvalidAccessKeyID, Part: "access key id", Value: akid,
				Problem: "does not exist in the key store", Kind: apisig.ErrUnknownKey}
		}
		return nil, fmt.Errorf("%s: looking up access key id %q: %w", PostSchemeID, akid, err)
	}
	return secrets, nil
}

// bucketOf returns the bucket a POST is for: BucketOf's answer, or the first path segment
// (path style), or the first label of the host (virtual-hosted style).
func (s *PostSigner) bucketOf(req *http.Request) string {
	host := req.Host
	if host == "" && req.URL != nil {
		host = req.URL.Host
	}
	path := ""
	if req.URL != nil {
		path = req.URL.Path
	}
	if s.BucketOf != nil {
		return s.BucketOf(host, path)
	}
	if seg, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/"); seg != "" {
		return seg
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if net.ParseIP(host) != nil {
		return ""
	}
	b, _, _ := strings.Cut(host, ".")
	return b
}

// sizeCheckedReader fails once the file is longer than max, or ends shorter than min.
type sizeCheckedReader struct {
	r        io.Reader
	min, max int64 // max < 0: no limit
	n        int64
	err      error
}

func (r *sizeCheckedReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err := r.r.Read(p)
	r.n += int64(n)
	if r.max >= 0 && r.n > r.max {
		r.err = &apisig.RequestError{Scheme: PostSchemeID, Code: CodeEntityTooLarge, Part: "file", Value: strconv.FormatInt(r.n, 10) + "+ bytes",
			Problem: "Your proposed upload exceeds the maximum allowed size (content-length-range max " + strconv.FormatInt(r.max, 10) + ")", Kind: apisig.ErrMismatch}
		return 0, r.err
	}
	if err == io.EOF && r.n < r.min {
		r.err = &apisig.RequestError{Scheme: PostSchemeID, Code: CodeEntityTooSmall, Part: "file", Value: strconv.FormatInt(r.n, 10) + " bytes",
			Problem: "Your proposed upload is smaller than the minimum allowed size (content-length-range min " + strconv.FormatInt(r.min, 10) + ")", Kind: apisig.ErrMismatch}
		return n, r.err
	}
	if err != nil {
		r.err = err
	}
	return n, err
}
