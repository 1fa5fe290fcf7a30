package tencent

import (
	"github.com/apisig/apisig"
)

// TC3Scheme describes TC3-HMAC-SHA256 for an [apisig.Registry]. The signer it builds also
// verifies (with the config's key store) and takes knobs.
func TC3Scheme() apisig.Scheme {
	s := apisig.Scheme{
		ID:      TC3SchemeID,
		Summary: "Tencent Cloud API 3.0 TC3-HMAC-SHA256 (Authorization header, X-TC-* headers)",
		Params: []apisig.Param{
			{Name: "service", Doc: "the service in the credential scope, e.g. cvm (default: the host's first label under tencentcloudapi.com)"},
			{Name: "action", Doc: "X-TC-Action, e.g. DescribeInstances (default: the request's header)"},
			{Name: "version", Doc: "X-TC-Version, e.g. 2017-03-12 (default: the request's header)"},
			{Name: "region", Doc: "X-TC-Region, e.g. ap-guangzhou (default: the request's header, if any)"},
			{Name: "language", Doc: "X-TC-Language, e.g. en-US or zh-CN (default: the request's header, if any)"},
		},
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		return &TC3{
			Service:  cfg.Param(s, "service"),
			Action:   cfg.Param(s, "action"),
			Version:  cfg.Param(s, "version"),
			Region:   cfg.Param(s, "region"),
			Language: cfg.Param(s, "language"),
			Clock:    cfg.Clock,
			Keys:     cfg.Keys,
			Replay:   cfg.Replay,
		}, nil
	}
	return s
}

// V1Scheme describes API signature v1 for an [apisig.Registry]. The signer it builds also
// verifies (with the config's key store and replay store) and takes knobs.
func V1Scheme() apisig.Scheme {
	s := apisig.Scheme{
		ID:      V1SchemeID,
		Summary: "Tencent Cloud API signature v1 (HmacSHA1 / HmacSHA256), parameters in a GET query or POST form",
		Params: []apisig.Param{
			{Name: "signature-method", Doc: "HmacSHA1 or HmacSHA256", Default: "HmacSHA1"},
			{Name: "region", Doc: "the Region parameter, e.g. ap-guangzhou (default: the request's, if any)"},
		},
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		m, err := ParseSignatureMethod(cfg.Param(s, "signature-method"))
		if err != nil {
			return nil, err
		}
		v := &V1{Method: m, Region: cfg.Param(s, "region"), Clock: cfg.Clock, Keys: cfg.Keys, Replay: cfg.Replay}
		if cfg.Nonce != nil {
			v.Nonce = cfg.Nonce
		}
		return v, nil
	}
	return s
}
