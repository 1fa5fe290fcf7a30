package aws

import (
	"fmt"
	"strings"

	"github.com/apisig/apisig"
)

// Scheme describes SigV4 for an [apisig.Registry]. Its parameters are region and service; the
// signer it builds also verifies (with the config's key store), presigns and takes knobs.
func Scheme() apisig.Scheme {
	s := apisig.Scheme{
		ID:      SchemeID,
		Summary: "AWS Signature Version 4 (AWS4-HMAC-SHA256), header or presigned URL; S3 rules for service s3",
		Params: []apisig.Param{
			{Name: "region", Doc: "the region in the credential scope, e.g. us-east-1", Required: true},
			{Name: "service", Doc: "the service's signing name, e.g. s3, execute-api, dynamodb", Required: true},
			{Name: "rules", Doc: "canonicalisation rules: auto (S3 rules for S3 services), s3, default", Default: "auto"},
		},
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		sg := &SigV4{
			Region:  cfg.Param(s, "region"),
			Service: cfg.Param(s, "service"),
			Clock:   cfg.Clock,
			Keys:    cfg.Keys,
		}
		switch r := cfg.Param(s, "rules"); r {
		case "auto":
		case "s3":
			sg.Rules = RulesS3
		case "default":
			sg.Rules = RulesDefault
		default:
			return nil, fmt.Errorf("%w: %s: parameter rules: %q is not one of [%s]", apisig.ErrInvalidInput, SchemeID, r, strings.Join([]string{"auto", "s3", "default"}, ", "))
		}
		return sg, nil
	}
	return s
}
