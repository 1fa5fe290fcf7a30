package sigv2

import (
	"fmt"

	"github.com/apisig/apisig"
)

// Scheme describes S3 SigV2 for an [apisig.Registry]. Its parameters are the virtual-hosted
// bucket and the date header; the signer it builds also verifies (with the config's key
// store), presigns and takes knobs.
func Scheme() apisig.Scheme {
	s := apisig.Scheme{
		ID:      SchemeID,
		Summary: "Amazon S3 Signature Version 2 (AWS AKID:base64 HMAC-SHA1), header or presigned URL; legacy",
		Params: []apisig.Param{
			{Name: "bucket", Doc: "the bucket of a virtual-hosted-style request (bucket.s3.amazonaws.com); empty for path-style"},
			{Name: "domain", Doc: "the endpoint domain of virtual-hosted-style requests, e.g. s3.amazonaws.com: the bucket is read from the host"},
			{Name: "date-header", Doc: "the header carrying the signing time: date or x-amz-date", Default: "date"},
		},
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		sg := &SigV2{Bucket: cfg.Param(s, "bucket"), Domain: cfg.Param(s, "domain"), Clock: cfg.Clock, Keys: cfg.Keys}
		switch v := cfg.Param(s, "date-header"); v {
		case "date":
		case "x-amz-date":
			sg.DateHeader = DateHeaderAmzDate
		default:
			return nil, fmt.Errorf("%w: %s: parameter date-header: %q is not one of [date, x-amz-date]", apisig.ErrInvalidInput, SchemeID, v)
		}
		return sg, nil
	}
	return s
}
