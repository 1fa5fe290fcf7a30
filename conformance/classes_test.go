package conformance

// The documented disagreement classes: each is a way one SDK's SigV4 canonicalisation differs
// from apisig's default (correct) one, with a predicate that says whether a case exercises it
// and a fix that makes the two agree again. A fix is, in order of preference: apisig dialect
// knobs (this proves the knob reproduces the SDK); a change to the request apisig signs (when
// apisig has no knob for the behaviour); a change to the request the SDK signs (when apisig
// cannot produce the SDK's behaviour at all, the fix proves the difference is exactly that).
// SDK-NOTES.md documents each class with its counts.

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Oracle names.
const (
	oracleAWSV2  = "aws-sdk-go-v2"
	oracleSmithy = "smithy-go"
	oracleMinio  = "minio-go"
)

// class is one documented disagreement class.
type class struct {
	ID     string
	Oracle string
	Title  string
	// Fix is how the class is resolved: "knob", "apisig-request", "sdk-request", "both-requests".
	Fix     string
	Applies func(c *Case) bool
	// Knobs are set on apisig.
	Knobs []knobSetting
	// Apisig and SDK change the request signed by apisig and by the SDK.
	Apisig, SDK func(c *Case)
}

// ---- helpers shared by the predicates ----

// escapedPath is what net/url sends: url.URL.EscapedPath.
func (c *Case) escapedPath() string {
	u := url.URL{Path: c.Path, RawPath: c.RawPath}
	return u.EscapedPath()
}

// pathNotPreEscaped: the path on the wire is not the AWS escaping of the decoded path.
func pathNotPreEscaped(c *Case) bool { return c.escapedPath() != awsEscapePath(c.Path) }

// needsNormalising reports whether RFC 3986 dot-segment removal or slash merging changes p.
func needsNormalising(p string) bool {
	return strings.Contains(p, "//") || strings.Contains(p, "/./") || strings.Contains(p, "/../") ||
		strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..")
}

type qpair struct{ k, v string }

// parsePairs splits a raw query as url.ParseQuery does ('+' is a space), keeping order.
func parsePairs(raw string) []qpair {
	var out []qpair
	for seg := range strings.SplitSeq(raw, "&") {
		if seg == "" {
			continue
		}
		k, v, _ := strings.Cut(seg, "=")
		dk, err1 := url.QueryUnescape(k)
		dv, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			continue
		}
		out = append(out, qpair{dk, dv})
	}
	return out
}

func awsEscapeQuery(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// presignPairs adds the parameters a presign puts into the query before signing.
func presignPairs(c *Case, ps []qpair) []qpair {
	if !c.Presign {
		return ps
	}
	ps = append(slices.Clone(ps),
		qpair{"X-Amz-Algorithm", "AWS4-HMAC-SHA256"}, qpair{"X-Amz-Credential", "x"},
		qpair{"X-Amz-Date", "x"}, qpair{"X-Amz-Expires", "x"}, qpair{"X-Amz-SignedHeaders", "x"})
	if c.SessionToken != "" {
		ps = append(ps, qpair{"X-Amz-Security-Token", c.SessionToken})
	}
	return ps
}

func joinEncoded(ps []qpair) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(awsEscapeQuery(p.k) + "=" + awsEscapeQuery(p.v))
	}
	return b.String()
}

// sortedEncoded orders pairs by encoded key, then encoded value (the SigV4 rule).
func sortedEncoded(ps []qpair) string {
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(a, b qpair) int {
		if c := strings.Compare(awsEscapeQuery(a.k), awsEscapeQuery(b.k)); c != 0 {
			return c
		}
		return strings.Compare(awsEscapeQuery(a.v), awsEscapeQuery(b.v))
	})
	return joinEncoded(ps)
}

// sortedRaw orders pairs by raw key, then raw value (url.Values.Encode after sorting values).
func sortedRaw(ps []qpair) string {
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(a, b qpair) int {
		if c := strings.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.v, b.v)
	})
	return joinEncoded(ps)
}

// sortedRawKeysOnly orders pairs by raw key, keeping the values of a key in the order sent
// (url.Values.Encode on an unsorted url.Values).
func sortedRawKeysOnly(ps []qpair) string {
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(a, b qpair) int { return strings.Compare(a.k, b.k) })
	return joinEncoded(ps)
}

