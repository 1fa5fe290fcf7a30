package signedurl

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// Names of the enum values, as the registry parameters spell them.
var (
	hashNames      = []string{"sha256", "sha1", "sha512"}
	keyEncNames    = []string{"raw", "base64", "base64url"}
	sigEncNames    = []string{"hex", "base64", "base64url", "base64url-unpadded"}
	placementNames = []string{"query", "header"}
)

func enumParam(name, v string, names []string) (uint8, error) {
	i := slices.Index(names, v)
	if i < 0 {
		return 0, fmt.Errorf("%w: %s: parameter %s: %q is not one of [%s]", apisig.ErrInvalidInput, SchemeID, name, v, strings.Join(names, ", "))
	}
	return uint8(i), nil
}

// ParseMessage parses a comma-separated list of what is signed: method, host, path, query
// (as sent), sorted-query, header:<name> (repeatable), body. An unknown part is an error.
func ParseMessage(s string) (Message, error) {
	m := Message{OmitPath: true, Query: QueryOmit}
	for part := range strings.SplitSeq(s, ",") {
		switch part = strings.TrimSpace(part); {
		case part == "method":
			m.Method = true
		case part == "host":
			m.Host = true
		case part == "path":
			m.OmitPath = false
		case part == "query":
			m.Query = QueryRaw
		case part == "sorted-query":
			m.Query = QuerySorted
		case part == "body":
			m.Body = true
		case strings.HasPrefix(part, "header:") && len(part) > len("header:"):
			m.Headers = append(m.Headers, part[len("header:"):])
		default:
			return Message{}, fmt.Errorf("%w: %s: %q is not one of method, host, path, query, sorted-query, header:<name>, body", apisig.ErrInvalidInput, SchemeID, part)
		}
	}
	return m, nil
}

// Scheme describes signed URLs for an [apisig.Registry]. Credentials: AccessKeyID is the key id
// (sent in key-id-param when set), Secret the shared key.
func Scheme() apisig.Scheme {
	s := apisig.Scheme{
		ID:      SchemeID,
		Summary: "signed URLs with a configurable HMAC (Google Maps URL signing and home-made schemes like it)",
		Params: []apisig.Param{
			{Name: "hash", Doc: "sha256, sha1 or sha512", Default: "sha256"},
			{Name: "key-encoding", Doc: "how the secret is written: raw, base64, base64url", Default: "raw"},
			{Name: "signature-encoding", Doc: "hex, base64, base64url, base64url-unpadded", Default: "hex"},
			{Name: "placement", Doc: "query or header", Default: "query"},
			{Name: "sign", Doc: "what is signed, comma-separated: method, host, path, query, sorted-query, header:<name>, body", Default: "path,query"},
			{Name: "param", Doc: "query parameter carrying the signature", Default: "signature"},
			{Name: "header", Doc: "header carrying the signature", Default: "X-Signature"},
			{Name: "key-id-param", Doc: "query parameter naming the key, added by the signer and read by the verifier; empty: none (the verifier then uses key-id)", Default: "client"},
			{Name: "key-id", Doc: "key a verifier looks up when there is no key-id-param"},
			{Name: "expires-param", Doc: "query parameter carrying the expiry in Unix seconds; empty: none"},
			{Name: "expiry", Doc: "lifetime of a signature, a Go duration", Default: "15m"},
		},
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		sg := &Signer{Param: cfg.Param(s, "param"), Header: cfg.Param(s, "header"), KeyIDParam: cfg.Param(s, "key-id-param"),
			KeyID: cfg.Param(s, "key-id"), ExpiresParam: cfg.Param(s, "expires-param"), Clock: cfg.Clock, Keys: cfg.Keys}
		var err error
		var v uint8
		if v, err = enumParam("hash", cfg.Param(s, "hash"), hashNames); err != nil {
			return nil, err
		}
		sg.Hash = Hash(v)
		if v, err = enumParam("key-encoding", cfg.Param(s, "key-encoding"), keyEncNames); err != nil {
			return nil, err
		}
		sg.KeyEncoding = KeyEncoding(v)
		if v, err = enumParam("signature-encoding", cfg.Param(s, "signature-encoding"), sigEncNames); err != nil {
			return nil, err
		}
		sg.SignatureEncoding = SignatureEncoding(v)
		if v, err = enumParam("placement", cfg.Param(s, "placement"), placementNames); err != nil {
			return nil, err
		}
		sg.Placement = Placement(v)
		if sg.Message, err = ParseMessage(cfg.Param(s, "sign")); err != nil {
			return nil, err
		}
		if sg.Expiry, err = time.ParseDuration(cfg.Param(s, "expiry")); err != nil || sg.Expiry <= 0 {
			return nil, fmt.Errorf("%w: %s: parameter expiry: %q is not a positive Go duration (15m, 1h)", apisig.ErrInvalidInput, SchemeID, cfg.Param(s, "expiry"))
		}
		if err := sg.check(); err != nil {
			return nil, err
		}
		return sg, nil
	}
	return s
}
