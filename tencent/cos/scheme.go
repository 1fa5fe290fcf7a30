package cos

import (
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// Scheme describes the COS signature for an [apisig.Registry]. Its parameters are the
// signature's validity and the signed header set; the signer it builds also verifies (with
// the config's key store), presigns and takes knobs.
func Scheme() apisig.Scheme {
	s := apisig.Scheme{
		ID:      SchemeID,
		Summary: "Tencent COS XML API signature (q-sign-algorithm=sha1), Authorization header or presigned URL",
		Params: []apisig.Param{
			{Name: "expiry", Doc: "how long a header signature is valid, a Go duration in whole seconds", Default: DefaultExpiry.String()},
			{Name: "signed-headers", Doc: "comma-separated lower-case header names signed when present (x-cos-* always); empty: cos-go-sdk-v5's default set"},
			{Name: "sign-content-length", Doc: "true to sign Content-Length from the body's length, as strict-signature buckets require", Default: "false"},
		},
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		sg := &Signer{Clock: cfg.Clock, Keys: cfg.Keys}
		exp, err := time.ParseDuration(cfg.Param(s, "expiry"))
		if err != nil || exp < time.Second || exp%time.Second != 0 {
			return nil, &apisig.RequestError{Scheme: SchemeID, Part: "parameter expiry", Value: cfg.Param(s, "expiry"),
				Problem: "want a positive whole number of seconds as a Go duration, e.g. 1h or 600s", Kind: apisig.ErrInvalidInput}
		}
		sg.Expiry = exp
		switch v := cfg.Param(s, "sign-content-length"); v {
		case "true":
			sg.SignContentLength = true
		case "false":
		default:
			return nil, &apisig.RequestError{Scheme: SchemeID, Part: "parameter sign-content-length", Value: v, Problem: "want true or false", Kind: apisig.ErrInvalidInput}
		}
		if h := cfg.Param(s, "signed-headers"); h != "" {
			for name := range strings.SplitSeq(h, ",") {
				name = strings.ToLower(strings.TrimSpace(name))
				if name == "" {
					return nil, &apisig.RequestError{Scheme: SchemeID, Part: "parameter signed-headers", Value: h, Problem: "has an empty name", Kind: apisig.ErrInvalidInput}
				}
				sg.SignedHeaders = append(sg.SignedHeaders, name)
			}
		}
		return sg, nil
	}
	return s
}
