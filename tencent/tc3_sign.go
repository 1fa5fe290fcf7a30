package tencent

import (
	"context"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/bodyhash"
)

// tc3Managed are the headers TC3 signing sets or reads, in net/http's canonical spelling.
var tc3Managed = [...]string{HeaderAction, HeaderVersion, HeaderTimestamp, HeaderRegion, HeaderToken, HeaderLanguage, HeaderContentSHA256, HeaderAuthorization}

// foldManaged moves other spellings of the managed headers ("X-TC-Action") to the canonical
// key, so the request never carries two.
func foldManaged(h http.Header, managed []string) {
	for k, v := range h {
		for _, name := range managed {
			if k != name && len(k) == len(name) && strings.EqualFold(k, name) {
				delete(h, k)
				h[name] = append(h[name], v...)
			}
		}
	}
}

func (s *TC3) sign(_ context.Context, req *http.Request, creds apisig.Credentials, tr *apisig.Trace) error {
	switch {
	case req == nil || req.URL == nil:
		return fmt.Errorf("%w: %s: request or its URL is nil", apisig.ErrInvalidInput, TC3SchemeID)
	case !creds.Valid():
		return &apisig.RequestError{Scheme: TC3SchemeID, Part: "credentials", Problem: "SecretId and SecretKey are both required", Kind: apisig.ErrNoCredentials}
	case strings.ContainsAny(creds.AccessKeyID, "/, "):
		return &apisig.RequestError{Scheme: TC3SchemeID, Part: "SecretId", Value: creds.AccessKeyID, Problem: "contains '/', ',' or a space, which would break the Authorization header", Kind: apisig.ErrInvalidInput}
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	h := req.Header
	foldManaged(h, tc3Managed[:])
	st := stampOf(apisig.Now(s.Clock))
	setHeader(h, HeaderTimestamp, st.ts)
	for _, f := range [...]struct{ key, v string }{{HeaderAction, s.Action}, {HeaderVersion, s.Version}, {HeaderRegion, s.Region}, {HeaderLanguage, s.Language}} {
		if f.v != "" {
			setHeader(h, f.key, f.v)
		}
	}
	token := creds.SessionToken.Reveal()
	if token != "" {
		setHeader(h, HeaderToken, token)
	}
	for _, name := range [...]string{HeaderAction, HeaderVersion} {
		if len(h[name]) == 0 || h[name][0] == "" {
			return &apisig.RequestError{Scheme: TC3SchemeID, Code: CodeMissingParameter, Part: strings.ToUpper(name[:4]) + name[4:] + " header",
				Problem: "is missing; set it on the request or set TC3." + strings.TrimPrefix(name, "X-Tc-"), Kind: apisig.ErrInvalidInput}
		}
	}
	if len(h["Content-Type"]) == 0 && headerValue(h, "Content-Type") == "" {
		// Content-Type is always signed; send what the SDKs send rather than sign an empty one.
		ct := "application/json"
		if req.Method == http.MethodGet || req.Method == "" {
			ct = formType
		}
		setHeader(h, "Content-Type", ct)
	}
	host := hostOf(req)
	if host == "" {
		return &apisig.RequestError{Scheme: TC3SchemeID, Part: "Host", Problem: "is empty; the request needs a host", Kind: apisig.ErrInvalidInput}
	}
	service, err := s.serviceFor(host)
	if err != nil {
		return err
	}
	signed, list, err := s.signedHeaders()
	if err != nil {
		return err
	}
	sc := getScratch()
	defer putScratch(sc)
	payload, err := s.payloadHash(req, sc)
	if err != nil {
		return err
	}
	in := tc3Input{
		method: req.Method, uri: s.canonicalURI(req), query: req.URL.RawQuery, host: host, header: h,
		signed: signed, signedList: list, payload: payload, timestamp: st.ts,
		date: s.Dialect.scopeDate(st.sec, st.date), service: service, token: token,
	}
	if in.method == "" {
		in.method = http.MethodGet
	}
	sig, err := s.compute(&in, s.Dialect.Secret.apply(creds.Secret.Reveal()), sc, tr)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.Grow(len(TC3Algorithm) + len(" Credential=") + len(creds.AccessKeyID) + 1 + len(in.date) + 1 + len(service) + len("/tc3_request, SignedHeaders=") +
		len(list) + len(", Signature=") + len(sig))
	b.WriteString(TC3Algorithm)
	b.WriteString(" Credential=")
	b.WriteString(creds.AccessKeyID)
	b.WriteByte('/')
	b.WriteString(in.date)
	b.WriteByte('/')
	b.WriteString(service)
	b.WriteString("/tc3_request, SignedHeaders=")
	b.WriteString(list)
	b.WriteString(", Signature=")
	b.Write(sig)
	auth := b.String()
	setHeader(h, HeaderAuthorization, auth)
	tr.Add(apisig.StepPlacement, "Authorization header", auth)
	return nil
}

// canonicalURI returns the path as sent ("/" when empty), or "/" for the root dialect.
func (s *TC3) canonicalURI(req *http.Request) string {
	if s.Dialect.URI == URIRoot {
		return "/"
	}
	p := req.URL.EscapedPath()
	if p == "" {
		return "/"
	}
	return p
}

// payloadHash returns the hashed request payload to sign, setting X-TC-Content-SHA256 for an
// unsigned payload.
func (s *TC3) payloadHash(req *http.Request, sc *scratch) ([]byte, error) {
	switch s.Payload {
	case PayloadAuto:
		if headerValue(req.Header, HeaderContentSHA256) == UnsignedPayload {
			return append(sc.payload[:0], unsignedPayloadHash...), nil
		}
	case PayloadHashed:
	case PayloadUnsigned:
		setHeader(req.Header, HeaderContentSHA256, UnsignedPayload)
		return append(sc.payload[:0], unsignedPayloadHash...), nil
	case PayloadUnsignedLiteral:
		setHeader(req.Header, HeaderContentSHA256, UnsignedPayload)
		return append(sc.payload[:0], UnsignedPayload...), nil
	case PayloadEmptyHash:
		return append(sc.payload[:0], emptyPayloadHash...), nil
	default:
		return nil, fmt.Errorf("%w: %s: unknown PayloadMode %d", apisig.ErrInvalidInput, TC3SchemeID, s.Payload)
	}
	return bodySHA256(req, sc)
}

// bodySHA256 hashes the body through GetBody or an io.Seeker; the hex digest is held in
// sc.payload.
func bodySHA256(req *http.Request, sc *scratch) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return append(sc.payload[:0], emptyPayloadHash...), nil
	}
	sc.body.Reset()
	if err := bodyhash.Write(sc.body, req); err != nil {
		return nil, fmt.Errorf("%s: hashing the payload: %w", TC3SchemeID, err)
	}
	hex.Encode(sc.payload[:], sc.body.Sum(sc.sum[:0]))
	return sc.payload[:], nil
}
