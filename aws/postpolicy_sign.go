package aws

import (
	"context"
	"crypto/fips140"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"io"
	"mime/multipart"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// Registry ids of the POST policy schemes.
const (
	PostSchemeID   = "aws-s3-post-policy"
	PostV2SchemeID = "aws-sigv2-s3-post-policy"
)

// PostVersion selects the signature of a POST policy.
type PostVersion uint8

const (
	// PostV4 signs with SigV4: hex(HMAC-SHA256(signing key, base64 policy)), fields
	// X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date and X-Amz-Signature.
	PostV4 PostVersion = iota
	// PostV2 signs with the legacy scheme: base64(HMAC-SHA1(secret, base64 policy)), fields
	// AWSAccessKeyId and signature. Refused in FIPS 140-only mode.
	PostV2
)

// PostSigner signs S3 POST policies for browser uploads and verifies the multipart/form-data
// POSTs made with them, as S3 does. It implements the Amazon S3 API Reference, "Browser-Based
// Uploads Using POST (AWS Signature Version 4)" and "Creating a POST Policy", and the S3
// Developer Guide's "Browser-Based Uploads Using POST" for SigV2; it reproduces AWS's published
// examples (the SigV4 browser upload, signature 8afdbf40...; the SigV2 file upload,
// 0RavWzkygo6QX9caELEqKi9kDbU=).
//
// A PostSigner is safe for concurrent use.
type PostSigner struct {
	// Version selects SigV4 (zero) or SigV2.
	Version PostVersion
	// Region and Service scope a SigV4 signature; Service defaults to "s3". When verifying,
	// empty Region accepts any region.
	Region, Service string
	// Clock tells the signing time and the verifier's time; nil means the wall clock.
	Clock apisig.Clock
	// Keys looks up secrets when verifying.
	Keys apisig.KeyStore
	// BucketOf returns the bucket a verified POST is for; nil takes it from the Host
	// (virtual-hosted style, "bucket.s3...") or else the first path segment.
	BucketOf func(host, path string) string
}

// FormField is one field of a POST form, in the order it is sent.
type FormField struct {
	// Name is the field's name, Value its value.
	Name, Value string
}

// PostForm is a signed POST policy: the fields to put in the form, before the file.
type PostForm struct {
	// Fields are the form fields, policy and signature included. Fields the policy allows with
	// starts-with (the key, often) are the caller's to add.
	Fields []FormField
	// Policy is the policy document, and PolicyBase64 its base64: the string that was signed.
	Policy       []byte
	PolicyBase64 string
	// Signature is the signature placed in the form.
	Signature string
	// Expires is the policy's expiration.
	Expires time.Time
}

// Set sets a field, replacing an earlier value.
func (f *PostForm) Set(name, value string) {
	for i := range f.Fields {
		if strings.EqualFold(f.Fields[i].Name, name) {
			f.Fields[i].Value = value
			return
		}
	}
	f.Fields = append(f.Fields, FormField{name, value})
}

// Get returns a field's value.
func (f *PostForm) Get(name string) string {
	for _, fl := range f.Fields {
		if strings.EqualFold(fl.Name, name) {
			return fl.Value
		}
	}
	return ""
}

// WriteMultipart writes the fields and then the file, last, as S3 requires.
func (f *PostForm) WriteMultipart(w *multipart.Writer, filename string, file io.Reader) error {
	for _, fl := range f.Fields {
		if err := w.WriteField(fl.Name, fl.Value); err != nil {
			return err
		}
	}
	fw, err := w.CreateFormFile("file", filename)
	if err != nil {
		return err
	}
	if _, err := io.Copy(fw, file); err != nil {
		return err
	}
	return w.Close()
}

func (s *PostSigner) scheme() string {
	if s.Version == PostV2 {
		return PostV2SchemeID
	}
	return PostSchemeID
}

func (s *PostSigner) service() string {
	if s.Service == "" {
		return "s3"
	}
	return s.Service
}

// Sign signs the policy: it adds the conditions on the signature's own fields (X-Amz-Algorithm,
// X-Amz-Credential, X-Amz-Date, and X-Amz-Security-Token with a session token), writes the
// document, and returns the form fields: the eq conditions' fields (bucket aside), the
// signature's fields, policy and signature.
func (s *PostSigner) Sign(ctx context.Context, p *PostPolicy, creds apisig.Credentials) (*PostForm, error) {
	return s.sign(ctx, p, nil, creds, nil)
}

// Explain signs as [PostSigner.Sign] does and returns the trace: the policy, the string to
// sign (its base64), the key derivation (redacted) and the signature.
func (s *PostSigner) Explain(ctx context.Context, p *PostPolicy, creds apisig.Credentials) (*PostForm, *apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: s.scheme()}
	f, err := s.sign(ctx, p, nil, creds, tr)
	return f, tr, err
}

// SignDocument signs a policy document exactly as given (its bytes are base64-encoded and
// signed, whitespace and line endings included) and returns the fields the signature needs.
// For SigV4 the document must already carry the X-Amz-Credential, -Algorithm and -Date
// conditions for the signer's clock; SignDocument does not check that.
func (s *PostSigner) SignDocument(ctx context.Context, doc []byte, creds apisig.Credentials) (*PostForm, *apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: s.scheme()}
	f, err := s.sign(ctx, nil, doc, creds, tr)
	return f, tr, err
}

