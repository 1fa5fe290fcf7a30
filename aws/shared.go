package aws

import (
	"net/http"

	"github.com/apisig/apisig/canon"
)

// This file exposes SigV4's canonicalisation to the schemes built on it: SigV4a
// (aws/sigv4a) signs the same canonical request with another algorithm, scope and key, so it
// reuses this code, and every dialect knob, instead of copying it.

// CanonicalInput is what [SigV4.AppendCanonicalRequest] builds a canonical request from.
type CanonicalInput struct {
	// Request is the request. Its headers must already hold every header to be signed
	// (X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-Sha256, ...): nothing is added.
	Request *http.Request
	// SignedHeaders lists the lower-case header names to sign, in order, as a verifier reads
	// them from a signature; nil signs host and every header of the request but the ones SigV4
	// never signs (Authorization, User-Agent, hop-by-hop headers).
	SignedHeaders []string
	// Query are parameters signed as if they were in the request's query (a presign's X-Amz-*).
	Query []canon.Pair
	// DropSignature leaves X-Amz-Signature out of the query (verifying a presigned URL).
	DropSignature bool
	// Presign leaves X-Amz-Date out of the headers chosen when SignedHeaders is nil.
	Presign bool
	// PayloadHash is the last line: hex SHA-256 of the body, UNSIGNED-PAYLOAD, ...
	PayloadHash string
}

// AppendCanonicalRequest appends to dst the canonical request of in as s builds it, with its
// rules (S3 or not) and dialect knobs, and returns it with the signed-headers list it holds.
func (s *SigV4) AppendCanonicalRequest(dst []byte, in CanonicalInput) ([]byte, string, error) {
	sc := getScratch()
	defer putScratch(sc)
	ci := canonicalInput{req: in.Request, host: s.hostOf(in.Request), signed: in.SignedHeaders, extra: in.Query,
		dropSignature: in.DropSignature, presign: in.Presign, payloadHash: in.PayloadHash}
	lay, err := s.buildCanonical(&ci, sc)
	if err != nil {
		return dst, "", err
	}
	return append(dst, sc.buf...), string(sc.buf[lay.signedHeaders[0]:lay.signedHeaders[1]]), nil
}

// S3Rules reports whether s applies S3's canonicalisation (set by Rules, or by Service).
func (s *SigV4) S3Rules() bool { return s.isS3() }

// SetWirePath sets req.URL.RawPath to the escaping s signs, as [SigV4.Sign] does for S3 when
// no escaping knob is changed, so that what is sent is what is signed.
func (s *SigV4) SetWirePath(req *http.Request) {
	if s.isS3() && s.Dialect.wireEncoding() {
		setRawPath(req)
	}
}
