package httpsig

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// Error codes of verification failures. RFC 9421 defines none; these name the failure for
// callers and logs.
const (
	CodeMissingSignature   = "missing_signature"
	CodeInvalidInput       = "invalid_signature_input"
	CodeMissingComponent   = "missing_required_component"
	CodeExpired            = "signature_expired"
	CodeTooOld             = "signature_too_old"
	CodeCreatedInFuture    = "created_in_future"
	CodeAlgorithm          = "algorithm_not_allowed"
	CodeSignatureMismatch  = "signature_mismatch"
	CodeTagMismatch        = "tag_mismatch"
	CodeContentDigestCheck = "content_digest_mismatch"
)

// Verify checks the request's RFC 9421 signature(s) against the profile's policy. The key is
// looked up by keyid in p.Keys; the algorithm is the key's, or the alg parameter, or inferred
// from the key type (alg must agree with the key). When content-digest is covered, the
// Content-Digest field must match the body (read through req.GetBody, which
// [apisig.Middleware] sets). A nonce is claimed in p.Replay after the signature verified.
//
// Set Policy.Required: without it, a signature that covers no component at all verifies (RFC
// 9421 B.2.1 is one), and proves only possession of the key.
func (p *Profile) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	return p.verify(ctx, p.newMessage(req, nil), req.Header)
}

// VerifyResponse checks a response's signature; components with ;req are taken from
// resp.Request. The body, when Content-Digest must be checked, is read and put back.
func (p *Profile) VerifyResponse(ctx context.Context, resp *http.Response) (*apisig.Verified, error) {
	return p.verify(ctx, p.newMessage(nil, resp), resp.Header)
}

// signatureOf is one labelled signature read from the fields.
type signatureOf struct {
	label  string
	params *SignatureParams
	sig    []byte
}

// ReadSignatures parses the Signature-Input and Signature fields of h into labelled
// signatures, in Signature-Input order. A label in one field and not the other, a member of
// the wrong type or a field that does not parse is an error wrapping [apisig.ErrMalformed];
// no Signature-Input at all wraps [apisig.ErrNotSigned].
func ReadSignatures(h http.Header) ([]string, []*SignatureParams, [][]byte, error) {
	sigs, err := readSignatures(h)
	if err != nil {
		return nil, nil, nil, err
	}
	labels := make([]string, len(sigs))
	params := make([]*SignatureParams, len(sigs))
	values := make([][]byte, len(sigs))
	for i, s := range sigs {
		labels[i], params[i], values[i] = s.label, s.params, s.sig
	}
	return labels, params, values, nil
}

func malformed(part, value, problem string) error {
	return &apisig.RequestError{Scheme: SchemeID, Code: CodeInvalidInput, Part: part, Value: value, Problem: problem, Kind: apisig.ErrMalformed}
}

func readSignatures(h http.Header) ([]signatureOf, error) {
	inLines, sigLines := h.Values(HeaderSignatureInput), h.Values(HeaderSignature)
	if len(inLines) == 0 {
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeMissingSignature, Part: "Signature-Input header", Problem: "is missing", Kind: apisig.ErrNotSigned}
	}
	inputs, err := ParseDictionary(strings.Join(inLines, ", "))
	if err != nil {
		return nil, malformed("Signature-Input header", "", err.Error())
	}
	if len(sigLines) == 0 {
		return nil, malformed("Signature header", "", "is missing while Signature-Input is present")
	}
	sigDict, err := ParseDictionary(strings.Join(sigLines, ", "))
	if err != nil {
		return nil, malformed("Signature header", "", err.Error())
	}
	var out []signatureOf
	for _, m := range inputs {
		if m.Inner == nil {
			return nil, malformed("Signature-Input header member "+m.Key, "", "is not an inner list of covered components")
		}
		sp, err := paramsFromList(*m.Inner)
		if err != nil {
			return nil, malformed("Signature-Input header member "+m.Key, "", err.Error())
		}
		sm, ok := sigDict.Get(m.Key)
		if !ok {
			return nil, malformed("Signature header", "", "has no member "+m.Key+" for the Signature-Input member of that label")
		}
		var sig []byte
		if sm.Item != nil {
			sig, _ = sm.Item.Value.([]byte)
		}
		if sig == nil {
			return nil, malformed("Signature header member "+m.Key, "", "is not a byte sequence (:base64:)")
		}
		out = append(out, signatureOf{label: m.Key, params: sp, sig: sig})
	}
	return out, nil
}