// Header-value cleaning as each implementation does it.
func stripExcessSpaces(s string) string { // aws-sdk-go-v2 internal/v4/util.go:13-48
	s = strings.Trim(s, " ")
	for strings.Contains(s, "  ") {
		s = strings.ReplaceAll(s, "  ", " ")
	}
	return s
}
func cleanAWSV2(v string) string  { return strings.TrimSpace(stripExcessSpaces(v)) }
func cleanSmithy(v string) string { return strings.TrimSpace(v) }
func cleanMinio(v string) string  { return strings.Join(strings.Fields(v), " ") }
func cleanApisigTrim(v string) string {
	return strings.Trim(v, " \t")
}
func cleanApisig(v string) string { // canon.FoldTrimAll
	v = cleanApisigTrim(v)
	for strings.Contains(v, "  ") {
		v = strings.ReplaceAll(v, "  ", " ")
	}
	return v
}

// anyValue reports whether some header the predicate selects has a value for which f is true.
func anyValue(c *Case, signed func(name string) bool, f func(v string) bool) bool {
	for _, h := range c.Header {
		if signed(h.Name) && f(h.Value) {
			return true
		}
	}
	return false
}

func mapValues(c *Case, signed func(name string) bool, f func(string) string) {
	for i, h := range c.Header {
		if signed(h.Name) {
			c.Header[i].Value = f(h.Value)
		}
	}
}

// ---- aws-sdk-go-v2 header rules (internal/v4/headers.go) ----

var awsV2Ignored = []string{"Authorization", "User-Agent", "X-Amzn-Trace-Id", "Expect", "Transfer-Encoding"}

// awsV2Signs reports whether aws-sdk-go-v2 signs a header (map key as given).
func awsV2Signs(name string) bool {
	return !slices.Contains(awsV2Ignored, name) && !strings.EqualFold(name, "Content-Length")
}

var awsV2Required = []string{
	"Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Md5",
	"Content-Type", "Expires", "If-Match", "If-Modified-Since", "If-None-Match", "If-Unmodified-Since",
	"Range", "X-Amz-Acl", "X-Amz-Copy-Source", "X-Amz-Copy-Source-If-Match",
	"X-Amz-Copy-Source-If-Modified-Since", "X-Amz-Copy-Source-If-None-Match",
	"X-Amz-Copy-Source-If-Unmodified-Since", "X-Amz-Copy-Source-Range",
	"X-Amz-Copy-Source-Server-Side-Encryption-Customer-Algorithm",
	"X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key",
	"X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key-Md5", "X-Amz-Grant-Full-control",
	"X-Amz-Grant-Read", "X-Amz-Grant-Read-Acp", "X-Amz-Grant-Write", "X-Amz-Grant-Write-Acp",
	"X-Amz-Metadata-Directive", "X-Amz-Mfa", "X-Amz-Server-Side-Encryption",
	"X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id", "X-Amz-Server-Side-Encryption-Context",
	"X-Amz-Server-Side-Encryption-Customer-Algorithm", "X-Amz-Server-Side-Encryption-Customer-Key",
	"X-Amz-Server-Side-Encryption-Customer-Key-Md5", "X-Amz-Storage-Class",
	"X-Amz-Website-Redirect-Location", "X-Amz-Content-Sha256", "X-Amz-Tagging",
}

func hasPrefixFold(s, p string) bool { return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) }

// awsV2Hoisted returns the query key a presign hoists header name into, or "" if it stays a
// header (v4.go:389-412 buildQuery with AllowedQueryHoisting).
func awsV2Hoisted(name string) string {
	switch name {
	case "X-Amz-Expected-Bucket-Owner":
		name = "x-amz-expected-bucket-owner"
	case "X-Amz-Request-Payer":
		name = "x-amz-request-payer"
	}
	if !hasPrefixFold(name, "X-Amz-") {
		return ""
	}
	required := slices.Contains(awsV2Required, name) ||
		(hasPrefixFold(name, "X-Amz-Checksum-") && !hasPrefixFold(name, "X-Amz-Checksum-Mode")) ||
		hasPrefixFold(name, "X-Amz-Object-Lock-") || hasPrefixFold(name, "X-Amz-Meta-")
	if required {
		return ""
	}
	return name
}

