package sigv4a

import (
	"fmt"
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// Scheme describes SigV4a for an [apisig.Registry]. Its parameters are the region set, the
// service and the rules; the signer it builds also verifies (with the config's key store),
// presigns and takes knobs.
func Scheme() apisig.Scheme {
	s := apisig.Scheme{
		ID:      SchemeID,
		Summary: "AWS Signature Version 4a (AWS4-ECDSA-P256-SHA256): ECDSA with a key derived from the secret, for a region set",
		Params: []apisig.Param{
			{Name: "region-set", Doc: "comma-separated regions the signature is valid in, or * for all", Default: "*"},
			{Name: "service", Doc: "the service's signing name, e.g. s3", Required: true},
			{Name: "region", Doc: "when verifying: the region this endpoint serves, which the region set must include (empty: any)"},
			{Name: "rules", Doc: "canonicalisation rules: auto (S3 rules for S3 services), s3, default", Default: "auto"},
		},
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		sg := &SigV4a{
			RegionSet: strings.Split(cfg.Param(s, "region-set"), ","),
			Service:   cfg.Param(s, "service"),
			Region:    cfg.Param(s, "region"),
			Clock:     cfg.Clock,
			Keys:      cfg.Keys,
		}
		switch r := cfg.Param(s, "rules"); r {
		case "auto":
		case "s3":
			sg.Rules = aws.RulesS3
		case "default":
			sg.Rules = aws.RulesDefault
		default:
			return nil, fmt.Errorf("%w: %s: parameter rules: %q is not one of [auto, s3, default]", apisig.ErrInvalidInput, SchemeID, r)
		}
		return sg, nil
	}
	return s
}
