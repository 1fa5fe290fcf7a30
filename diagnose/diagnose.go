package diagnose

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/webhook"
)

// Case is a rejected request and what is known about it.
type Case struct {
	// Request is the request as it was sent, signature included. Its body must be re-readable
	// (GetBody or an io.Seeker) when the scheme signs the body.
	Request *http.Request
	// Scheme and Params build the verifier, as the registry does.
	Scheme apisig.Scheme
	Params map[string]string
	// Secret is the secret the user believes the request was signed with. It never leaves the
	// process and never appears in a Report.
	Secret apisig.Secret
	// Keys, when set, is used instead of Secret for every lookup but the secret variants:
	// for schemes that take more than one secret (OAuth's consumer and token secrets).
	Keys apisig.KeyStore
	// Response is the server's answer, when there is one: its body may hold the server's own
	// canonical request or string to sign.
	Response *Response
	// Clock is the time to verify at; nil means the wall clock. A request rejected only for
	// its age is then checked as of the time it claims.
	Clock apisig.Clock
	// MaxPairs bounds the two-knob search; zero means every pair.
	MaxPairs int
}

// Response is a server's answer to the rejected request.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Finding is one diagnosed cause.
type Finding struct {
	// Mistakes are the catalogue ids (../shared/MISTAKES.md) the cause matches.
	Mistakes []string `json:"mistakes,omitempty"`
	// Method says how it was found: "verified", "static", "server-trace", "knob-search",
	// "secret", "error".
	Method string `json:"method"`
	// Cause is one line naming the mistake.
	Cause string `json:"cause"`
	// Fix says what to change.
	Fix string `json:"fix,omitempty"`
	// Evidence shows why apisig believes it.
	Evidence string `json:"evidence,omitempty"`
	// Knobs are the knob settings that reproduce the signature sent (knob search only).
	Knobs map[string]string `json:"knobs,omitempty"`
}

// Report is the outcome of [Diagnose].
type Report struct {
	Scheme string `json:"scheme"`
	// Verified says the request's signature is right for the secret (at SignedAt when the
	// request was too old to check at the current time).
	Verified bool `json:"verified"`
	// SignedAt is the time the request claims, when it was needed to check it.
	SignedAt time.Time `json:"signedAt,omitzero"`
	// Provided is the signature the request carried.
	Provided string `json:"signatureProvided,omitempty"`
	// Findings are ranked: the most specific evidence first.
	Findings []Finding `json:"findings"`
	// Server is the server's own trace read from its error response, if any.
	Server *ServerTrace `json:"server,omitempty"`
	// Trace is the verifier's computation (secrets redacted).
	Trace *apisig.Trace `json:"trace,omitempty"`
	// Tried counts the knob settings and pairs recomputed.
	Tried int `json:"tried"`
}

// Diagnose names the mistake behind a rejected signature: it checks the request statically,
// diffs the server's own trace (when its response carries one) against apisig's, and searches
// the scheme's knobs (one, then pairs) for the setting under which the request verifies, that
// is, the mistake that produced the signature the request carries.
func Diagnose(ctx context.Context, c Case) (*Report, error) {
	if c.Request == nil {
		return nil, fmt.Errorf("%w: diagnose: no request", apisig.ErrInvalidInput)
	}
	if c.Secret.IsZero() {
		return nil, fmt.Errorf("%w: diagnose: no secret to check the signature with", apisig.ErrNoCredentials)
	}
	rep := &Report{Scheme: c.Scheme.ID}
	if c.Response != nil {
		rep.Server = ParseServerTrace(c.Response.Body)
	}
	rep.Findings = append(rep.Findings, staticChecks(c, rep.Server)...)

	clock := c.Clock
	err := c.verifyAt(ctx, clock, nil, c.Secret)
	var re *apisig.RequestError
	if (errors.Is(err, apisig.ErrSkewed) || errors.Is(err, apisig.ErrExpired)) && errors.As(err, &re) && !re.SignedAt.IsZero() {
		rep.Findings = append(rep.Findings, timeFinding(c.Scheme.ID, re))
		rep.SignedAt = re.SignedAt
		clock = apisig.FixedClock(re.SignedAt)
		err = c.verify(ctx, clock, nil, c.Secret)
	}
	if err == nil {
		rep.Verified = true
		if st := rep.Server; st != nil && (st.CanonicalRequest != "" || st.StringToSign != "") {
			if tr, terr := traceOf(ctx, c.Scheme, c.Params, c.Request); terr == nil {
				if f, ok := diffServer(st, tr); ok && f.Mistakes == nil {
					f.Mistakes = []string{"A24", "D02", "A06"}
					f.Cause = "the request is signed correctly as captured, but the server received it changed (or canonicalises it differently): " + f.Cause
					f.Fix = "something between the signer and the server (a proxy, CDN, HTTP library or browser) changed the request after signing: sign what is sent, or stop the change; if nothing did, the server canonicalises this line differently from the specification"
					rep.Findings = append(rep.Findings, f)
				}
			}
		}
		return rep, nil
	}
	rep.Findings = append(rep.Findings, verifierFindings(err)...)
	var me *apisig.MismatchError
	mismatch := errors.As(err, &me)
	switch {
	case mismatch:
		rep.Provided, rep.Trace = me.Provided, me.Trace
		if rep.Server != nil {
			if f, ok := diffServer(rep.Server, me.Trace); ok {
				rep.Findings = append(rep.Findings, f)
			}
		}
	case errors.Is(err, apisig.ErrMalformed):
		// A malformed request may be well-formed in a client's dialect (a parameter spelled
		// TimeStamp): the knob search below can still find it. The verifier's complaint is
		// kept after whatever the search finds.
		defer func(f Finding) { rep.Findings = append(rep.Findings, f) }(errorFinding(err))
	case isVerdict(err):
		f := errorFinding(err)
		if errors.Is(err, apisig.ErrSkewed) || errors.Is(err, apisig.ErrExpired) {
			f.Mistakes = timeMistakes(c.Scheme.ID, err)
		}
		rep.Findings = append(rep.Findings, f)
		return rep, nil
	default:
		return nil, err
	}
	found, tried, err := c.searchKnobs(ctx, clock, rep)
	rep.Tried = tried
	if err != nil {
		return nil, err
	}
	if !found && mismatch {
		rep.Findings = append(rep.Findings, c.secretVariants(ctx, clock)...)
	}
	if mismatch && !found && !hasMethod(rep.Findings, "secret") {
		rep.Findings = append(rep.Findings, Finding{
			Method:   "knob-search",
			Mistakes: []string{"A36", "C10", "A31"},
			Cause:    "no single mistake apisig knows, nor any pair of them, reproduces the signature sent",
			Fix:      "check that the secret belongs to the access key id; compare with a request that works (apisig diagnose --good FILE) to see the first stage where they differ",
			Evidence: fmt.Sprintf("%d variants recomputed; none gives %s", tried, me.Provided),
		})
	}
	return rep, nil
}

