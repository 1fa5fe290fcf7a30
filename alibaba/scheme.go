package alibaba

import (
	"github.com/apisig/apisig"
)

func replayOf(cfg apisig.Config) apisig.ReplayStore {
	if cfg.Replay != nil {
		return cfg.Replay
	}
	return &apisig.MemoryReplay{Clock: cfg.Clock}
}

// RPCScheme describes the RPC HMAC-SHA1 scheme for an [apisig.Registry]. Its one parameter is
// format (JSON, XML, or empty to leave the request's Format); the signer it builds also
// verifies (with the config's key store and replay store), presigns and takes knobs.
func RPCScheme() apisig.Scheme {
	s := apisig.Scheme{
		ID:      RPCSchemeID,
		Summary: "Alibaba Cloud RPC API signature 1.0 (HMAC-SHA1, Signature query parameter): ECS, VPC, SLB, DNS, ...",
		Params: []apisig.Param{
			{Name: "format", Doc: "the Format parameter to set: JSON, XML, or empty to leave the request's"},
		},
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		r := &RPC{Format: cfg.Param(s, "format"), Clock: cfg.Clock, Nonce: cfg.Nonce, Keys: cfg.Keys, Replay: replayOf(cfg)}
		switch r.Format {
		case "", "JSON", "XML":
		default:
			return nil, &apisig.RequestError{Scheme: RPCSchemeID, Part: "parameter format", Value: r.Format, Problem: "must be JSON, XML or empty", Kind: apisig.ErrInvalidInput}
		}
		return r, nil
	}
	return s
}

// ACS3Scheme describes the V3 signature (ACS3-HMAC-SHA256) for an [apisig.Registry]. It takes
// no parameters; the signer it builds also verifies and takes knobs.
func ACS3Scheme() apisig.Scheme {
	s := apisig.Scheme{
		ID:      ACS3SchemeID,
		Summary: "Alibaba Cloud V3 signature (ACS3-HMAC-SHA256, Authorization header), RPC- and ROA-style APIs",
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		return &ACS3{Clock: cfg.Clock, Nonce: cfg.Nonce, Keys: cfg.Keys, Replay: replayOf(cfg)}, nil
	}
	return s
}

// ROAScheme describes the ROA HMAC-SHA1 header signature for an [apisig.Registry]. It takes no
// parameters; the signer it builds also verifies and takes knobs.
func ROAScheme() apisig.Scheme {
	s := apisig.Scheme{
		ID:      ROASchemeID,
		Summary: "Alibaba Cloud ROA API signature (HMAC-SHA1, Authorization: acs AccessKeyId:Signature)",
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		return &ROA{Clock: cfg.Clock, Nonce: cfg.Nonce, Keys: cfg.Keys, Replay: replayOf(cfg)}, nil
	}
	return s
}

// OpenSearchV3Scheme describes the OpenSearch API v3 signature for an [apisig.Registry]. It
// takes no parameters; the signer it builds also verifies and takes knobs. (OpenSearch API v2
// is signed by [RPCScheme].)
func OpenSearchV3Scheme() apisig.Scheme {
	s := apisig.Scheme{
		ID:      OpenSearchV3SchemeID,
		Summary: "Alibaba Cloud OpenSearch API v3 signature (HMAC-SHA1, Authorization: OPENSEARCH AccessKeyId:Signature)",
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		return &OpenSearch{Clock: cfg.Clock, Nonce: cfg.Nonce, Keys: cfg.Keys, Replay: replayOf(cfg)}, nil
	}
	return s
}
