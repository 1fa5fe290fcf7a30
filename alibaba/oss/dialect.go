package oss

import (
	"strconv"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/knobs"
)

// V1Dialect holds V1's dialect knobs. The zero value of every field is what OSS specifies; the
// other values reproduce the mistakes of MISTAKES.md section 1.4 (see [V1.Knobs]).
type V1Dialect struct {
	// ContentType: sign Content-Type as sent (zero) or an empty line although one is sent (D01).
	ContentType ContentTypeRule
	// ResourceBucket: put the bucket in the resource as addressed (zero), always, or never (D03).
	ResourceBucket ResourceBucket
	// SignatureEncoding: header signature raw and URL signature escaped (zero), or the
	// opposite of what the placement needs (D04, D07).
	SignatureEncoding SignatureEncoding
	// ResourceKey: the decoded object key (zero), the path as escaped on the wire (D05), or
	// the key with '+' read as a space (D06).
	ResourceKey ResourceKey
	// ExpiresUnit: Expires in seconds (zero) or milliseconds (D08).
	ExpiresUnit ExpiresUnit
	// DateFormat: Date as an HTTP-date in GMT (zero), ISO 8601, or in local time (D09).
	DateFormat DateFormat
	// SubResourceValues: sub-resource values decoded (zero) or as sent, still escaped (D10).
	SubResourceValues SubResourceValues
	// Method replaces the signed method (empty: the request's) (A35, D02).
	Method string
}

// ContentTypeRule says what goes on the Content-Type line.
type ContentTypeRule uint8

// The content-type rules.
const (
	ContentTypeAsSent ContentTypeRule = iota // the Content-Type header sent (correct)
	ContentTypeEmpty                         // an empty line although a Content-Type is sent (D01)
)

// ResourceBucket says whether the bucket is in the canonicalized resource.
type ResourceBucket uint8

// The resource-bucket rules.
const (
	ResourceBucketAuto    ResourceBucket = iota // as addressed (correct)
	ResourceBucketInclude                       // always, even for a request without one
	ResourceBucketOmit                          // never: a CNAME used without the CNAME option (D03)
)

// SignatureEncoding says how the signature is escaped where it is placed.
type SignatureEncoding uint8

// The signature encodings.
const (
	SignatureAsRequired SignatureEncoding = iota // raw in the header, URL-encoded in a URL (correct)
	SignatureEscaped                             // URL-encoded in the header too (D04)
	SignatureRaw                                 // raw '+', '/', '=' in the URL (D04, D07)
)

// ResourceKey says how the object key is written in the resource.
type ResourceKey uint8

// The resource-key rules.
const (
	ResourceKeyDecoded     ResourceKey = iota // the raw object key (correct)
	ResourceKeyEscaped                        // the percent-encoded path as sent (D05)
	ResourceKeyPlusAsSpace                    // '+' in the key read as a space (D06)
)

// ExpiresUnit is the unit of a presigned URL's Expires.
type ExpiresUnit uint8

// The units.
const (
	ExpiresSeconds      ExpiresUnit = iota // Unix seconds (correct)
	ExpiresMilliseconds                    // Unix milliseconds, a 13-digit value (D08)
)

// DateFormat is how Date is written.
type DateFormat uint8

// The date formats.
const (
	DateHTTP    DateFormat = iota // "Mon, 02 Jan 2006 15:04:05 GMT" (correct)
	DateISO8601                   // "2006-01-02T15:04:05Z" (D09)
	DateLocal                     // an HTTP-date in the local zone, e.g. "... CST" (D09)
)

// SubResourceValues says how sub-resource values are written in the resource.
type SubResourceValues uint8

// The sub-resource value forms.
const (
	SubResourceDecoded SubResourceValues = iota // decoded (correct)
	SubResourceAsSent                           // still percent-encoded, as sent (D10)
)