// verify builds the scheme's verifier with knobs and checks the request with secret. With no
// clock (the wall clock), a request rejected only for its time is checked again as of the time
// it claims: in a client's dialect the time may be where the verifier reads it only then.
func (c Case) verify(ctx context.Context, clock apisig.Clock, knobs map[string]string, secret apisig.Secret) error {
	err := c.verifyAt(ctx, clock, knobs, secret)
	var re *apisig.RequestError
	if clock == nil && (errors.Is(err, apisig.ErrSkewed) || errors.Is(err, apisig.ErrExpired)) && errors.As(err, &re) && !re.SignedAt.IsZero() {
		err = c.verifyAt(ctx, apisig.FixedClock(re.SignedAt), knobs, secret)
	}
	return err
}

func (c Case) verifyAt(ctx context.Context, clock apisig.Clock, knobs map[string]string, secret apisig.Secret) error {
	var keys apisig.KeyStore = anyKey{secret}
	if c.Keys != nil && secret.Equal(c.Secret) {
		keys = c.Keys
	}
	sg, err := c.Scheme.Build(apisig.Config{Params: c.Params, Knobs: knobs, Clock: clock, Keys: keys, Replay: allowReplay{}})
	if err != nil {
		return err
	}
	v, ok := sg.(apisig.Verifier)
	if !ok {
		return fmt.Errorf("%w: diagnose: scheme %s cannot verify", apisig.ErrInvalidInput, c.Scheme.ID)
	}
	req := c.Request
	if req.GetBody != nil {
		cl := req.Clone(ctx)
		if cl.Body, err = req.GetBody(); err != nil {
			return err
		}
		req = cl
	}
	_, err = v.Verify(ctx, req)
	return err
}

// verifierFindings turns the reasons a verifier found itself (webhook deliveries: a body
// re-serialised, a secret of the wrong type, another provider's header) into findings.
func verifierFindings(err error) []Finding {
	var wf *webhook.Failure
	if !errors.As(err, &wf) {
		return nil
	}
	var out []Finding
	for _, fd := range wf.Findings {
		ids := fd.Mistakes
		if len(ids) == 0 {
			ids = webhookMistakes[fd.Reason]
		}
		out = append(out, Finding{Method: "verifier", Mistakes: ids, Cause: fd.Detail, Fix: webhookFixes[fd.Reason],
			Evidence: "the verifier recomputed the signature under this reading and it matches"})
	}
	return out
}

// webhookMistakes are the catalogue rows of each reason, for findings that name none.
var webhookMistakes = map[webhook.Reason][]string{
	webhook.ReasonBodyReserialized:          {"W01", "W04", "W07"},
	webhook.ReasonWrongSecretType:           {"W05", "W11"},
	webhook.ReasonTimestampOutsideTolerance: {"W06"},
	webhook.ReasonTimestampMilliseconds:     {"W06"},
	webhook.ReasonSignatureEncoding:         {"W10"},
}