func (p *Profile) verify(ctx context.Context, m *message, h http.Header) (*apisig.Verified, error) {
	if p.Keys == nil {
		return nil, errors.New("httpsig: Profile.Keys is nil: a verifier needs a key directory")
	}
	sigs, err := readSignatures(h)
	if err != nil {
		return nil, err
	}
	var firstErr error
	for _, s := range sigs {
		if p.Label != "" && s.label != p.Label {
			continue
		}
		v, err := p.verifyOne(ctx, m, s)
		if err == nil {
			return v, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeMissingSignature, Part: "Signature-Input header", Problem: "has no signature labelled " + strconv.Quote(p.Label), Kind: apisig.ErrNotSigned}
	}
	return nil, firstErr
}

func (p *Profile) verifyOne(ctx context.Context, m *message, s signatureOf) (*apisig.Verified, error) {
	sp := s.params
	part := "Signature-Input " + s.label
	if err := p.checkPolicy(sp, part); err != nil {
		return nil, err
	}
	if sp.KeyID == "" {
		return nil, malformed(part, "", "has no keyid; this verifier finds keys by keyid")
	}
	key, err := p.Keys.Key(ctx, sp.KeyID)
	if err != nil {
		return nil, err
	}
	alg, problem := key.algorithm(sp.Alg)
	if problem != "" {
		return nil, malformed(part+" alg", sp.Alg, problem)
	}
	if len(p.Policy.Algorithms) > 0 && !containsAlg(p.Policy.Algorithms, alg) {
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeAlgorithm, Part: part + " algorithm", Value: string(alg), Problem: "is not accepted by this verifier", Kind: apisig.ErrMalformed}
	}
	if err := p.checkDigest(m, sp); err != nil {
		return nil, err
	}
	drop := ""
	if p.Dialect.KeyIDAfterSigning {
		drop = "keyid" // verify as a client that added keyid after signing signed (diagnose)
	}
	base, err := sp.base(m, &p.Dialect, drop)
	if err != nil {
		return nil, requestError(err, false, part)
	}
	if err := alg.verify(key, []byte(base), s.sig, p.Dialect.ECDSADER); err != nil {
		if !errors.Is(err, errBadSignature) {
			return nil, err
		}
		tr := &apisig.Trace{Scheme: SchemeID}
		tr.Add(apisig.StepInput, "label", s.label)
		tr.Add(apisig.StepInput, "algorithm", string(alg))
		tr.Add(apisig.StepInput, "keyid", sp.KeyID)
		tr.Add(apisig.StepStringToSign, "signature base", base)
		return nil, &apisig.MismatchError{Scheme: SchemeID, Code: CodeSignatureMismatch, AccessKeyID: sp.KeyID,
			Provided: base64.StdEncoding.EncodeToString(s.sig), Trace: tr}
	}
	v := &apisig.Verified{Scheme: SchemeID, AccessKeyID: sp.KeyID, Signature: base64.StdEncoding.EncodeToString(s.sig)}
	if sp.Created != 0 {
		v.SignedAt = time.Unix(sp.Created, 0)
	}
	if sp.Nonce != "" && p.Replay != nil {
		until := apisig.Now(p.Clock).Add(24 * time.Hour)
		switch {
		case sp.Expires != 0:
			until = time.Unix(sp.Expires, 0)
		case p.Policy.MaxAge > 0 && sp.Created != 0:
			until = time.Unix(sp.Created, 0).Add(p.Policy.MaxAge)
		}
		if err := p.Replay.Claim(ctx, apisig.ReplayKey(SchemeID, sp.KeyID, sp.Nonce), until); err != nil {
			return nil, &apisig.RequestError{Scheme: SchemeID, Part: part + " nonce", Value: sp.Nonce, Problem: err.Error(), Kind: errorsKind(err)}
		}
	}
	return v, nil
}