// V4Dialect holds V4's dialect knobs. The zero value of every field is what OSS specifies; the
// other values reproduce catalogued mistakes (see [V4.Knobs]).
type V4Dialect struct {
	// ContentType: sign Content-Type when sent (zero) or leave it out (D01).
	ContentType ContentTypeRule
	// URISlash: keep '/' in the canonical URI (zero) or escape it as %2F, as the SDKs do on
	// the wire.
	URISlash URISlash
	// ScopeRegion and ScopeProduct replace the region and product in the scope and the key
	// (empty: the configured ones) (A01, A02 for OSS).
	ScopeRegion, ScopeProduct string
	// KeyPrefix: "aliyun_v4" before the secret (zero) or none (A36).
	KeyPrefix KeyPrefix
	// AdditionalHeaders: sign only listed headers that are present (zero), or list absent ones
	// too (D11).
	AdditionalHeaders AdditionalRule
	// Method replaces the signed method (empty: the request's) (A35).
	Method string
}

// URISlash says how '/' is written in the V4 canonical URI.
type URISlash uint8

// The slash rules.
const (
	URISlashKept    URISlash = iota // '/' literal (correct)
	URISlashEscaped                 // '/' as %2F
)

// KeyPrefix is the prefix of the secret in the V4 key derivation.
type KeyPrefix uint8

// The key prefixes.
const (
	KeyPrefixAliyunV4 KeyPrefix = iota // "aliyun_v4" + secret (correct)
	KeyPrefixNone                      // the secret alone (A36)
)

// AdditionalRule says which additional headers are listed and signed.
type AdditionalRule uint8

// The additional-header rules.
const (
	AdditionalPresent AdditionalRule = iota // only listed headers the request carries (correct)
	AdditionalListed                        // every listed header, absent ones as empty (D11)
)

// v1Knobs is the list of V1 knobs, as data; the ids are those of MISTAKES.md.
var v1Knobs = knobs.Table[V1Dialect]{
	knobs.Enum("content-type", "the Content-Type line of the string to sign: the header sent, or empty although one is sent (browsers, mini programs, FormData add one)", []string{"D01"},
		func(d *V1Dialect) *ContentTypeRule { return &d.ContentType }, "as-sent", "empty"),
	knobs.Enum("resource-bucket", "whether /bucket is in the canonicalized resource: as addressed, always, or never (a CNAME used without the CNAME option)", []string{"D03"},
		func(d *V1Dialect) *ResourceBucket { return &d.ResourceBucket }, "auto", "include", "omit"),
	knobs.Enum("signature-encoding", "how the signature is escaped: raw in the header and URL-encoded in a URL, URL-encoded in the header too, or raw in the URL", []string{"D04", "D07"},
		func(d *V1Dialect) *SignatureEncoding { return &d.SignatureEncoding }, "as-required", "escaped", "raw"),
	knobs.Enum("resource-key", "the object key in the resource: decoded, the percent-encoded path as sent, or with '+' read as a space", []string{"D05", "D06"},
		func(d *V1Dialect) *ResourceKey { return &d.ResourceKey }, "decoded", "escaped", "plus-as-space"),
	knobs.Enum("expires-unit", "the unit of a URL's Expires: Unix seconds or milliseconds", []string{"D08"},
		func(d *V1Dialect) *ExpiresUnit { return &d.ExpiresUnit }, "seconds", "milliseconds"),
	knobs.Enum("date-format", "the Date header: an HTTP-date in GMT, ISO 8601, or an HTTP-date in the local zone", []string{"D09"},
		func(d *V1Dialect) *DateFormat { return &d.DateFormat }, "http", "iso8601", "local"),
	knobs.Enum("sub-resource-values", "sub-resource values in the resource: decoded (what the server uses) or still escaped as sent", []string{"D10"},
		func(d *V1Dialect) *SubResourceValues { return &d.SubResourceValues }, "decoded", "as-sent"),
	knobs.Free("method", "the method signed (empty: the request's): a URL presigned for GET used for HEAD or PUT, or a CDN turning HEAD into GET", []string{"A35", "D02"},
		func(d *V1Dialect) *string { return &d.Method }),
}

