package cos

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// presignEncoding is how cos-go-sdk-v5's GetPresignedURL percent-encodes the q-* values:
// encodeURIComponent, which leaves ! ' ( ) * literal ("1557989753;1557996953" becomes
// "1557989753%3B1557996953").
var presignEncoding = canon.Encoding{Set: canon.JSComponent}

// Presign signs req into its URL for expires (whole seconds, at least one). The query keeps
// req's parameters, adds x-cos-security-token when the credentials carry a session token
// (signed, as cos-go-sdk-v5's GetPresignedURL2 does) and ends with the q-* parameters. Every
// header of the signed set the request carries is signed and returned in Presigned.Header, for
// the holder to send; req itself is not modified.
func (s *Signer) Presign(ctx context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, error) {
	return s.presign(ctx, req, creds, expires, nil)
}

// ExplainPresign presigns as [Signer.Presign] does and returns the trace of every stage.
func (s *Signer) ExplainPresign(ctx context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, *apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: SchemeID}
	p, err := s.presign(ctx, req, creds, expires, tr)
	return p, tr, err
}

func (s *Signer) presign(_ context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration, tr *apisig.Trace) (*apisig.Presigned, error) {
	if expires < time.Second || expires%time.Second != 0 {
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: "presign expiry", Value: expires.String(),
			Problem: "must be a positive whole number of seconds", Kind: apisig.ErrInvalidInput}
	}
	v := *s
	v.Expiry = expires
	kt, err := v.checkInput(req, creds)
	if err != nil {
		return nil, err
	}
	// Sign a view of the request with its own URL, so req is never modified.
	view := *req
	u := new(url.URL)
	*u = *req.URL
	view.URL = u
	u.RawQuery = withoutAuthParams(u.RawQuery)
	token := creds.SessionToken.Reveal()
	if token != "" {
		u.RawQuery = withParam(u.RawQuery, QuerySecurityToken, token)
	}
	d := &s.Dialect
	if s.SignContentLength {
		view.Header = view.Header.Clone()
		setContentLength(&view)
		req = &view
	}
	decoded := u.Path
	setWirePath(u, d.WirePath)

	sc := getScratch()
	defer putScratch(sc)
	if err := v.collect(d, &view, hostOf(&view), &selection{}, sc); err != nil {
		return nil, err
	}
	lay := d.build(view.Method, signedPath(decoded, u, d.Path), sc)
	sig := v.compute(kt, kt, creds.Secret.Reveal(), token, lay, sc, tr)

	var b strings.Builder
	b.Grow(len(u.RawQuery) + 1 + authLen(creds.AccessKeyID, lay, sc) + 32)
	b.WriteString(u.RawQuery)
	if u.RawQuery != "" {
		b.WriteByte('&')
	}
	enc := presignEncoding
	writeAuthorization(&b, creds.AccessKeyID, kt, lay, sc, sig, &enc)
	u.RawQuery = b.String()
	if u.Host == "" {
		u.Host = view.Host
	}
	if tr != nil {
		tr.Add(apisig.StepPlacement, "presigned URL", redactToken(u.String(), token))
	}

	var hdr http.Header
	for k, vals := range req.Header {
		lk := strings.ToLower(k)
		if lk != "host" && v.signable(d, []byte(lk)) {
			if hdr == nil {
				hdr = make(http.Header, len(req.Header))
			}
			hdr[k] = vals
		}
	}
	return &apisig.Presigned{Method: req.Method, URL: u, Header: hdr, Expires: time.Unix(kt.end, 0).UTC()}, nil
}

// withoutAuthParams removes the q-* signature parameters (and a merged "sign") from a raw query.
func withoutAuthParams(raw string) string {
	if !strings.Contains(raw, "q-") && !strings.Contains(raw, "sign=") {
		return raw
	}
	var b strings.Builder
	for seg := range strings.SplitSeq(raw, "&") {
		k, _, _ := strings.Cut(seg, "=")
		if dk, err := canon.Unescape(k, true); seg == "" || err == nil && isPresignParam(dk) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(seg)
	}
	return b.String()
}

// withParam replaces a query parameter in a raw query, keeping the others as sent.
func withParam(raw, key, value string) string {
	var b strings.Builder
	for seg := range strings.SplitSeq(raw, "&") {
		if seg == "" {
			continue
		}
		k, _, _ := strings.Cut(seg, "=")
		if dk, err := canon.Unescape(k, true); err == nil && dk == key {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(seg)
	}
	if b.Len() > 0 {
		b.WriteByte('&')
	}
	enc := canon.Encoding{Set: canon.Unreserved}
	b.WriteString(enc.Escape(key))
	b.WriteByte('=')
	b.WriteString(enc.Escape(value))
	return b.String()
}
