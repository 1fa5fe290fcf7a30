package sigv2

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// subResources are the query parameters CanonicalizedResource includes, sorted by byte value.
// The S3 guide lists acl, lifecycle, location, logging, notification, partNumber, policy,
// requestPayment, torrent, uploadId, uploads, versionId, versioning, versions, website and the
// response-* overrides; this is the longer list AWS's own SDK signs for the APIs added since
// (botocore auth.py HmacV1Auth.QSAOfInterest).
var subResources = []string{
	"accelerate", "acl", "analytics", "cors", "defaultObjectAcl", "delete", "inventory", "lifecycle",
	"location", "logging", "metrics", "notification", "object-lock", "partNumber", "policy",
	"replication", "requestPayment", "response-cache-control", "response-content-disposition",
	"response-content-encoding", "response-content-language", "response-content-type",
	"response-expires", "restore", "select", "select-type", "storageClass", "tagging", "torrent",
	"uploadId", "uploads", "versionId", "versioning", "versions", "website",
}

// minioSubResources is the list a MinIO server signs (cmd/signature-v2.go resourceList): it
// adds encryption, legal-hold and retention, and lacks accelerate, analytics, defaultObjectAcl,
// inventory, metrics, object-lock, replication, restore and storageClass.
var minioSubResources = []string{
	"acl", "cors", "delete", "encryption", "legal-hold", "lifecycle", "location", "logging",
	"notification", "partNumber", "policy", "requestPayment", "response-cache-control",
	"response-content-disposition", "response-content-encoding", "response-content-language",
	"response-content-type", "response-expires", "retention", "select", "select-type", "tagging",
	"torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website",
}

func isSubResource(list []string, k string) bool {
	_, ok := slices.BinarySearch(list, k)
	return ok
}

// scratch holds the per-signature buffers, pooled.
type scratch struct {
	sts   []byte
	amz   []amzHeader
	pairs []canon.Pair
	sig   [28]byte // base64 of a 20-byte HMAC-SHA1
	sum   [20]byte
}

type amzHeader struct {
	name   string // as in the request (any case)
	values []string
}

var scratchPool = sync.Pool{New: func() any { return &scratch{sts: make([]byte, 0, 256)} }}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

func putScratch(sc *scratch) {
	if cap(sc.sts) > 64<<10 {
		return
	}
	clear(sc.amz)
	clear(sc.pairs)
	sc.amz, sc.pairs = sc.amz[:0], sc.pairs[:0]
	scratchPool.Put(sc)
}

// stsInput is what the string to sign is built from.
type stsInput struct {
	method string
	header http.Header
	// path is the request path as received (escaped), when verifying.
	path string
	// decodedPath, when signing, is the decoded path, escaped here as it is sent.
	decodedPath string
	// rawQuery is the query as sent; only sub-resources are taken from it.
	rawQuery string
	// expires, when not empty, is the Date line (a presign's Unix expiry time).
	expires string
	// extraAmz are x-amz-* values signed as headers that travel in the query (a presign's
	// session token).
	extraAmz []canon.Pair
	// bucket is prefixed to the resource as "/bucket" (virtual-hosted style).
	bucket string
}

// layout records where the parts of the string to sign are in scratch.sts.
type layout struct {
	date, amz, resource [2]int
}

