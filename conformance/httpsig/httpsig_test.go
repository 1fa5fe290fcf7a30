package httpsig

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	ahttpsig "github.com/apisig/apisig/httpsig"
)

// messagesPerRun is how many generated requests and responses the differential test checks.
const messagesPerRun = 2_500

func unix(s int64) time.Time { return time.Unix(s, 0).UTC() }

// deterministic algorithms give byte-identical signatures for the same base and key.
var deterministic = map[string]bool{"hmac-sha256": true, "ed25519": true, "rsa-v1_5-sha256": true}

// outcome is what apisig did to one case, for the report.
type outcome struct {
	apisigBase, apisigInput, apisigSig string
	apisigErr                          error
}

func signApisig(t testing.TB, k *keys, c genCase) outcome {
	req, resp := c.message(t)
	p := k.signer(c)
	var err error
	var h http.Header
	if resp != nil {
		err, h = p.SignResponse(context.Background(), resp, apisig.Credentials{}), resp.Header
	} else {
		err, h = p.Sign(context.Background(), req, apisig.Credentials{}), req.Header
	}
	if err != nil {
		return outcome{apisigErr: err}
	}
	o := outcome{apisigInput: h.Get(ahttpsig.HeaderSignatureInput), apisigSig: h.Get(ahttpsig.HeaderSignature)}
	req2, resp2 := c.message(t)
	o.apisigBase, o.apisigErr = p.SignatureBase(req2, resp2, strings.TrimPrefix(o.apisigInput, "sig1="))
	return o
}

func verifyApisig(t testing.TB, k *keys, c genCase, input, sig string) error {
	req, resp := c.message(t, [2]string{ahttpsig.HeaderSignatureInput, input}, [2]string{ahttpsig.HeaderSignature, sig})
	v := k.verifier(c)
	if resp != nil {
		_, err := v.VerifyResponse(context.Background(), resp)
		return err
	}
	_, err := v.Verify(context.Background(), req)
	return err
}

// The documented disagreement classes (NOTES.md). Each is recognised from the values, not
// assumed from the case: a differing base line is explained only when the oracle's value is
// apisig's with the library's known transformation applied.
const (
	classMethodCase    = "method-upper-cased"             // the library upper-cases @method
	classDotSegments   = "dot-segments-removed"           // WHATWG URL drops "/./" from @path and @request-target
	classEmptyQuery    = "empty-query-dropped"            // WHATWG URL drops a bare "?" from @request-target
	classTargetAsSent  = "target-uri-as-sent"             // @target-uri: the URL string as given, host case and default port kept
	classQueryParamEnc = "query-param-encodeURIComponent" // !'()~ left unescaped in @query-param
	classRepeatedParam = "query-param-repeated"           // apisig refuses to sign a repeated @query-param (§2.2.8)
	classPSSSalt       = "rsa-pss-salt-length"            // the library signs rsa-pss-sha512 with the maximum salt, not 64
	classExpired       = "expired"                        // both reject: the signature expired before now
	classExpiresEqual  = "expires-equals-now"             // expires == now: apisig rejects, the library accepts
)

// explainLine returns the class that turns apisig's base line a into the library's line b.
func explainLine(c genCase, a, b string) string {
	name, av, _ := strings.Cut(a, ": ")
	bname, bv, _ := strings.Cut(b, ": ")
	if name != bname {
		return ""
	}
	comp := strings.TrimSuffix(strings.Trim(strings.SplitN(name, ";", 2)[0], `"`), `"`)
	switch comp {
	case "@method":
		if bv == strings.ToUpper(av) {
			return classMethodCase
		}
	case "@path", "@request-target":
		v := strings.ReplaceAll(av, "/./", "/")
		if v != av && v == bv {
			return classDotSegments
		}
		if comp == "@request-target" {
			if t := strings.TrimSuffix(v, "?"); t != av && t == bv {
				if v != av {
					return classDotSegments + "+" + classEmptyQuery
				}
				return classEmptyQuery
			}
		}
	case "@target-uri":
		if bv == c.url {
			return classTargetAsSent
		}
	case "@query-param":
		r := strings.NewReplacer("%21", "!", "%27", "'", "%28", "(", "%29", ")", "%7E", "~")
		if r.Replace(av) == bv {
			return classQueryParamEnc
		}
	}
	return ""
}

// explainBase returns the classes that explain every differing line of two bases, or "" when
// some line is unexplained.
func explainBase(c genCase, a, b string) []string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	if len(al) != len(bl) {
		return nil
	}
	var out []string
	for i := range al {
		if al[i] == bl[i] || strings.HasPrefix(al[i], `"@signature-params"`) && strings.HasPrefix(bl[i], `"@signature-params"`) {
			continue
		}
		cls := explainLine(c, al[i], bl[i])
		if cls == "" {
			return nil
		}
		out = append(out, cls)
	}
	return out
}

