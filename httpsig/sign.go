package httpsig

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/apisig/apisig"
)

// Sign signs req with RFC 9421 and sets Signature-Input and Signature, replacing the members
// of its own label and keeping other signatures. When content-digest is covered and the request
// has no Content-Digest field, it adds one (sha-512 of the body read through GetBody or an
// io.Seeker).
func (p *Profile) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	_, err := p.signMessage(ctx, &message{req: req}, req.Header, creds, nil)
	return err
}

// Explain signs req as [Profile.Sign] does and returns the trace: each covered component's
// value, the signature base, the key (redacted for shared secrets), the signature and its
// placement.
func (p *Profile) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: SchemeID}
	_, err := p.signMessage(ctx, &message{req: req}, req.Header, creds, tr)
	return tr, err
}

// SignResponse signs resp; components with ;req are taken from resp.Request.
func (p *Profile) SignResponse(ctx context.Context, resp *http.Response, creds apisig.Credentials) error {
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	_, err := p.signMessage(ctx, &message{resp: resp}, resp.Header, creds, nil)
	return err
}

// SignatureBase returns the signature base of a request (resp nil) or a response for the
// Signature-Input member value params, as RFC 9421 §2.5 builds it with the profile's dialect.
func (p *Profile) SignatureBase(req *http.Request, resp *http.Response, params string) (string, error) {
	sp, err := ParseSignatureParams(params)
	if err != nil {
		return "", requestError(err, true, "signature parameters")
	}
	m := p.newMessage(req, resp)
	b, err := sp.base(m, &p.Dialect, "")
	return b, requestError(err, true, "")
}

func (p *Profile) newMessage(req *http.Request, resp *http.Response) *message {
	return &message{req: req, resp: resp, scheme: p.TargetScheme, authority: p.Dialect.Authority, types: p.FieldTypes}
}

// signingKey returns the key to sign with and its algorithm.
func (p *Profile) signingKey(creds apisig.Credentials) (*Key, Algorithm, error) {
	k := p.Key
	if k == nil {
		if creds.Secret.IsZero() {
			return nil, "", &apisig.RequestError{Scheme: SchemeID, Part: "credentials", Problem: "no key: set Profile.Key or Credentials.Secret (a shared secret or a PEM private key)", Kind: apisig.ErrNoCredentials}
		}
		var err error
		if k, err = ParseKey(creds.AccessKeyID, p.Algorithm, creds.Secret.Reveal()); err != nil {
			return nil, "", err
		}
	}
	alg := p.Algorithm
	if alg == "" {
		a, problem := k.algorithm("")
		if problem != "" {
			return nil, "", &apisig.RequestError{Scheme: SchemeID, Part: "algorithm", Problem: problem, Kind: apisig.ErrInvalidInput}
		}
		alg = a
	}
	if !alg.valid() {
		return nil, "", &apisig.RequestError{Scheme: SchemeID, Part: "algorithm", Value: string(alg), Problem: "is not an RFC 9421 algorithm", Kind: apisig.ErrInvalidInput}
	}
	return k, alg, nil
}

