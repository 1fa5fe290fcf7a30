package webhook

import (
	"net/http"

	"github.com/apisig/apisig"
)

// Middleware returns an http.Handler middleware that lets through only deliveries that verify
// with w. It reads at most maxBody bytes of the body (zero: [apisig.DefaultMaxBodyBytes]; a
// larger body is answered 413), verifies the raw bytes, and hands the next handler the same
// raw bytes as its request body, with the [apisig.Verified] result in the context
// ([apisig.VerifiedFrom]). A delivery that fails gets 400 (malformed), 401 (not signed) or 403
// (mismatch, outside the tolerance, replayed) with a one-line reason and no trace: the sender
// of a forged delivery learns nothing about the expected signature.
func Middleware(w *Webhook, maxBody int64) func(http.Handler) http.Handler {
	return apisig.Middleware(apisig.MiddlewareOptions{Verifier: w, MaxBodyBytes: maxBody, HideTrace: true})
}