func (s *PostSigner) sign(_ context.Context, p *PostPolicy, doc []byte, creds apisig.Credentials, tr *apisig.Trace) (*PostForm, error) {
	sch := s.scheme()
	switch {
	case !creds.Valid():
		return nil, &apisig.RequestError{Scheme: sch, Part: "credentials", Problem: "access key id and secret access key are both required", Kind: apisig.ErrNoCredentials}
	case s.Version > PostV2:
		return nil, &apisig.RequestError{Scheme: sch, Part: "Version", Value: fmt.Sprint(s.Version), Problem: "is not PostV4 or PostV2", Kind: apisig.ErrInvalidInput}
	case s.Version == PostV4 && s.Region == "":
		return nil, &apisig.RequestError{Scheme: sch, Part: "region", Problem: "is empty; set PostSigner.Region (e.g. \"us-east-1\")", Kind: apisig.ErrInvalidInput}
	case s.Version == PostV2 && fips140.Enforced():
		return nil, &apisig.RequestError{Scheme: sch, Part: "signature", Problem: "HMAC-SHA1 is not allowed in FIPS 140-only mode (GODEBUG=fips140=only); sign the policy with SigV4", Kind: apisig.ErrInvalidInput}
	}
	now := apisig.Now(s.Clock).UTC()
	date := amzDate(now)
	token := creds.SessionToken.Reveal()
	form := &PostForm{}
	var sc scope
	if s.Version == PostV4 {
		sc = scope{date: date[:8], region: s.Region, service: s.service()}
	}
	credential := creds.AccessKeyID + "/" + string(sc.append(nil))
	if p != nil {
		if err := p.check(sch); err != nil {
			return nil, err
		}
		if !p.Expiration.After(now) {
			return nil, &apisig.RequestError{Scheme: sch, Part: "POST policy expiration", Value: p.Expiration.UTC().Format(time.RFC3339),
				Problem: "is not after the signing time " + now.Format(time.RFC3339), Kind: apisig.ErrInvalidInput}
		}
		q := *p
		q.Conditions = append([]Condition(nil), p.Conditions...)
		if s.Version == PostV4 {
			q.Eq("x-amz-algorithm", Algorithm).Eq("x-amz-credential", credential).Eq("x-amz-date", date)
		}
		if token != "" {
			q.Eq("x-amz-security-token", token)
		}
		for _, c := range q.Conditions {
			if c.Op == OpEq && !strings.EqualFold(c.Field, "bucket") && !isAuthField(c.Field) && !strings.EqualFold(c.Field, "x-amz-security-token") {
				form.Fields = append(form.Fields, FormField{c.Field, c.Value})
			}
		}
		doc, _ = q.MarshalJSON()
		form.Expires = p.Expiration
	}
	form.Policy = doc
	form.PolicyBase64 = base64.StdEncoding.EncodeToString(doc)
	if tr != nil {
		addRedacted(tr, apisig.StepInput, "policy", string(doc), token)
		tr.Add(apisig.StepStringToSign, "string to sign (base64 of the policy)", form.PolicyBase64)
	}
	if s.Version == PostV2 {
		form.Signature = postSignatureV2(creds.Secret.Reveal(), form.PolicyBase64)
		if tr != nil {
			tr.Add(apisig.StepSignature, "signature = base64(HMAC-SHA1(secret, base64 policy))", form.Signature)
		}
		form.Fields = append(form.Fields, FormField{"AWSAccessKeyId", creds.AccessKeyID})
		if token != "" {
			form.Fields = append(form.Fields, FormField{"x-amz-security-token", token})
		}
		form.Fields = append(form.Fields, FormField{"policy", form.PolicyBase64}, FormField{"signature", form.Signature})
		return form, nil
	}
	id := keyID{secret: creds.Secret.Reveal(), date: sc.date, region: sc.region, service: sc.service}
	if tr != nil {
		tr.Add(apisig.StepInput, "credential scope", string(sc.append(nil)))
		if _, err := deriveKey(id, tr); err != nil {
			return nil, err
		}
	}
	key, err := derivedKeys.get(id)
	if err != nil {
		return nil, err
	}
	form.Signature = postSignatureV4(key, form.PolicyBase64)
	if tr != nil {
		tr.Add(apisig.StepSignature, "signature = hex(HMAC(kSigning, base64 policy))", form.Signature)
	}
	form.Fields = append(form.Fields,
		FormField{"X-Amz-Algorithm", Algorithm}, FormField{"X-Amz-Credential", credential}, FormField{"X-Amz-Date", date})
	if token != "" {
		form.Fields = append(form.Fields, FormField{"X-Amz-Security-Token", token})
	}
	form.Fields = append(form.Fields, FormField{"Policy", form.PolicyBase64}, FormField{"X-Amz-Signature", form.Signature})
	if tr != nil {
		tr.Add(apisig.StepPlacement, "form field X-Amz-Signature", form.Signature)
	}
	return form, nil
}

func postSignatureV4(key *signingKey, policyB64 string) string {
	sc := getScratch()
	defer putScratch(sc)
	return string(macHex(key, []byte(policyB64), sc))
}

func postSignatureV2(secret, policyB64 string) string {
	m := hmac.New(sha1.New, []byte(secret))
	m.Write([]byte(policyB64))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// isAuthField reports whether a form field carries the signature itself.
func isAuthField(name string) bool {
	switch strings.ToLower(name) {
	case "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature", "policy", "signature", "awsaccesskeyid":
		return true
	}
	return false
}

// String returns "v4" or "v2".
func (v PostVersion) String() string {
	switch v {
	case PostV4:
		return "v4"
	case PostV2:
		return "v2"
	}
	return "PostVersion(" + strconv.Itoa(int(v)) + ")"
}
