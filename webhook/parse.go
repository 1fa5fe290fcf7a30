package webhook

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
)

// StripeSignature is a parsed Stripe-Signature header.
type StripeSignature struct {
	// Timestamp is t, in Unix seconds, as sent.
	Timestamp string
	// V1 holds the v1 signatures (lower-case hex of HMAC-SHA256), several during a rotation.
	V1 []string
	// Skipped counts v1 values that were not 64 hex digits, and elements of other schemes (v0).
	Skipped int
}

// ParseStripeSignature parses "t=<unix>,v1=<hex>[,v1=<hex>...][,v0=...]" as Stripe's SDKs do:
// elements are split at ',' and then at the first '='; t must be a decimal integer; v1 values
// that are not 64 hex digits are skipped, like elements of other schemes. A header with no t or
// no usable v1 is an error wrapping [apisig.ErrMalformed] that says which.
func ParseStripeSignature(v string) (*StripeSignature, error) {
	out := &StripeSignature{}
	for elem := range strings.SplitSeq(v, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(elem), "=")
		if !ok {
			return nil, malformed(Stripe, HeaderStripe, elem, "element is not key=value; want t=<unix seconds>,v1=<hex>")
		}
		switch k {
		case "t":
			if out.Timestamp != "" {
				return nil, malformed(Stripe, HeaderStripe, elem, "t appears twice")
			}
			if !isDigits(val) {
				return nil, malformed(Stripe, HeaderStripe+" t", val, "is not a Unix time in decimal seconds")
			}
			out.Timestamp = val
		case "v1":
			if len(val) != 64 || !isHex(val) {
				out.Skipped++
				continue
			}
			out.V1 = append(out.V1, val)
		default:
			out.Skipped++
		}
	}
	switch {
	case out.Timestamp == "":
		return nil, malformed(Stripe, HeaderStripe, v, "has no t=<unix seconds> element")
	case len(out.V1) == 0:
		return nil, malformed(Stripe, HeaderStripe, v, "has no v1=<64 hex digits> signature")
	}
	return out, nil
}

// ParseStandardSignatures parses a Standard Webhooks webhook-signature value: space-separated
// "<version>,<base64>" entries. It returns the decoded v1 MACs (32 bytes each); entries of
// other versions (v1a, v2) are skipped. A value with no usable v1 entry is an error wrapping
// [apisig.ErrMalformed].
func ParseStandardSignatures(v string) ([][]byte, error) {
	var out [][]byte
	for entry := range strings.FieldsSeq(v) {
		ver, sig, ok := strings.Cut(entry, ",")
		if !ok {
			return nil, malformed(Standard, HeaderStandardSig, entry, "entry is not <version>,<base64>")
		}
		if ver != "v1" {
			continue
		}
		mac, err := base64.StdEncoding.DecodeString(sig)
		if err != nil || len(mac) != 32 {
			continue
		}
		out = append(out, mac)
	}
	if len(out) == 0 {
		return nil, malformed(Standard, HeaderStandardSig, v, "has no v1,<base64 of 32 bytes> entry")
	}
	return out, nil
}

// delivery is what a verifier reads from the headers.
type delivery struct {
	id, timestamp string
	// sigs are the provided MACs, decoded; sent are the same as sent.
	sigs [][]byte
	sent []string
}

// readDelivery parses the provider's headers. A missing signature header is ErrNotSigned
// (with another provider's header named when one is present).
func readDelivery(s *spec, p Provider, h headerGetter) (*delivery, error) {
	raw := h.Get(s.sigHeader)
	if raw == "" {
		return nil, notSigned(p, h)
	}
	d := &delivery{}
	switch p {
	case GitHub, GitHubSHA1, Slack:
		hexSig, ok := strings.CutPrefix(raw, s.prefix)
		if !ok {
			return nil, malformed(p, s.sigHeader, raw, "does not start with "+s.prefix)
		}
		mac, err := hex.DecodeString(hexSig)
		if err != nil || len(mac) != s.macLen() {
			return nil, malformed(p, s.sigHeader, raw, "want "+s.prefix+" followed by "+strconv.Itoa(2*s.macLen())+" hex digits")
		}
		d.sigs, d.sent = [][]byte{mac}, []string{raw}
	case Shopify:
		mac, err := base64.StdEncoding.DecodeString(raw)
		if err != nil || len(mac) != 32 {
			e := malformed(p, s.sigHeader, raw, "want the base64 of a 32-byte HMAC-SHA256")
			if len(raw) == 64 && isHex(raw) {
				return nil, &Failure{Findings: []Finding{{Reason: ReasonSignatureEncoding, Detail: "the value is hex; Shopify webhooks carry base64 (hex is for the OAuth hmac query parameter)"}}, Err: e}
			}
			return nil, e
		}
		d.sigs, d.sent = [][]byte{mac}, []string{raw}
	case Stripe:
		ss, err := ParseStripeSignature(raw)
		if err != nil {
			return nil, err
		}
		d.timestamp = ss.Timestamp
		for _, v := range ss.V1 {
			mac, _ := hex.DecodeString(v)
			d.sigs, d.sent = append(d.sigs, mac), append(d.sent, v)
		}
	case Standard:
		macs, err := ParseStandardSignatures(raw)
		if err != nil {
			return nil, err
		}
		d.sigs = macs
		for _, m := range macs {
			d.sent = append(d.sent, base64.StdEncoding.EncodeToString(m))
		}
		d.id = h.Get(HeaderStandardID)
		if d.id == "" {
			return nil, malformed(p, HeaderStandardID, "", "is missing; Standard Webhooks sign webhook-id.webhook-timestamp.body")
		}
	}
	if s.tsHeader != "" {
		d.timestamp = h.Get(s.tsHeader)
		if d.timestamp == "" {
			return nil, malformed(p, s.tsHeader, "", "is missing")
		}
		if !isDigits(d.timestamp) {
			return nil, malformed(p, s.tsHeader, d.timestamp, "is not a Unix time in decimal seconds")
		}
	}
	return d, nil
}

func (s *spec) macLen() int {
	if s.sha1 {
		return 20
	}
	return 32
}

type headerGetter interface{ Get(string) string }

func malformed(p Provider, part, value, problem string) error {
	return &apisig.RequestError{Scheme: p.String(), Part: part, Value: value, Problem: problem, Kind: apisig.ErrMalformed}
}

func isDigits(s string) bool {
	if s == "" || len(s) > 18 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
