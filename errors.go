package apisig

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors. Every error a signer or verifier returns for a bad request wraps exactly one of
// them, so callers use [errors.Is] and never match error text.
var (
	// ErrNotSigned: the request carries no signature of the scheme at all.
	ErrNotSigned = errors.New("request is not signed")
	// ErrMalformed: the signature, or a value it depends on, cannot be parsed.
	ErrMalformed = errors.New("signature is malformed")
	// ErrUnknownKey: the access key id is not in the key store.
	ErrUnknownKey = errors.New("access key id is not known")
	// ErrMismatch: the signature was computed but does not match. See [MismatchError].
	ErrMismatch = errors.New("signature does not match")
	// ErrExpired: a presigned request or policy is past its expiry.
	ErrExpired = errors.New("signature has expired")
	// ErrSkewed: the signing time is too far from the verifier's clock.
	ErrSkewed = errors.New("request time is too skewed")
	// ErrReplayed: the signature (or nonce) was seen before.
	ErrReplayed = errors.New("request was replayed")
	// ErrNoCredentials: a signer was given no access key id or no secret.
	ErrNoCredentials = errors.New("no credentials")
	// ErrInvalidInput: the signer's input or configuration is invalid.
	ErrInvalidInput = errors.New("invalid input")
	// ErrBodyNotReplayable: the body must be hashed but cannot be read twice (no GetBody, not
	// an io.Seeker).
	ErrBodyNotReplayable = errors.New("request body cannot be re-read")
)

// RequestError says which part of a request (or of a signer's input) is wrong and what was
// expected. It wraps its Kind, one of the sentinel errors.
type RequestError struct {
	// Scheme is the id of the scheme that found the problem.
	Scheme string
	// Code is the provider's own name for the failure where it has one
	// (AuthorizationHeaderMalformed, RequestTimeTooSkewed, ...).
	Code string
	// Part names the header, query parameter or field: "Authorization header Credential", "X-Amz-Expires".
	Part string
	// Value is the offending value as received, never a secret. Empty when absent.
	Value string
	// Problem says what is wrong and what was expected.
	Problem string
	// Kind is the sentinel this error wraps.
	Kind error
	// SignedAt is the signing time the request claims, set on time errors ([ErrSkewed],
	// [ErrExpired]) so that a tool can check the signature itself as of that time.
	SignedAt time.Time
}

// Error formats as `scheme: part "value": problem`.
func (e *RequestError) Error() string {
	var b strings.Builder
	if e.Scheme != "" {
		b.WriteString(e.Scheme)
		b.WriteString(": ")
	}
	b.WriteString(e.Part)
	if e.Value != "" {
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(e.Value))
	}
	if e.Problem != "" {
		b.WriteString(": ")
		b.WriteString(e.Problem)
	}
	if e.Code != "" {
		b.WriteString(" (")
		b.WriteString(e.Code)
		b.WriteByte(')')
	}
	return b.String()
}

// Unwrap returns the sentinel.
func (e *RequestError) Unwrap() error { return e.Kind }

// MismatchError reports a signature that was computed but does not match. It carries the
// verifier's own trace, whose canonical request and string to sign are what a client needs to
// find its mistake.
type MismatchError struct {
	// Scheme is the id of the verifying scheme.
	Scheme string
	// Code is the provider's name for the failure (SignatureDoesNotMatch, ...).
	Code string
	// AccessKeyID is the key the request claimed.
	AccessKeyID string
	// Provided is the signature the request carried.
	Provided string
	// Trace is the verifier's computation with the first secret it tried; secrets redacted.
	Trace *Trace
}

// Error says which key and signature did not match; the trace is in the field, not the text.
func (e *MismatchError) Error() string {
	s := e.Scheme + ": signature " + strconv.Quote(e.Provided) + " does not match for access key id " + strconv.Quote(e.AccessKeyID)
	if e.Code != "" {
		s += " (" + e.Code + ")"
	}
	return s
}

// Unwrap returns [ErrMismatch].
func (e *MismatchError) Unwrap() error { return ErrMismatch }