// buildStringToSign writes
//
//	HTTP-Verb \n Content-MD5 \n Content-Type \n Date \n CanonicalizedAmzHeaders CanonicalizedResource
//
// into sc.sts (S3 Developer Guide, RESTAuthentication, "Constructing the StringToSign").
func (s *SigV2) buildStringToSign(in *stsInput, sc *scratch) (layout, error) {
	var lay layout
	d := &s.Dialect
	b := append(sc.sts[:0], in.method...)
	b = append(b, '\n')
	if !d.OmitContentMD5 {
		b = append(b, strings.TrimSpace(headerValue(in.header, "Content-Md5"))...)
	}
	b = append(b, '\n')
	if !d.OmitContentType {
		b = append(b, strings.TrimSpace(headerValue(in.header, "Content-Type"))...)
	}
	b = append(b, '\n')

	// Collect the x-amz-* headers once: their presence decides the Date line.
	amz := sc.amz[:0]
	var amzDate string
	for k, v := range in.header {
		if len(k) > 6 && strings.EqualFold(k[:6], "x-amz-") {
			amz = append(amz, amzHeader{name: k, values: v})
			if strings.EqualFold(k, HeaderAmzDate) && len(v) > 0 {
				amzDate = v[0]
			}
		}
	}
	for _, p := range in.extraAmz {
		amz = append(amz, amzHeader{name: p.Key, values: []string{p.Value}})
	}
	sc.amz = amz

	lay.date[0] = len(b)
	switch {
	case in.expires != "":
		b = append(b, in.expires...)
	case amzDate != "" && d.DateLine == DateLineAmzDate:
		b = append(b, strings.TrimSpace(amzDate)...)
	case amzDate != "":
		// "If you include the x-amz-date header, you must still include a newline character
		// ... in the Date position": the line is empty, x-amz-date is signed below.
	default:
		b = append(b, strings.TrimSpace(headerValue(in.header, HeaderDate))...)
	}
	lay.date[1] = len(b)
	b = append(b, '\n')

	lay.amz[0] = len(b)
	// One name's spellings (keys of a hand-built map) in byte order, as Go's client writes
	// them, never in the map's iteration order.
	slices.SortFunc(amz, func(x, y amzHeader) int { return cmp.Or(compareFold(x.name, y.name), strings.Compare(x.name, y.name)) })
	for i, h := range amz {
		if amzDate != "" && d.DateLine == DateLineAmzDate && in.expires == "" && strings.EqualFold(h.name, HeaderAmzDate) {
			continue
		}
		if i > 0 && strings.EqualFold(amz[i-1].name, h.name) {
			// Two map keys differing only in case: one header, values joined.
			b = b[:len(b)-1]
			b = append(b, ',')
		} else {
			b = canon.AppendLower(b, h.name)
			b = append(b, ':')
		}
		for j, v := range h.values {
			if j > 0 {
				b = append(b, ',')
			}
			b = d.HeaderValues.fold().AppendFolded(b, unfold(v))
		}
		b = append(b, '\n')
	}
	lay.amz[1] = len(b)

	lay.resource[0] = len(b)
	if in.bucket != "" && !d.OmitBucket {
		b = append(b, '/')
		b = append(b, in.bucket...)
	}
	switch {
	case in.path != "":
		b = append(b, in.path...)
	case in.decodedPath == "":
		b = append(b, '/')
	default:
		b = d.encoding().AppendPath(b, in.decodedPath)
	}
	var err error
	b, err = s.appendSubResources(b, in.rawQuery, sc)
	if err != nil {
		return lay, err
	}
	lay.resource[1] = len(b)
	sc.sts = b
	return lay, nil
}

// appendSubResources writes "?k&k2=v2" for the sub-resources of the query, sorted by name,
// values decoded ("When signing, you do not encode these values"), a key without a value
// written without '='.
func (s *SigV2) appendSubResources(b []byte, rawQuery string, sc *scratch) ([]byte, error) {
	if rawQuery == "" || s.Dialect.SubResources == SubResourcesNone {
		return b, nil
	}
	pairs, err := canon.AppendQuery(sc.pairs[:0], rawQuery, false)
	sc.pairs = pairs
	if err != nil {
		return b, &apisig.RequestError{Scheme: SchemeID, Code: "InvalidArgument", Part: "query", Problem: err.Error(), Kind: apisig.ErrMalformed}
	}
	all := s.Dialect.SubResources == SubResourcesAllQuery
	list := subResources
	if s.Dialect.SubResources == SubResourcesMinIO {
		list = minioSubResources
	}
	pairs = slices.DeleteFunc(pairs, func(p canon.Pair) bool {
		switch p.Key {
		case QueryAccessKeyID, QueryExpires, QuerySignature, QuerySecurityToken:
			return true
		}
		return !all && !isSubResource(list, p.Key)
	})
	slices.SortStableFunc(pairs, func(x, y canon.Pair) int { return strings.Compare(x.Key, y.Key) })
	for i, p := range pairs {
		if i == 0 {
			b = append(b, '?')
		} else {
			b = append(b, '&')
		}
		b = append(b, p.Key...)
		if p.Value != "" {
			b = append(b, '=')
			b = append(b, p.Value...)
		}
	}
	return b, nil
}

// headerValue returns the first value of a header in any spelling, without changing h.
func headerValue(h http.Header, name string) string {
	if v := h[name]; len(v) > 0 {
		return v[0]
	}
	for k, v := range h {
		if len(v) > 0 && len(k) == len(name) && strings.EqualFold(k, name) {
			return v[0]
		}
	}
	return ""
}

// unfold replaces folding whitespace (a line break and the spaces after it) with one space,
// as the guide asks for long x-amz-* headers.
func unfold(v string) string {
	if !strings.ContainsAny(v, "\r\n") {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '\r' || c == '\n' {
			for i+1 < len(v) && (v[i+1] == '\r' || v[i+1] == '\n' || v[i+1] == ' ' || v[i+1] == '\t') {
				i++
			}
			b.WriteByte(' ')
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func compareFold(x, y string) int {
	for i := 0; i < len(x) && i < len(y); i++ {
		a, b := lower(x[i]), lower(y[i])
		if a != b {
			return int(a) - int(b)
		}
	}
	return len(x) - len(y)
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