// v2SignsWhatApisigIgnores: a header apisig ignores whose canonical name aws-sdk-go-v2 does not
// ignore (Connection, Keep-Alive, TE, ...), in any spelling.
func v2SignsWhatApisigIgnores(h Field) bool {
	return isApisigIgnored(h.Name) && !slices.Contains(awsV2Ignored, http.CanonicalHeaderKey(h.Name))
}

// v2IgnoresOnlyCanonical: a header aws-sdk-go-v2 ignores under its canonical key but signs under
// the non-canonical map key it was given ("user-agent", "expect").
func v2IgnoresOnlyCanonical(h Field) bool {
	return slices.Contains(awsV2Ignored, http.CanonicalHeaderKey(h.Name)) && h.Name != http.CanonicalHeaderKey(h.Name)
}

// ---- minio-go header rules (request-signature-v4.go:61-65) ----

var minioIgnored = []string{"Accept-Encoding", "Authorization", "User-Agent"}

func minioSigns(name string) bool {
	return !slices.Contains(minioIgnored, http.CanonicalHeaderKey(name))
}

func bothSign(oracle func(string) bool) func(string) bool {
	return func(n string) bool { return oracle(n) && !isApisigIgnored(n) }
}

// semicolonClass: every SDK reads the query with url.URL.Query(), and net/url.ParseQuery
// rejects (and the SDKs silently drop) a pair that contains a ';'. apisig signs it.
func semicolonClass(id, oracle string) *class {
	return &class{
		ID: id, Oracle: oracle, Fix: "apisig-request",
		Title:   "drops a query pair containing ';' (url.ParseQuery rejects it) from the canonical query",
		Applies: func(c *Case) bool { return strings.Contains(c.RawQuery, ";") },
		Apisig: func(c *Case) {
			segs := slices.DeleteFunc(strings.Split(c.RawQuery, "&"), func(s string) bool { return strings.Contains(s, ";") })
			c.RawQuery = strings.Join(segs, "&")
		},
	}
}