// v4Knobs is the list of V4 knobs.
var v4Knobs = knobs.Table[V4Dialect]{
	knobs.Enum("content-type", "whether a Content-Type that is sent is signed", []string{"D01"},
		func(d *V4Dialect) *ContentTypeRule { return &d.ContentType }, "signed", "unsigned"),
	knobs.Enum("uri-slash", "'/' in the canonical URI: literal, or %2F as the SDKs send it on the wire", []string{"D06"},
		func(d *V4Dialect) *URISlash { return &d.URISlash }, "kept", "escaped"),
	knobs.Free("scope-region", "region written in the scope and used in the key (empty: the configured region)", []string{"A01"},
		func(d *V4Dialect) *string { return &d.ScopeRegion }),
	knobs.Free("scope-product", "product written in the scope and used in the key (empty: the configured product, oss)", []string{"A02"},
		func(d *V4Dialect) *string { return &d.ScopeProduct }),
	knobs.Enum("key-prefix", "the prefix of the secret in the key derivation: aliyun_v4, or none", []string{"A36"},
		func(d *V4Dialect) *KeyPrefix { return &d.KeyPrefix }, "aliyun_v4", "none"),
	knobs.Enum("additional-headers", "which configured additional headers are listed: those present, or all of them, absent ones signed empty", []string{"D11"},
		func(d *V4Dialect) *AdditionalRule { return &d.AdditionalHeaders }, "present", "listed"),
	knobs.Free("method", "the method signed (empty: the request's)", []string{"A35"},
		func(d *V4Dialect) *string { return &d.Method }),
}

// Knobs lists V1's dialect knobs with their documentation.
func (s *V1) Knobs() []apisig.Knob { return v1Knobs.Knobs() }

// SetKnob sets one V1 knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *V1) SetKnob(name, value string) error {
	return v1Knobs.Set(&s.Dialect, IDV1, name, value)
}

// Knobs lists V4's dialect knobs with their documentation.
func (s *V4) Knobs() []apisig.Knob { return v4Knobs.Knobs() }

// SetKnob sets one V4 knob by name.
func (s *V4) SetKnob(name, value string) error {
	return v4Knobs.Set(&s.Dialect, IDV4, name, value)
}

// check rejects dialect values outside their enums: an unknown value is an error, never a
// silent fallback to the correct behaviour.
func (d *V1Dialect) check() error {
	for _, f := range []struct {
		name     string
		v, count uint8
	}{
		{"ContentType", uint8(d.ContentType), 2}, {"ResourceBucket", uint8(d.ResourceBucket), 3},
		{"SignatureEncoding", uint8(d.SignatureEncoding), 3}, {"ResourceKey", uint8(d.ResourceKey), 3},
		{"ExpiresUnit", uint8(d.ExpiresUnit), 2}, {"DateFormat", uint8(d.DateFormat), 3},
		{"SubResourceValues", uint8(d.SubResourceValues), 2},
	} {
		if f.v >= f.count {
			return &apisig.RequestError{Scheme: IDV1, Part: "Dialect." + f.name, Value: strconv.Itoa(int(f.v)), Problem: "is not a known value", Kind: apisig.ErrInvalidInput}
		}
	}
	return nil
}

func (d *V4Dialect) check() error {
	for _, f := range []struct {
		name     string
		v, count uint8
	}{
		{"ContentType", uint8(d.ContentType), 2}, {"URISlash", uint8(d.URISlash), 2},
		{"KeyPrefix", uint8(d.KeyPrefix), 2}, {"AdditionalHeaders", uint8(d.AdditionalHeaders), 2},
	} {
		if f.v >= f.count {
			return &apisig.RequestError{Scheme: IDV4, Part: "Dialect." + f.name, Value: strconv.Itoa(int(f.v)), Problem: "is not a known value", Kind: apisig.ErrInvalidInput}
		}
	}
	return nil
}