func (p *Profile) signMessage(ctx context.Context, m *message, h http.Header, creds apisig.Credentials, tr *apisig.Trace) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	m.scheme, m.authority, m.types = p.TargetScheme, p.Dialect.Authority, p.FieldTypes
	key, alg, err := p.signingKey(creds)
	if err != nil {
		return "", err
	}
	sp := &SignatureParams{KeyID: key.ID, Tag: p.Tag}
	if !p.NoCreated {
		sp.Created = apisig.Now(p.Clock).Unix()
	}
	if p.Expires > 0 {
		sp.Expires = apisig.Now(p.Clock).Add(p.Expires).Unix()
	}
	if p.IncludeAlg {
		sp.Alg = string(alg)
	}
	if p.Nonce != nil {
		if sp.Nonce, err = p.Nonce.Nonce(); err != nil {
			return "", err
		}
	}
	hasBody := m.hasBody()
	ids := p.Components
	if len(ids) == 0 {
		ids = DefaultComponents
		if m.resp != nil {
			ids = []string{Status}
		}
		if hasBody {
			ids = append(ids[:len(ids):len(ids)], "content-digest")
		}
	}
	for _, id := range ids {
		c, err := parseComponentCached(id)
		if err != nil {
			return "", requestError(err, true, "Profile.Components "+id)
		}
		sp.Components = append(sp.Components, c)
		if c.Name == "content-digest" && !c.flag("req") && h.Get(HeaderContentDigest) == "" {
			alg := p.ContentDigest
			if alg == "" {
				alg = DigestSHA512
			}
			body, err := m.body()
			if err != nil {
				return "", err
			}
			v, err := ContentDigest(alg, body)
			if err != nil {
				return "", err
			}
			h.Set(HeaderContentDigest, v)
			tr.Add(apisig.StepPlacement, "Content-Digest header", v)
		}
	}
	for _, v := range [...]string{sp.KeyID, sp.Nonce, sp.Tag} {
		if !validString(v) {
			return "", &apisig.RequestError{Scheme: SchemeID, Part: "signature parameter", Value: v, Problem: "keyid, nonce and tag must be printable ASCII (a Structured Field string)", Kind: apisig.ErrInvalidInput}
		}
	}
	for i, c := range sp.Components {
		for _, d := range sp.Components[:i] {
			if d.Name == c.Name && d.String() == c.String() {
				return "", &apisig.RequestError{Scheme: SchemeID, Part: "Profile.Components", Value: c.String(), Problem: "appears twice", Kind: apisig.ErrInvalidInput}
			}
		}
	}
	sp.build()
	drop := ""
	if p.Dialect.KeyIDAfterSigning {
		drop = "keyid"
	}
	tr.Add(apisig.StepInput, "label", p.label())
	tr.Add(apisig.StepInput, "algorithm", string(alg))
	tr.Add(apisig.StepInput, "keyid", key.ID)
	if tr != nil {
		for _, c := range sp.Components {
			if v, err := m.value(c); err == nil {
				tr.Add(apisig.StepCanonicalRequest, c.String(), v)
			}
		}
	}
	base, err := sp.base(m, &p.Dialect, drop)
	if err != nil {
		return "", requestError(err, true, "")
	}
	tr.Add(apisig.StepStringToSign, "signature base", base)
	if !key.Secret.IsZero() {
		tr.AddSecret(apisig.StepKey, "shared secret", key.Secret)
	} else {
		tr.Add(apisig.StepKey, "private key", string(alg)+" key "+key.ID)
	}
	sig, err := alg.sign(key, []byte(base), p.Rand, p.Dialect.ECDSADER)
	if err != nil {
		return "", err
	}
	b64 := base64.StdEncoding.EncodeToString(sig)
	tr.Add(apisig.StepSignature, "signature", b64)
	label := p.label()
	input := setMember(h.Values(HeaderSignatureInput), label, sp.String())
	sigField := setMember(h.Values(HeaderSignature), label, ":"+b64+":")
	h.Set(HeaderSignatureInput, input)
	h.Set(HeaderSignature, sigField)
	tr.Add(apisig.StepPlacement, "Signature-Input header", input)
	tr.Add(apisig.StepPlacement, "Signature header", sigField)
	return b64, nil
}

// setMember returns the dictionary field lines with member label set to value, keeping the
// other members. Lines that do not parse are replaced.
func setMember(lines []string, label, value string) string {
	d, err := ParseDictionary(strings.Join(lines, ", "))
	if err != nil {
		d = nil
	}
	var out []string
	for _, m := range d {
		if m.Key != label {
			out = append(out, Dictionary{m}.String())
		}
	}
	return strings.Join(append(out, label+"="+value), ", ")
}

// hasBody reports whether the message has a body.
func (m *message) hasBody() bool {
	if m.resp != nil {
		return m.resp.Body != nil && m.resp.Body != http.NoBody && m.resp.ContentLength != 0
	}
	return m.req.Body != nil && m.req.Body != http.NoBody
}

// body returns the message body for Content-Digest.
func (m *message) body() ([]byte, error) {
	if m.resp != nil {
		return readResponseBody(m.resp)
	}
	b, err := readRequestBody(m.req)
	if err != nil {
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: "request body", Problem: err.Error(), Kind: apisig.ErrBodyNotReplayable}
	}
	return b, nil
}
