package apisig

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// DefaultMaxBodyBytes bounds the body [Middleware] reads to verify a request: 10 MiB.
const DefaultMaxBodyBytes = 10 << 20

// MiddlewareOptions configures [Middleware]. The zero value of every field but Verifier is usable.
type MiddlewareOptions struct {
	// Verifier checks each request. Required.
	Verifier Verifier
	// MaxBodyBytes bounds the body read for verification; a larger body is answered 413.
	// Zero means [DefaultMaxBodyBytes]; negative means no body is read (the verifier then
	// sees an empty body).
	MaxBodyBytes int64
	// OnError writes the response for a request that failed verification. Nil means
	// [WriteVerifyError], which includes the verifier's canonical request and string to sign
	// in the body of a mismatch (secrets are never in a trace) unless HideTrace is set.
	OnError func(w http.ResponseWriter, r *http.Request, err error)
	// HideTrace keeps the verifier's trace out of the default error response.
	HideTrace bool
	// OnVerified, when set, is called with each request that verified, before the next
	// handler: a hook for logging and metrics.
	OnVerified func(r *http.Request, v *Verified)
}

type verifiedKey struct{}

// VerifiedFrom returns what [Middleware] verified about the request whose context is ctx.
func VerifiedFrom(ctx context.Context) (*Verified, bool) {
	v, ok := ctx.Value(verifiedKey{}).(*Verified)
	return v, ok
}

// Middleware returns an http.Handler middleware that lets through only requests that verify.
//
// It reads the body, at most MaxBodyBytes of it, so the verifier can hash it, and hands the next
// handler a shallow copy of the request with the same body bytes and the [Verified] result in its
// context ([VerifiedFrom]). A failed request gets a 4xx answer: 400 malformed, 401 not signed,
// 403 unknown key, mismatch, expired, skewed or replayed, 413 body too large; a technical
// failure gets 500.
func Middleware(opts MiddlewareOptions) func(http.Handler) http.Handler {
	if opts.Verifier == nil {
		panic("apisig: MiddlewareOptions.Verifier is nil")
	}
	limit := opts.MaxBodyBytes
	if limit == 0 {
		limit = DefaultMaxBodyBytes
	}
	onError := opts.OnError
	if onError == nil {
		hide := opts.HideTrace
		onError = func(w http.ResponseWriter, r *http.Request, err error) { writeVerifyError(w, err, hide) }
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			pass := func(req *http.Request, v *Verified) {
				if opts.OnVerified != nil {
					opts.OnVerified(req, v)
				}
				next.ServeHTTP(w, req.WithContext(context.WithValue(req.Context(), verifiedKey{}, v)))
			}
			if bs, ok := opts.Verifier.(BodyStreamer); ok && bs.StreamsBody(r) {
				// The verifier checks the body as it is read (aws-chunked): it gets the body
				// unbuffered and may wrap it in a checking reader, which the handler then reads.
				vr := new(http.Request)
				*vr = *r
				vr.GetBody = nil
				v, err := opts.Verifier.Verify(vr.Context(), vr)
				if err != nil {
					onError(w, r, err)
					return
				}
				pass(vr, v)
				return
			}
			if limit < 0 {
				// The verifier sees no body; the next handler gets the body unread.
				vr := new(http.Request)
				*vr = *r
				vr.Body, vr.GetBody, vr.ContentLength = http.NoBody, nil, 0
				v, err := opts.Verifier.Verify(vr.Context(), vr)
				if err != nil {
					onError(w, r, err)
					return
				}
				pass(r, v)
				return
			}
			r2 := new(http.Request)
			*r2 = *r
			if r.Body != nil && r.Body != http.NoBody {
				body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
				if err != nil {
					onError(w, r, err)
					return
				}
				r2.Body = io.NopCloser(bytes.NewReader(body))
				r2.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
				r2.ContentLength = int64(len(body))
			}
			given := r2.Body
			v, err := opts.Verifier.Verify(r2.Context(), r2)
			if err != nil {
				onError(w, r, err)
				return
			}
			// A verifier that replaced the body (with a reader that checks it) keeps it;
			// otherwise the handler reads the bytes afresh.
			if r2.Body == given && r2.GetBody != nil {
				if r2.Body, err = r2.GetBody(); err != nil {
					onError(w, r, err)
					return
				}
			}
			pass(r2, v)
		})
	}
}

// BodyStreamer is implemented by verifiers that check some requests' bodies as they are read,
// such as aws-chunked uploads, whose every chunk carries its own signature. [Middleware] gives
// such a request's body to the verifier unbuffered, whatever its size, and hands the next
// handler the reader the verifier left in place, which fails rather than return unverified
// bytes.
type BodyStreamer interface {
	StreamsBody(r *http.Request) bool
}

// StatusOf maps a verification error to its HTTP status code; nil maps to 200.
func StatusOf(err error) int {
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return http.StatusOK
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrMalformed), errors.Is(err, ErrInvalidInput):
		return http.StatusBadRequest
	case errors.Is(err, ErrNotSigned):
		return http.StatusUnauthorized
	case errors.Is(err, ErrUnknownKey), errors.Is(err, ErrMismatch), errors.Is(err, ErrExpired),
		errors.Is(err, ErrSkewed), errors.Is(err, ErrReplayed):
		return http.StatusForbidden
	default:
		return http.StatusInternalServerError
	}
}

// WriteVerifyError answers a request that failed verification with [StatusOf] its error and a
// plain-text body that says why; for a mismatch it adds the verifier's trace.
func WriteVerifyError(w http.ResponseWriter, r *http.Request, err error) {
	writeVerifyError(w, err, false)
}

func writeVerifyError(w http.ResponseWriter, err error, hideTrace bool) {
	code := StatusOf(err)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	if code == http.StatusInternalServerError {
		// A technical failure's text may name internals; say only that it happened.
		fmt.Fprintln(w, "apisig: verification failed: internal error")
		return
	}
	fmt.Fprintf(w, "apisig: %v\n", err)
	var mm *MismatchError
	if !hideTrace && errors.As(err, &mm) && mm.Trace != nil {
		fmt.Fprintf(w, "\nThe verifier computed:\n%s", mm.Trace)
	}
}
