package webhook

import (
	"strings"

	"github.com/apisig/apisig"
)

// Reason names why a delivery failed, for diagnosis.
type Reason uint8

// The reasons.
const (
	// ReasonBodyReserialized: the signature matches the body in another serialisation (JSON
	// whitespace, key order or escapes, a trailing newline, a lossy text decoding, a form
	// re-encoding): the bytes were changed after signing, or the signer hashed other bytes.
	ReasonBodyReserialized Reason = iota + 1
	// ReasonWrongSecretType: the secret is of a type that never signs webhooks (Stripe sk_,
	// pk_, rk_ API keys instead of the endpoint's whsec_ secret).
	ReasonWrongSecretType
	// ReasonOtherProvider: the delivery carries another provider's signature header.
	ReasonOtherProvider
	// ReasonTimestampOutsideTolerance: the delivery's timestamp is outside the window.
	ReasonTimestampOutsideTolerance
	// ReasonTimestampMilliseconds: the timestamp looks like milliseconds, not seconds.
	ReasonTimestampMilliseconds
	// ReasonSignatureEncoding: the signature is in the wrong encoding (hex for base64).
	ReasonSignatureEncoding
	// ReasonSecretEncoding: the Standard Webhooks secret was used as text, not base64-decoded.
	ReasonSecretEncoding
)

var reasonNames = [...]string{
	ReasonBodyReserialized:          "body-reserialized",
	ReasonWrongSecretType:           "wrong-secret-type",
	ReasonOtherProvider:             "other-provider",
	ReasonTimestampOutsideTolerance: "timestamp-outside-tolerance",
	ReasonTimestampMilliseconds:     "timestamp-milliseconds",
	ReasonSignatureEncoding:         "signature-encoding",
	ReasonSecretEncoding:            "secret-encoding",
}

// String returns the reason's stable name.
func (r Reason) String() string {
	if int(r) < len(reasonNames) && reasonNames[r] != "" {
		return reasonNames[r]
	}
	return "unknown"
}

// Finding is one diagnosed reason for a failure.
type Finding struct {
	Reason Reason
	// Body is the serialisation the signature matches, for ReasonBodyReserialized.
	Body BodyForm
	// Detail says what was found, for people.
	Detail string
	// Mistakes are the ids of ../shared/MISTAKES.md rows the finding matches (W01, ...).
	Mistakes []string
}

// Failure is a verification failure with the reasons found. It wraps the verifier's error
// (an [*apisig.RequestError] or [*apisig.MismatchError]), so [errors.Is] with the apisig
// sentinels and [errors.As] with those types see through it.
type Failure struct {
	Findings []Finding
	Err      error
}

// Error is the wrapped error's text followed by the findings.
func (f *Failure) Error() string {
	var b strings.Builder
	b.WriteString(f.Err.Error())
	for i, fd := range f.Findings {
		if i == 0 {
			b.WriteString("; likely: ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(fd.Detail)
	}
	return b.String()
}

// Unwrap returns the verifier's error.
func (f *Failure) Unwrap() error { return f.Err }

// Has reports whether the failure has a finding with the reason.
func (f *Failure) Has(r Reason) bool {
	for _, fd := range f.Findings {
		if fd.Reason == r {
			return true
		}
	}
	return false
}

// withFindings wraps err in a Failure when there are findings.
func withFindings(err error, fs []Finding) error {
	if len(fs) == 0 {
		return err
	}
	return &Failure{Findings: fs, Err: err}
}

// notSigned reports a missing signature header, naming another provider's header if present.
func notSigned(p Provider, h headerGetter) error {
	s := p.spec()
	err := &apisig.RequestError{Scheme: s.id, Part: s.sigHeader + " header", Problem: "is missing; " + s.name + " deliveries carry it", Kind: apisig.ErrNotSigned}
	var fs []Finding
	for _, o := range Providers() {
		os := o.spec()
		if o == p || os.sigHeader == s.sigHeader || h.Get(os.sigHeader) == "" {
			continue
		}
		fs = append(fs, Finding{Reason: ReasonOtherProvider, Detail: "the request carries " + os.sigHeader + ", a " + os.name + " signature: is the endpoint configured for the right provider?"})
	}
	return withFindings(err, fs)
}

// secretTypeFindings reports secrets that cannot be the provider's webhook secret.
func secretTypeFindings(p Provider, secrets []apisig.Secret) []Finding {
	var fs []Finding
	for _, sec := range secrets {
		v := sec.Reveal()
		switch p {
		case Stripe:
			for _, pre := range []string{"sk_", "pk_", "rk_"} {
				if strings.HasPrefix(v, pre) {
					fs = append(fs, Finding{Reason: ReasonWrongSecretType, Mistakes: []string{"W05"},
						Detail: "a secret starts with " + pre + ": that is a Stripe API key; webhooks are signed with the endpoint's signing secret (whsec_...)"})
				}
			}
		case Standard:
			if !strings.HasPrefix(v, StandardSecretPrefix) && (strings.HasPrefix(v, "sk_") || strings.HasPrefix(v, "pk_")) {
				fs = append(fs, Finding{Reason: ReasonWrongSecretType, Detail: "a secret looks like an API key; Standard Webhooks secrets are whsec_<base64>"})
			}
		}
	}
	return fs
}
