package aws

import (
	"crypto/fips140"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// FineUploaderSchemeID names the Fine Uploader signing endpoint in errors.
const FineUploaderSchemeID = "aws-s3-fineuploader"

// DefaultFineUploaderMaxExpiry is how far in the future a policy's expiration may be when
// FineUploaderRules.MaxExpiry is zero.
const DefaultFineUploaderMaxExpiry = 24 * time.Hour

// FineUploaderRules are the server-side rules a Fine Uploader signing request must meet before
// it is signed. Zero fields do not restrict, except Bucket, which is required.
type FineUploaderRules struct {
	// Bucket is the only bucket uploads may go to.
	Bucket string
	// Host is the only host SigV4 chunked requests may be signed for. Empty accepts
	// "<Bucket>.<anything>" (virtual-hosted style). A Host that does not start with
	// "<Bucket>." is a path-style endpoint: the path must then start with "/<Bucket>/".
	Host string
	// Region is the only region a SigV4 scope may name; empty accepts any.
	Region string
	// KeyPrefix is the prefix every object key must have ("uploads/").
	KeyPrefix string
	// MinSize and MaxSize bound a policy's content-length-range: with MaxSize set, the policy
	// must have a range within [MinSize, MaxSize].
	MinSize, MaxSize int64
	// ContentTypes are the allowed Content-Types: exact ("image/png") or a type wildcard
	// ("image/*"). A policy must then fix Content-Type with eq, or starts-with a wildcard's
	// prefix; an initiate-multipart request must carry an allowed one.
	ContentTypes []string
	// MaxExpiry is how far in the future a policy may expire; zero means
	// [DefaultFineUploaderMaxExpiry].
	MaxExpiry time.Duration
}

// FineUploader implements the server side of Fine Uploader S3's signing protocol: the browser
// posts either a POST policy document ({"expiration": ..., "conditions": [...]}, for simple
// uploads) or {"headers": "<string to sign>"} (for the REST requests of chunked, multipart
// uploads); the server checks it against its rules and answers {"policy": ..., "signature":
// ...} or {"signature": ...}. Version 4 is chosen by the "v4" query parameter, as in Fine
// Uploader's server examples; for SigV4 REST requests the browser sends the canonical request
// in place of its hash, which lets the rules see the method, the key and the headers. Only
// multipart-upload requests are signed, and never one with an x-amz-copy-source header
// (UploadPartCopy would read from outside the rules).
//
// A FineUploader is safe for concurrent use.
type FineUploader struct {
	// Rules are what a request must meet to be signed.
	Rules FineUploaderRules
	// Credentials sign: the key the browser's policies and scopes must name.
	Credentials apisig.Credentials
	// Clock tells the time policies' expirations are checked against; nil is the wall clock.
	Clock apisig.Clock
}

// FineUploaderResponse is the JSON answer to a signing request.
type FineUploaderResponse struct {
	// Policy is the base64 policy, for a policy request.
	Policy string `json:"policy,omitempty"`
	// Signature is hex (SigV4) or base64 (SigV2).
	Signature string `json:"signature"`
}

func (f *FineUploader) refuse(part, value, problem string) error {
	if len(value) > 200 {
		value = value[:200] + "..."
	}
	return &apisig.RequestError{Scheme: FineUploaderSchemeID, Part: part, Value: value, Problem: problem, Kind: apisig.ErrInvalidInput}
}

// Sign checks a signing request's JSON body against the rules and signs it, with SigV4 when v4
// is true and SigV2 otherwise. A refusal is a [*apisig.RequestError] wrapping
// [apisig.ErrInvalidInput] that says which rule the request broke.
func (f *FineUploader) Sign(body []byte, v4 bool) (*FineUploaderResponse, error) {
	if f.Rules.Bucket == "" {
		return nil, f.refuse("FineUploaderRules.Bucket", "", "is empty: the rules must name the bucket uploads go to")
	}
	if !f.Credentials.Valid() {
		return nil, &apisig.RequestError{Scheme: FineUploaderSchemeID, Part: "credentials", Problem: "access key id and secret access key are both required", Kind: apisig.ErrNoCredentials}
	}
	if !v4 && fips140.Enforced() {
		// crypto/hmac would panic on HMAC-SHA1.
		return nil, f.refuse("signature version", "v2", "HMAC-SHA1 is not allowed in FIPS 140-only mode (GODEBUG=fips140=only); sign with SigV4 (?v4=true)")
	}
	var probe struct {
		Headers    *string         `json:"headers"`
		Conditions json.RawMessage `json:"conditions"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		return nil, f.refuse("request body", string(body), "is not a JSON object: "+err.Error())
	}
	switch {
	case probe.Headers != nil && probe.Conditions != nil:
		return nil, f.refuse("request body", "", "has both headers and conditions")
	case probe.Headers != nil:
		if err := f.checkCopySource(*probe.Headers); err != nil {
			return nil, err
		}
		if v4 {
			return f.signRESTV4(*probe.Headers)
		}
		return f.signRESTV2(*probe.Headers)
	}
	return f.signPolicy(body, v4)
}

// checkCopySource refuses a string to sign with an x-amz-copy-source header line: with it an
// upload-part request becomes UploadPartCopy, which reads from any object the endpoint's key can
// read, past the rules' bucket and key prefix.
func (f *FineUploader) checkCopySource(s string) error {
	for line := range strings.SplitSeq(strings.ToLower(s), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "x-amz-copy-source") {
			return f.refuse("headers", line, "has an x-amz-copy-source header, which is never signed: it would copy from an object the rules do not cover (UploadPartCopy)")
		}
	}
	return nil
}

// ServeHTTP serves the signing endpoint: a POST with the JSON body (at most 64 KiB) gets the
// signature, or 400 with {"invalid": true, "error": reason}, which Fine Uploader reports.
func (f *FineUploader) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		w.WriteHeader(http.StatusMethodNotAllowed)
		io.WriteString(w, `{"invalid":true,"error":"POST the signing request"}`)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10+1))
	if err == nil && len(body) > 64<<10 {
		err = f.refuse("request body", "", "is longer than 64 KiB")
	}
	var resp *FineUploaderResponse
	if err == nil {
		resp, err = f.Sign(body, r.URL.Query().Get("v4") != "")
	}
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(struct {
			Invalid bool   `json:"invalid"`
			Error   string `json:"error"`
		}{true, err.Error()})
		return
	}
	json.NewEncoder(w).Encode(resp)
}

// signPolicy checks a policy document and signs its bytes as received.
func (f *FineUploader) signPolicy(doc []byte, v4 bool) (*FineUploaderResponse, error) {
	p, err := ParsePostPolicy(doc)
	if err != nil {
		return nil, err
	}
	r := &f.Rules
	now := apisig.Now(f.Clock)
	maxExp := r.MaxExpiry
	if maxExp == 0 {
		maxExp = DefaultFineUploaderMaxExpiry
	}
	switch {
	case !p.Expiration.After(now):
		return nil, f.refuse("policy expiration", p.Expiration.UTC().Format(time.RFC3339), "is not in the future")
	case p.Expiration.Sub(now) > maxExp:
		return nil, f.refuse("policy expiration", p.Expiration.UTC().Format(time.RFC3339), "is more than "+maxExp.String()+" away")
	}
	var bucket, key, ctype *Condition
	var size *Condition
	var cred, alg, date string
	for i := range p.Conditions {
		c := &p.Conditions[i]
		switch strings.ToLower(c.Field) {
		case "bucket":
			bucket = c
		case "key":
			key = c
		case "content-type":
			ctype = c
		case "x-amz-credential":
			cred = c.Value
		case "x-amz-algorithm":
			alg = c.Value
		case "x-amz-date":
			date = c.Value
		}
		if c.Op == OpContentLengthRange {
			size = c
		}
	}
	if bucket == nil || bucket.Op != OpEq || bucket.Value != r.Bucket {
		return nil, f.refuse("policy bucket", condValue(bucket), "must be exactly "+strconv.Quote(r.Bucket))
	}
	if key == nil || !strings.HasPrefix(key.Value, r.KeyPrefix) || key.Op == OpStartsWith && key.Value == "" && r.KeyPrefix != "" {
		return nil, f.refuse("policy key", condValue(key), "must be (or start with) a key under "+strconv.Quote(r.KeyPrefix))
	}
	if r.MaxSize > 0 && (size == nil || size.Max > r.MaxSize || size.Min < r.MinSize) {
		return nil, f.refuse("policy content-length-range", condValue(size),
			"must lie within "+strconv.FormatInt(r.MinSize, 10)+" to "+strconv.FormatInt(r.MaxSize, 10)+" bytes")
	}
	if len(r.ContentTypes) > 0 && (ctype == nil || !contentTypeAllowed(r.ContentTypes, ctype.Value, ctype.Op == OpStartsWith)) {
		return nil, f.refuse("policy Content-Type", condValue(ctype), "must be one of "+strings.Join(r.ContentTypes, ", "))
	}
	b64 := base64.StdEncoding.EncodeToString(doc)
	if !v4 {
		if alg != "" || cred != "" {
			return nil, f.refuse("policy", "", "has SigV4 conditions (x-amz-algorithm, x-amz-credential) but SigV2 was asked for; add ?v4=true")
		}
		return &FineUploaderResponse{Policy: b64, Signature: postSignatureV2(f.Credentials.Secret.Reveal(), b64)}, nil
	}
	if alg != Algorithm {
		return nil, f.refuse("policy x-amz-algorithm", alg, "must be "+Algorithm)
	}
	c, err := parseCredential(cred, "policy x-amz-credential", "")
	if err != nil {
		return nil, f.refuse("policy x-amz-credential", cred, "must be access-key-id/YYYYMMDD/region/s3/aws4_request")
	}
	if err := f.checkScope(c, date); err != nil {
		return nil, err
	}
	key4, err := derivedKeys.get(keyID{secret: f.Credentials.Secret.Reveal(), date: c.Date, region: c.Region, service: c.Service})
	if err != nil {
		return nil, err
	}
	return &FineUploaderResponse{Policy: b64, Signature: postSignatureV4(key4, b64)}, nil
}

func condValue(c *Condition) string {
	if c == nil {
		return ""
	}
	return c.String()
}

func (f *FineUploader) checkScope(c Credential, date string) error {
	switch {
	case c.AccessKeyID != f.Credentials.AccessKeyID:
		return f.refuse("credential access key id", c.AccessKeyID, "is not this endpoint's key")
	case c.Service != "s3":
		return f.refuse("credential service", c.Service, "must be s3")
	case f.Rules.Region != "" && c.Region != f.Rules.Region:
		return f.refuse("credential region", c.Region, "must be "+f.Rules.Region)
	case len(date) < 8 || date[:8] != c.Date:
		return f.refuse("x-amz-date", date, "is not on the credential's date "+c.Date)
	}
	if _, err := time.Parse(amzDateLayout, date); err != nil {
		return f.refuse("x-amz-date", date, "want YYYYMMDD'T'HHMMSS'Z'")
	}
	return nil
}

// contentTypeAllowed reports whether a Content-Type (or, for a prefix, every type starting
// with it) is allowed by the patterns.
func contentTypeAllowed(patterns []string, v string, prefix bool) bool {
	for _, p := range patterns {
		if base, ok := strings.CutSuffix(p, "*"); ok {
			if strings.HasPrefix(v, base) && (prefix || len(v) > len(base)) {
				return true
			}
		} else if !prefix && strings.EqualFold(p, v) {
			return true
		}
	}
	return false
}

// multipartOp reports whether a query is one of a multipart upload's: initiate (uploads),
// upload part, complete or abort (uploadId). initiate reports the first.
func multipartOp(q url.Values) (ok, initiate bool) {
	if _, ok := q["uploads"]; ok {
		return true, true
	}
	return q.Get("uploadId") != "", false
}

// signRESTV4 signs "AWS4-HMAC-SHA256\n<date>\n<scope>\n<canonical request>" after checking the
// canonical request; the canonical request is hashed here, as Fine Uploader expects.
func (f *FineUploader) signRESTV4(s string) (*FineUploaderResponse, error) {
	lines := strings.SplitN(s, "\n", 4)
	if len(lines) != 4 || lines[0] != Algorithm {
		return nil, f.refuse("headers", s, "want AWS4-HMAC-SHA256, date, scope and canonical request on separate lines")
	}
	date, scopeLine, cr := lines[1], lines[2], lines[3]
	c, err := parseCredential(f.Credentials.AccessKeyID+"/"+scopeLine, "scope", "")
	if err != nil {
		return nil, f.refuse("headers scope", scopeLine, "want YYYYMMDD/region/s3/aws4_request")
	}
	if err := f.checkScope(c, date); err != nil {
		return nil, err
	}
	// Canonical request: method, URI, query, headers..., blank, signed headers, payload hash.
	crl := strings.Split(cr, "\n")
	if len(crl) < 6 {
		return nil, f.refuse("canonical request", cr, "is too short")
	}
	method, uri, query := crl[0], crl[1], crl[2]
	headers := map[string]string{}
	i := 3
	for ; i < len(crl) && crl[i] != ""; i++ {
		k, v, ok := strings.Cut(crl[i], ":")
		if !ok {
			return nil, f.refuse("canonical request header", crl[i], "want name:value")
		}
		if _, dup := headers[k]; dup {
			// A canonical request lists each name once; a second host line could hide the first.
			return nil, f.refuse("canonical request header", k, "appears twice")
		}
		headers[k] = v
	}
	if i+3 != len(crl) {
		return nil, f.refuse("canonical request", cr, "want a blank line, the signed headers and the payload hash after the headers")
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, f.refuse("canonical request query", query, "does not parse")
	}
	path, err := canon.Unescape(uri, false)
	if err != nil {
		return nil, f.refuse("canonical request URI", uri, "is not percent-encoded correctly")
	}
	host := headers["host"]
	if f.Rules.Host != "" && host != f.Rules.Host || f.Rules.Host == "" && !strings.HasPrefix(host, f.Rules.Bucket+".") {
		want := f.Rules.Host
		if want == "" {
			want = f.Rules.Bucket + ".<endpoint> (set FineUploaderRules.Host for a path-style endpoint)"
		}
		return nil, f.refuse("host", host, "must be "+want)
	}
	var key string
	switch {
	case strings.HasPrefix(host, f.Rules.Bucket+"."):
		key = strings.TrimPrefix(path, "/")
	case strings.HasPrefix(path, "/"+f.Rules.Bucket+"/"):
		key = path[len(f.Rules.Bucket)+2:]
	default:
		return nil, f.refuse("path", path, "is not in bucket "+strconv.Quote(f.Rules.Bucket))
	}
	if err := f.checkREST(method, key, q, headers["content-type"]); err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(cr))
	sts := Algorithm + "\n" + date + "\n" + scopeLine + "\n" + hex.EncodeToString(sum[:])
	k, err := derivedKeys.get(keyID{secret: f.Credentials.Secret.Reveal(), date: c.Date, region: c.Region, service: c.Service})
	if err != nil {
		return nil, err
	}
	return &FineUploaderResponse{Signature: postSignatureV4(k, sts)}, nil
}

// signRESTV2 signs a SigV2 string to sign after checking its method, resource and Content-Type.
func (f *FineUploader) signRESTV2(s string) (*FineUploaderResponse, error) {
	lines := strings.Split(s, "\n")
	if len(lines) < 5 {
		return nil, f.refuse("headers", s, "want method, Content-MD5, Content-Type, Date, headers and resource on separate lines")
	}
	method, ctype, resource := lines[0], lines[2], lines[len(lines)-1]
	path, query, _ := strings.Cut(resource, "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, f.refuse("resource query", query, "does not parse")
	}
	if !strings.HasPrefix(path, "/"+f.Rules.Bucket+"/") {
		return nil, f.refuse("resource", resource, "is not in bucket "+strconv.Quote(f.Rules.Bucket))
	}
	key, err := canon.Unescape(path[len(f.Rules.Bucket)+2:], false)
	if err != nil {
		return nil, f.refuse("resource", resource, "is not percent-encoded correctly")
	}
	if err := f.checkREST(method, key, q, ctype); err != nil {
		return nil, err
	}
	return &FineUploaderResponse{Signature: postSignatureV2(f.Credentials.Secret.Reveal(), s)}, nil
}

// checkREST applies the rules to a multipart-upload REST request.
func (f *FineUploader) checkREST(method, key string, q url.Values, ctype string) error {
	ok, initiate := multipartOp(q)
	switch {
	case !ok:
		return f.refuse("request", method+" "+key, "is not a multipart-upload request (?uploads or ?uploadId=): only those are signed")
	case !slices.Contains([]string{"POST", "PUT", "DELETE"}, method):
		return f.refuse("method", method, "must be POST, PUT or DELETE for a multipart upload")
	case initiate && method != "POST":
		return f.refuse("method", method, "initiating a multipart upload is a POST")
	case !initiate && method == "PUT" && q.Get("partNumber") == "":
		return f.refuse("query", q.Encode(), "uploading a part needs partNumber")
	case key == "" || !strings.HasPrefix(key, f.Rules.KeyPrefix):
		return f.refuse("key", key, "must start with "+strconv.Quote(f.Rules.KeyPrefix))
	case initiate && len(f.Rules.ContentTypes) > 0 && !contentTypeAllowed(f.Rules.ContentTypes, ctype, false):
		return f.refuse("Content-Type", ctype, "must be one of "+strings.Join(f.Rules.ContentTypes, ", "))
	}
	return nil
}
