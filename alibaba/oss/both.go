package oss

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/apisig/apisig"
)

// Both verifies requests signed with either OSS signature version, as an OSS endpoint does:
// V4 when the Authorization header starts with OSS4-HMAC-SHA256 or the query carries
// x-oss-signature-version, V1 otherwise. Either field may be nil to refuse that version.
type Both struct {
	V1 *V1
	V4 *V4
}

// Verify dispatches to the verifier of the request's version.
func (b Both) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	auth := getHeader(req.Header, HeaderAuthorization)
	v4 := strings.HasPrefix(auth, AlgorithmV4+" ") || auth == "" && req.URL.Query().Has(QuerySignatureVersion)
	switch {
	case v4 && b.V4 != nil:
		return b.V4.Verify(ctx, req)
	case !v4 && b.V1 != nil:
		return b.V1.Verify(ctx, req)
	case b.V1 == nil && b.V4 == nil:
		return nil, errors.New("oss: Both has no verifier")
	}
	version := "V1"
	if v4 {
		version = "V4"
	}
	return nil, requestError("aliyun-oss", http.StatusForbidden, CodeAccessDenied, "", "signature version", version, "is not accepted by this verifier", apisig.ErrNotSigned)
}

// ErrorHandler is an [apisig.MiddlewareOptions] OnError that answers verification failures
// with OSS's status and XML body, as an OSS endpoint does.
func ErrorHandler(w http.ResponseWriter, r *http.Request, err error) {
	status, body := ErrorResponse(err, "", r.Host)
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// Interface guard.
var _ apisig.Verifier = Both{}