// webhookFixes say how to fix each reason a webhook verifier reports.
var webhookFixes = map[webhook.Reason]string{
	webhook.ReasonBodyReserialized:          "verify over the raw request bytes, before any JSON or form parsing (e.g. express.raw, not express.json)",
	webhook.ReasonWrongSecretType:           "use the endpoint's signing secret (Stripe: whsec_..., from the webhook endpoint's page), not an API key",
	webhook.ReasonOtherProvider:             "verify with the preset of the provider that sent the delivery",
	webhook.ReasonTimestampOutsideTolerance: "check the receiver's clock and queueing delays, or widen the tolerance",
	webhook.ReasonTimestampMilliseconds:     "the tolerance and timestamps are in seconds, not milliseconds",
	webhook.ReasonSignatureEncoding:         "compare the MAC in the provider's encoding (Shopify webhooks: base64)",
	webhook.ReasonSecretEncoding:            "base64-decode the part of the secret after whsec_ and use those bytes as the key",
}

// isVerdict reports whether err is the verifier's judgement on the request (as opposed to a
// failure to judge it).
func isVerdict(err error) bool {
	for _, k := range []error{apisig.ErrNotSigned, apisig.ErrMalformed, apisig.ErrUnknownKey, apisig.ErrMismatch, apisig.ErrExpired, apisig.ErrSkewed, apisig.ErrReplayed} {
		if errors.Is(err, k) {
			return true
		}
	}
	return false
}

func hasMethod(fs []Finding, method string) bool {
	for _, f := range fs {
		if f.Method == method {
			return true
		}
	}
	return false
}

// anyKey answers every key id with the one secret under test.
type anyKey struct{ secret apisig.Secret }

func (k anyKey) Secrets(context.Context, string) ([]apisig.Secret, error) {
	return []apisig.Secret{k.secret}, nil
}

// allowReplay lets the same request be verified again and again, as the search must.
type allowReplay struct{}

func (allowReplay) Claim(context.Context, string, time.Time) error { return nil }

// timeFinding reports a request rejected for its time.
func timeFinding(scheme string, re *apisig.RequestError) Finding {
	return Finding{Method: "static", Mistakes: timeMistakes(scheme, re), Cause: "the request is rejected for its time: " + re.Problem,
		Fix:      "sign with a correct clock, in UTC, just before sending (or presign for longer)",
		Evidence: fmt.Sprintf("the request claims %s; the signature itself was checked as of then", re.SignedAt.UTC().Format(time.RFC3339))}
}

// timeMistakes are the catalogue rows of a scheme family's clock and time-zone mistakes.
func timeMistakes(scheme string, err error) []string {
	switch family(scheme) {
	case "aws":
		if errors.Is(err, apisig.ErrExpired) {
			return []string{"A34"}
		}
		return []string{"A03", "A04"}
	case "aliyun":
		if strings.HasPrefix(scheme, "aliyun-oss") {
			return []string{"D09", "D08"}
		}
		return []string{"C08"}
	case "tencent":
		if scheme == "tencent-cos" {
			return []string{"F05"}
		}
		return []string{"E01"}
	case "oauth1":
		return []string{"G14"}
	case "webhook":
		return []string{"W06"}
	}
	return nil
}

// family is a scheme id's first word: aws, aliyun, tencent, oauth1, webhook, ...
func family(scheme string) string {
	f, _, _ := strings.Cut(scheme, "-")
	return f
}

// errorFinding turns a verdict other than a mismatch into a finding.
func errorFinding(err error) Finding {
	f := Finding{Method: "error", Cause: err.Error()}
	var re *apisig.RequestError
	if errors.As(err, &re) {
		f.Cause = re.Part + ": " + re.Problem
		if re.Value != "" {
			f.Evidence = "value sent: " + re.Value
		}
		if re.Code != "" {
			f.Cause += " (" + re.Code + ")"
		}
	}
	problem := strings.ToLower(f.Cause)
	switch {
	case strings.Contains(problem, "region") && errors.Is(err, apisig.ErrMalformed):
		f.Mistakes = []string{"A01"}
		f.Fix = "sign for the region the server serves (the bucket's or the endpoint's)"
	case strings.Contains(problem, "service") && errors.Is(err, apisig.ErrMalformed):
		f.Mistakes = []string{"A02"}
		f.Fix = "sign for the service's signing name (e.g. iotdata for the IoT data plane, execute-api for API Gateway)"
	case errors.Is(err, apisig.ErrUnknownKey):
		f.Mistakes = []string{"A30"}
		f.Fix = "use the access key id that belongs to the secret (temporary keys need their session token)"
	case errors.Is(err, apisig.ErrMalformed):
		f.Fix = "build the signature's header or query parameters in the shape the scheme defines"
	}
	return f
}