// errorsKind keeps ErrReplayed, and reports a failing store as a technical error.
func errorsKind(err error) error {
	if errors.Is(err, apisig.ErrReplayed) {
		return apisig.ErrReplayed
	}
	return err
}

func containsAlg(as []Algorithm, a Algorithm) bool {
	for _, b := range as {
		if a == b {
			return true
		}
	}
	return false
}

// checkPolicy applies the required components and the time and parameter rules.
func (p *Profile) checkPolicy(sp *SignatureParams, part string) error {
	pol := &p.Policy
	covered := make(map[string]bool, len(sp.Components))
	for _, c := range sp.Components {
		covered[c.String()] = true
	}
	for _, id := range pol.Required {
		c, err := ParseComponent(id)
		if err != nil {
			return err
		}
		if !covered[c.String()] {
			return &apisig.RequestError{Scheme: SchemeID, Code: CodeMissingComponent, Part: part, Value: sp.String(), Problem: "does not cover " + c.String() + ", which this verifier requires", Kind: apisig.ErrMalformed}
		}
	}
	if (pol.RequireCreated || pol.MaxAge > 0) && sp.Created == 0 {
		return malformed(part, sp.String(), "has no created parameter, which this verifier requires")
	}
	if pol.RequireExpires && sp.Expires == 0 {
		return malformed(part, sp.String(), "has no expires parameter, which this verifier requires")
	}
	if pol.RequireNonce && sp.Nonce == "" {
		return malformed(part, sp.String(), "has no nonce parameter, which this verifier requires")
	}
	if pol.Tag != "" && sp.Tag != pol.Tag {
		return &apisig.RequestError{Scheme: SchemeID, Code: CodeTagMismatch, Part: part + " tag", Value: sp.Tag, Problem: "want " + strconv.Quote(pol.Tag), Kind: apisig.ErrMalformed}
	}
	now := apisig.Now(p.Clock)
	if sp.Expires != 0 && !now.Before(time.Unix(sp.Expires, 0)) {
		return &apisig.RequestError{Scheme: SchemeID, Code: CodeExpired, Part: part + " expires", Value: strconv.FormatInt(sp.Expires, 10),
			Problem: "the signature expired at " + time.Unix(sp.Expires, 0).UTC().Format(time.RFC3339) + "; verifier time " + now.UTC().Format(time.RFC3339), Kind: apisig.ErrExpired}
	}
	if sp.Created != 0 {
		created := time.Unix(sp.Created, 0)
		if created.Sub(now) > p.maxSkew() {
			return &apisig.RequestError{Scheme: SchemeID, Code: CodeCreatedInFuture, Part: part + " created", Value: strconv.FormatInt(sp.Created, 10),
				Problem: "is " + created.Sub(now).Round(time.Second).String() + " ahead of the verifier's clock", Kind: apisig.ErrSkewed}
		}
		if pol.MaxAge > 0 && now.Sub(created) > pol.MaxAge {
			return &apisig.RequestError{Scheme: SchemeID, Code: CodeTooOld, Part: part + " created", Value: strconv.FormatInt(sp.Created, 10),
				Problem: "the signature is " + now.Sub(created).Round(time.Second).String() + " old; at most " + pol.MaxAge.String() + " is accepted", Kind: apisig.ErrExpired}
		}
	}
	return nil
}

// checkDigest verifies Content-Digest against the body when content-digest is covered.
func (p *Profile) checkDigest(m *message, sp *SignatureParams) error {
	for _, c := range sp.Components {
		if c.Name != "content-digest" || c.flag("req") || len(c.Params) > 0 {
			continue
		}
		lines, ok := m.fieldLines(c)
		if !ok {
			return nil // reported as a missing component when the base is built
		}
		body, err := m.body()
		if err != nil {
			return err
		}
		return CheckContentDigest(strings.Join(lines, ", "), body)
	}
	return nil
}