// classes is the catalogue. Order matters: fixes are applied in this order.
var classes = []*class{
	semicolonClass("V2-semicolon", oracleAWSV2),
	semicolonClass("SM-semicolon", oracleSmithy),
	semicolonClass("MN-semicolon", oracleMinio),
	// aws-sdk-go-v2
	{
		ID: "V2-hoist", Oracle: oracleAWSV2, Fix: "apisig-request",
		Title: "presign moves X-Amz-* headers outside its signed-header allow list into the query (values untrimmed)",
		Applies: func(c *Case) bool {
			return c.Presign && slices.ContainsFunc(c.Header, func(h Field) bool { return awsV2Hoisted(h.Name) != "" })
		},
		Apisig: func(c *Case) {
			var kept []Field
			for _, h := range c.Header {
				if k := awsV2Hoisted(h.Name); k != "" {
					p := awsEscapeQuery(k) + "=" + awsEscapeQuery(h.Value)
					if c.RawQuery == "" {
						c.RawQuery = p
					} else {
						c.RawQuery += "&" + p
					}
					continue
				}
				kept = append(kept, h)
			}
			c.Header = kept
		},
	},
	{
		ID: "V2-content-length", Oracle: oracleAWSV2, Fix: "apisig-request",
		Title:   "signs content-length from req.ContentLength when it is > 0, though it is not in req.Header",
		Applies: func(c *Case) bool { return !c.Presign && len(c.Body) > 0 },
		Apisig: func(c *Case) {
			c.Header = append(c.Header, Field{"Content-Length", strconv.Itoa(len(c.Body))})
		},
	},
	{
		ID: "V2-ignored", Oracle: oracleAWSV2, Fix: "sdk-request",
		Title: "signs Connection (and the other hop-by-hop headers apisig ignores); ignores only Authorization, User-Agent, X-Amzn-Trace-Id, Expect, Transfer-Encoding",
		Applies: func(c *Case) bool {
			return slices.ContainsFunc(c.Header, v2SignsWhatApisigIgnores)
		},
		SDK: func(c *Case) {
			c.Header = slices.DeleteFunc(c.Header, v2SignsWhatApisigIgnores)
		},
	},
	{
		ID: "V2-ignored-case", Oracle: oracleAWSV2, Fix: "sdk-request",
		Title: "its ignore list is matched case-sensitively against the http.Header map key: req.Header[\"user-agent\"] (not canonical) is signed, req.Header[\"User-Agent\"] is not",
		Applies: func(c *Case) bool {
			return slices.ContainsFunc(c.Header, v2IgnoresOnlyCanonical)
		},
		SDK: func(c *Case) {
			c.Header = slices.DeleteFunc(c.Header, v2IgnoresOnlyCanonical)
		},
	},
	{
		ID: "V2-default-port", Oracle: oracleAWSV2, Fix: "knob",
		Title:   "strips the scheme's default port (:443 for https) from the signed host, and from req.Host",
		Applies: func(c *Case) bool { return strings.HasSuffix(c.Host, ":443") },
		Knobs:   []knobSetting{{"host-port", "strip"}},
	},
	{
		ID: "V2-no-normalize", Oracle: oracleAWSV2, Fix: "knob",
		Title:   "non-S3: does not remove dot segments or merge slashes in the canonical URI",
		Applies: func(c *Case) bool { return !c.IsS3() && needsNormalising(c.escapedPath()) },
		Knobs:   []knobSetting{{"path-normalization", "off"}},
	},
	{
		ID: "V2-s3-path-as-sent", Oracle: oracleAWSV2, Fix: "knob",
		Title:   "S3 (DisableURIPathEscaping): signs URL.EscapedPath() verbatim, so a path not pre-escaped the AWS way ('+', '$', lower-case hex ...) is signed as sent",
		Applies: func(c *Case) bool { return c.IsS3() && pathNotPreEscaped(c) },
		Knobs:   []knobSetting{{"path-encoding", "none"}},
	},
	{
		ID: "V2-header-unicode-trim", Oracle: oracleAWSV2, Fix: "apisig-request",
		Title: "trims Unicode white space (strings.TrimSpace: NBSP, U+0085, ...) at the ends of header values, not just spaces and tabs",
		Applies: func(c *Case) bool {
			return anyValue(c, bothSign(awsV2Signs), func(v string) bool { return cleanAWSV2(v) != cleanApisig(v) })
		},
		Apisig: func(c *Case) { mapValues(c, bothSign(awsV2Signs), cleanAWSV2) },
	},

	// smithy-go aws-http-auth
	{
		ID: "SM-raw-sort", Oracle: oracleSmithy, Fix: "knob",
		Title: "sorts the query by raw (decoded) key and raw value (url.Values.Encode), not by encoded key and value",
		Applies: func(c *Case) bool {
			ps := presignPairs(c, parsePairs(c.RawQuery))
			return sortedRaw(ps) != sortedEncoded(ps)
		},
		Knobs: []knobSetting{{"query-sort", "raw"}},
	},
	{
		ID: "SM-no-normalize", Oracle: oracleSmithy, Fix: "knob",
		Title:   "non-S3: does not remove dot segments or merge slashes in the canonical URI",
		Applies: func(c *Case) bool { return !c.IsS3() && needsNormalising(c.escapedPath()) },
		Knobs:   []knobSetting{{"path-normalization", "off"}},
	},
	{
		ID: "SM-s3-path-as-sent", Oracle: oracleSmithy, Fix: "knob",
		Title:   "S3 (DisableDoublePathEscape): signs URL.EscapedPath() verbatim",
		Applies: func(c *Case) bool { return c.IsS3() && pathNotPreEscaped(c) },
		Knobs:   []knobSetting{{"path-encoding", "none"}},
	},
	{
		ID: "SM-trim-only", Oracle: oracleSmithy, Fix: "knob",
		Title: "header values are trimmed, inner runs of spaces are kept",
		Applies: func(c *Case) bool {
			return anyValue(c, bothSign(alwaysSigns), func(v string) bool { return cleanApisigTrim(v) != cleanApisig(v) })
		},
		Knobs: []knobSetting{{"header-value", "trim"}},
	},
	{
		ID: "SM-header-unicode-trim", Oracle: oracleSmithy, Fix: "apisig-request",
		Title: "trims Unicode white space (strings.TrimSpace) at the ends of header values, not just spaces and tabs",
		Applies: func(c *Case) bool {
			return anyValue(c, bothSign(alwaysSigns), func(v string) bool { return cleanSmithy(v) != cleanApisigTrim(v) })
		},
		Apisig: func(c *Case) { mapValues(c, bothSign(alwaysSigns), cleanSmithy) },
	},

	// minio-go
	{
		ID: "MN-empty-path", Oracle: oracleMinio, Fix: "both-requests",
		Title:   "an empty URL.Path is signed as an empty canonical URI, not \"/\" (s3utils.EncodePath(\"\") is \"\"), though net/http sends \"/\"",
		Applies: func(c *Case) bool { return c.Path == "" },
		// Both: the signed URL of a presign renders the path too ("https://h?..." for an
		// empty path, in apisig and aws-sdk-go-v2 alike).
		Apisig: func(c *Case) { c.Path, c.RawPath = "/", "" },
		SDK:    func(c *Case) { c.Path, c.RawPath = "/", "" },
	},
	{
		ID: "MN-presign-path-rendering", Oracle: oracleMinio, Fix: "both-requests",
		Title:   "S3 presign: the URL keeps the path as the caller escaped it, while apisig rewrites URL.RawPath to the canonical escaping it signed",
		Applies: func(c *Case) bool { return c.Presign && pathNotPreEscaped(c) },
		Apisig:  preEscape,
		SDK:     preEscape,
	},
	{
		ID: "MN-ignored", Oracle: oracleMinio, Fix: "both-requests",
		Title: "ignores only Accept-Encoding, Authorization and User-Agent: signs X-Amzn-Trace-Id, Expect, Connection ...; does not sign Accept-Encoding",
		Applies: func(c *Case) bool {
			return slices.ContainsFunc(c.Header, func(h Field) bool { return isApisigIgnored(h.Name) != !minioSigns(h.Name) })
		},
		Apisig: func(c *Case) {
			c.Header = slices.DeleteFunc(c.Header, func(h Field) bool { return !minioSigns(h.Name) })
		},
		SDK: func(c *Case) {
			c.Header = slices.DeleteFunc(c.Header, func(h Field) bool { return isApisigIgnored(h.Name) })
		},
	},
	{
		ID: "MN-raw-sort", Oracle: oracleMinio, Fix: "knob",
		Title: "sorts the query by raw (decoded) key (url.Values.Encode), not by encoded key",
		Applies: func(c *Case) bool {
			ps := presignPairs(c, parsePairs(c.RawQuery))
			return sortedRaw(ps) != sortedEncoded(ps)
		},
		Knobs: []knobSetting{{"query-sort", "raw"}},
	},
	{
		ID: "MN-values-unsorted", Oracle: oracleMinio, Fix: "sdk-request",
		Title: "does not sort the values of a repeated query key: they stay in the order sent",
		Applies: func(c *Case) bool {
			ps := presignPairs(c, parsePairs(c.RawQuery))
			return sortedRawKeysOnly(ps) != sortedRaw(ps)
		},
		SDK: func(c *Case) {
			segs := slices.DeleteFunc(strings.Split(c.RawQuery, "&"), func(s string) bool { return s == "" })
			slices.SortStableFunc(segs, func(a, b string) int {
				pa, pb := parsePairs(a), parsePairs(b)
				if len(pa) == 0 || len(pb) == 0 {
					return 0
				}
				if x := strings.Compare(pa[0].k, pb[0].k); x != 0 {
					return x
				}
				return strings.Compare(pa[0].v, pb[0].v)
			})
			c.RawQuery = strings.Join(segs, "&")
		},
	},
	{
		ID: "MN-fields", Oracle: oracleMinio, Fix: "apisig-request",
		Title: "header values are cleaned with strings.Fields: every run of Unicode white space (tabs, NBSP ...) inside becomes one space, and is trimmed at the ends",
		Applies: func(c *Case) bool {
			return anyValue(c, bothSign(minioSigns), func(v string) bool { return cleanMinio(v) != cleanApisig(v) })
		},
		Apisig: func(c *Case) { mapValues(c, bothSign(minioSigns), cleanMinio) },
	},
}

func alwaysSigns(string) bool { return true }

func preEscape(c *Case) {
	c.RawPath = awsEscapePath(c.Path)
	c.Style = PathPreEscaped
}

// clone deep-copies a case.
func (c *Case) clone() *Case {
	d := *c
	d.Header = slices.Clone(c.Header)
	if c.Body != nil {
		d.Body = slices.Clone(c.Body)
	}
	return &d
}
