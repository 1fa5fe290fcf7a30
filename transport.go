package apisig

import (
	"context"
	"errors"
	"net/http"
)

// CredentialsProvider supplies credentials to a [Transport] for each request, so temporary
// credentials can be refreshed. Implementations must be safe for concurrent use.
type CredentialsProvider interface {
	Credentials(ctx context.Context) (Credentials, error)
}

// StaticCredentials is a [CredentialsProvider] that always returns the same credentials.
type StaticCredentials Credentials

// Credentials returns c.
func (c StaticCredentials) Credentials(context.Context) (Credentials, error) {
	return Credentials(c), nil
}

// Transport is an [http.RoundTripper] that signs every request with Signer before passing it to
// Base.
//
// It follows the RoundTripper contract: it is safe for concurrent use when its Signer and
// Credentials are, it never modifies the caller's request (it signs a clone), and it closes the
// request body on every path, including errors. A body that must be hashed is re-read through
// the request's GetBody, which [http.NewRequest] sets for in-memory bodies.
type Transport struct {
	// Signer signs each request. Required.
	Signer Signer
	// Credentials supplies the credentials for each request. Required.
	Credentials CredentialsProvider
	// Base sends the signed request; nil means [http.DefaultTransport].
	Base http.RoundTripper
}

func (t *Transport) base() http.RoundTripper {
	if t.Base != nil {
		return t.Base
	}
	return http.DefaultTransport
}

// RoundTrip signs a clone of req and sends it.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	bodyClosed := false
	if req.Body != nil {
		defer func() {
			if !bodyClosed {
				req.Body.Close()
			}
		}()
	}
	if t.Signer == nil {
		return nil, errors.New("apisig: Transport's Signer is nil")
	}
	if t.Credentials == nil {
		return nil, errors.New("apisig: Transport's Credentials is nil")
	}
	ctx := req.Context()
	creds, err := t.Credentials.Credentials(ctx)
	if err != nil {
		return nil, err
	}
	out := req.Clone(ctx)
	if err := t.Signer.Sign(ctx, out, creds); err != nil {
		return nil, err
	}
	// The base RoundTripper now owns the body, and closes it.
	bodyClosed = true
	return t.base().RoundTrip(out)
}

// Interface guard.
var _ http.RoundTripper = (*Transport)(nil)
