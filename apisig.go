package apisig

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// Signer signs outgoing requests with one scheme.
//
// Implementations must be safe for concurrent use. Sign and Explain share one code path: Explain
// signs exactly as Sign does and also returns the trace of every stage, so the explanation can
// never drift from the signature.
type Signer interface {
	// Sign computes the signature of req and places it (header or query, as the scheme says).
	// It sets only the headers and query parameters the scheme documents, overwriting earlier
	// values, so calling it again re-signs the request. It reads the body, if it has to hash it,
	// through req.GetBody or an io.Seeker and leaves it ready to be sent; a body it cannot re-read
	// is an error wrapping [ErrBodyNotReplayable], never a silent buffering.
	Sign(ctx context.Context, req *http.Request, creds Credentials) error

	// Explain signs req as Sign does and returns the trace of every stage.
	Explain(ctx context.Context, req *http.Request, creds Credentials) (*Trace, error)
}

// Presigned is a request signed into its URL, to be handed to someone who has no credentials.
type Presigned struct {
	// Method is the HTTP method the URL was signed for; any other method is rejected.
	Method string
	// URL carries the signature in its query.
	URL *url.URL
	// Header holds the signed headers other than Host: the holder of the URL must send them
	// with exactly these values.
	Header http.Header
	// Expires is when the server stops accepting the URL.
	Expires time.Time
}

// Presigner is the optional capability of a [Signer] to sign a request into its URL.
type Presigner interface {
	// Presign signs req into its URL, valid for expires from the signing time. It does not
	// modify req. An expiry the scheme does not allow is an error wrapping [ErrInvalidInput].
	Presign(ctx context.Context, req *http.Request, creds Credentials, expires time.Duration) (*Presigned, error)
}

// Verified describes a request whose signature matched.
type Verified struct {
	// Scheme is the id of the scheme that verified the request.
	Scheme string `json:"scheme"`
	// AccessKeyID is the key the request was signed with.
	AccessKeyID string `json:"accessKeyId"`
	// SignedAt is the signing time the request claims.
	SignedAt time.Time `json:"signedAt"`
	// Presigned reports whether the signature came in the query rather than a header.
	Presigned bool `json:"presigned"`
	// Signature is the signature the request carried, as sent. Replay protection keys on it.
	Signature string `json:"signature"`
}

// Verifier checks the signature of incoming requests.
//
// A request that is not correctly signed is reported by an error that wraps one of the sentinel
// errors ([ErrNotSigned], [ErrMalformed], [ErrUnknownKey], [ErrMismatch], [ErrExpired],
// [ErrSkewed]); a mismatch is a [*MismatchError] that carries the verifier's trace. Any other
// error is a technical failure (the key store failed, the body could not be read).
// Implementations must be safe for concurrent use and must compare MACs in constant time.
type Verifier interface {
	Verify(ctx context.Context, req *http.Request) (*Verified, error)
}

// KeyStore looks up the secrets of an access key id for a verifier. It may return several
// secrets, newest first, to accept signatures made during a key rotation. A key it does not know
// is an error wrapping [ErrUnknownKey].
type KeyStore interface {
	Secrets(ctx context.Context, accessKeyID string) ([]Secret, error)
}

// StaticKeys is a [KeyStore] held in memory: access key id → secret.
type StaticKeys map[string]Secret

// Secrets returns the secret of accessKeyID.
func (k StaticKeys) Secrets(_ context.Context, accessKeyID string) ([]Secret, error) {
	s, ok := k[accessKeyID]
	if !ok {
		return nil, &RequestError{Part: "access key id", Value: accessKeyID, Problem: "is not known", Kind: ErrUnknownKey}
	}
	return []Secret{s}, nil
}

// Interface guard.
var _ KeyStore = StaticKeys(nil)