// TestDifferential signs generated requests and responses with apisig and with
// http-message-signatures across the five algorithms and checks: the library's signature base
// for apisig's Signature-Input equals apisig's; the library verifies apisig's signature; apisig
// verifies the library's; both write the same Signature-Input and, for the deterministic
// algorithms, the same Signature. A disagreement must be one of the documented classes,
// recognised from the values (NOTES.md); anything else fails the test.
func TestDifferential(t *testing.T) {
	oracle(t)
	k := getKeys(t)
	cases := genCases(1, messagesPerRun)
	outs := make([]outcome, len(cases))
	var ocs []oracleCase
	for i, c := range cases {
		outs[i] = signApisig(t, k, c)
		oc := k.oracleCase(c)
		oc.ApisigInput, oc.ApisigSignature = outs[i].apisigInput, outs[i].apisigSig
		ocs = append(ocs, oc)
	}
	res := runOracle(t, ocs)
	agree, classes, covered := map[string]int{}, map[string]int{}, map[string]int{}
	failures := 0
	for i, c := range cases {
		cls, bad := compare(t, k, c, outs[i], res[c.id])
		if len(bad) > 0 {
			failures++
			if failures <= 10 {
				t.Errorf("%v\n  %s\n  apisig base:\n%s\n  library base:\n%s%s\n  apisig  %s\n  library %s", c, strings.Join(bad, "\n  "), outs[i].apisigBase, res[c.id].Base, res[c.id].BaseError, outs[i].apisigInput, res[c.id].SignatureInput)
			}
			continue
		}
		if len(cls) == 0 {
			agree[c.alg]++
			agree[c.kind]++
			for _, f := range c.fields {
				covered[f]++
			}
		}
		for _, x := range dedupe(cls) {
			classes[x]++
		}
	}
	if failures > 0 {
		t.Errorf("%d of %d messages disagree outside the documented classes", failures, len(cases))
	}
	t.Logf("%d messages: full agreement (same base, cross-verified, same Signature-Input and deterministic Signature) by algorithm and kind %v; messages in documented classes %v; components covered by the fully agreeing messages %v", len(cases), agree, classes, covered)
}

// compare checks one case and returns the documented classes it falls in and the
// unexplained disagreements.
func compare(t testing.TB, k *keys, c genCase, o outcome, r oracleResult) (classes, bad []string) {
	if o.apisigErr != nil {
		if strings.Contains(o.apisigErr.Error(), "RFC 9421 §2.2.8 forbids") {
			return []string{classRepeatedParam}, nil
		}
		return nil, []string{"apisig cannot sign: " + o.apisigErr.Error()}
	}
	nowUnix := now.Unix()
	baseEqual := r.BaseError == "" && r.Base == o.apisigBase
	if !baseEqual {
		cls := explainBase(c, o.apisigBase, r.Base)
		if cls == nil {
			return nil, []string{"signature bases differ: " + baseDiff(o.apisigBase, r.Base) + r.BaseError}
		}
		classes = append(classes, cls...)
	}
	// The library verifies apisig's signature.
	verified := r.Verified != nil && *r.Verified
	switch {
	case c.expires != 0 && c.expires < nowUnix:
		if !strings.Contains(r.VerifyError, "expired") {
			bad = append(bad, "the library does not reject apisig's expired signature: "+r.VerifyError)
		}
		classes = append(classes, classExpired)
	case !baseEqual:
		if verified {
			bad = append(bad, "the library accepts apisig's signature over a base it computes differently")
		}
	case !verified:
		bad = append(bad, "the library rejects apisig's signature: "+r.VerifyError)
	}
	// The library signs.
	if r.SignError != "" {
		return classes, append(bad, "the library cannot sign: "+r.SignError)
	}
	if r.SignatureInput != o.apisigInput {
		bad = append(bad, "Signature-Input differs")
	}
	if deterministic[c.alg] && baseEqual && r.Signature != o.apisigSig {
		bad = append(bad, "deterministic Signature differs:\n  apisig  "+o.apisigSig+"\n  library "+r.Signature)
	}
	// apisig verifies the library's signature.
	err := verifyApisig(t, k, c, r.SignatureInput, r.Signature)
	switch {
	case c.expires != 0 && c.expires <= nowUnix:
		if !errors.Is(err, apisig.ErrExpired) {
			bad = append(bad, fmt.Sprintf("apisig does not reject the library's expired signature: %v", err))
		}
		if c.expires == nowUnix {
			classes = append(classes, classExpiresEqual)
		}
	case !baseEqual:
		if err == nil {
			bad = append(bad, "apisig accepts the library's signature over a base it computes differently")
		}
	case err != nil && c.alg == "rsa-pss-sha512" && pssWithOtherSalt(k, o.apisigBase, r.Signature):
		classes = append(classes, classPSSSalt)
	case err != nil:
		bad = append(bad, "apisig rejects the library's signature: "+err.Error())
	}
	return classes, bad
}

// pssWithOtherSalt reports whether sig ("sig1=:<base64>:") is an RSA-PSS SHA-512 signature of
// base with a salt length other than 64 (PSSSaltLengthAuto accepts, 64 does not).
func pssWithOtherSalt(k *keys, base, sig string) bool {
	b64 := strings.TrimSuffix(strings.TrimPrefix(sig, "sig1=:"), ":")
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return false
	}
	d := sha512.Sum512([]byte(base))
	auto := rsa.VerifyPSS(&k.rsa.PublicKey, crypto.SHA512, d[:], raw, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto}) == nil
	salt64 := rsa.VerifyPSS(&k.rsa.PublicKey, crypto.SHA512, d[:], raw, &rsa.PSSOptions{SaltLength: 64}) == nil
	return auto && !salt64
}

// baseDiff names the components whose lines differ between two signature bases.
func baseDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y && !strings.HasPrefix(x, `"@signature-params"`) {
			name, _, _ := strings.Cut(x, ": ")
			out = append(out, name)
		}
	}
	return strings.Join(out, " ")
}
