package oss

import (
	"slices"
	"strings"

	"github.com/apisig/apisig"
)

// SchemeV1 describes OSS V1 for an [apisig.Registry]. Its parameters are the bucket and
// the addressing style; the signer it builds also verifies (with the config's key store),
// presigns and takes knobs.
func SchemeV1() apisig.Scheme {
	s := apisig.Scheme{
		ID:      IDV1,
		Summary: "Alibaba Cloud OSS signature V1 (HMAC-SHA1): Authorization: OSS AccessKeyId:Signature, or a signed URL",
		Params: []apisig.Param{
			{Name: "bucket", Doc: "the bucket, when the host does not name it (a CNAME)"},
			{Name: "addressing", Doc: "where the request names its bucket: " + strings.Join(addressingNames, ", "), Default: "auto"},
		},
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		a, err := parseAddressing(IDV1, cfg.Param(s, "addressing"))
		if err != nil {
			return nil, err
		}
		return &V1{Bucket: cfg.Param(s, "bucket"), Addressing: a, Clock: cfg.Clock, Keys: cfg.Keys}, nil
	}
	return s
}

// SchemeV4 describes OSS V4 for an [apisig.Registry]. Its parameters are the region,
// the product, the bucket, the addressing style and the additional headers.
func SchemeV4() apisig.Scheme {
	s := apisig.Scheme{
		ID:      IDV4,
		Summary: "Alibaba Cloud OSS signature V4 (OSS4-HMAC-SHA256), header or signed URL",
		Params: []apisig.Param{
			{Name: "region", Doc: "the region in the scope, e.g. cn-hangzhou", Required: true},
			{Name: "product", Doc: "the product in the scope", Default: DefaultProduct},
			{Name: "bucket", Doc: "the bucket, when the host does not name it (a CNAME)"},
			{Name: "addressing", Doc: "where the request names its bucket: " + strings.Join(addressingNames, ", "), Default: "auto"},
			{Name: "additional-headers", Doc: "headers to sign beyond x-oss-*, Content-Type and Content-MD5, separated by ';'"},
		},
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		a, err := parseAddressing(IDV4, cfg.Param(s, "addressing"))
		if err != nil {
			return nil, err
		}
		v := &V4{Region: cfg.Param(s, "region"), Product: cfg.Param(s, "product"), Bucket: cfg.Param(s, "bucket"), Addressing: a, Clock: cfg.Clock, Keys: cfg.Keys}
		if h := cfg.Param(s, "additional-headers"); h != "" {
			v.AdditionalHeaders = strings.Split(h, ";")
		}
		return v, nil
	}
	return s
}

func parseAddressing(scheme, v string) (Addressing, error) {
	i := slices.Index(addressingNames, v)
	if i < 0 {
		return 0, &apisig.RequestError{Scheme: scheme, Part: "parameter addressing", Value: v, Problem: "is not one of " + strings.Join(addressingNames, ", "), Kind: apisig.ErrInvalidInput}
	}
	return Addressing(i), nil
}
