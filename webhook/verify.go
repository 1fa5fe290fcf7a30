package webhook

import (
	"context"
	"crypto/hmac"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/apisig/apisig"
)

// replayWithoutTimestamp is how long a delivery without a timestamp is remembered.
const replayWithoutTimestamp = 24 * time.Hour

// Verify checks a delivery: it reads the body through req.GetBody (which [Middleware] and
// [apisig.Middleware] set) and calls [Webhook.VerifyPayload] with the request's headers.
func (w *Webhook) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	if _, err := w.checkProvider(); err != nil {
		return nil, err
	}
	body, err := readBody(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", w.Provider, err)
	}
	return w.VerifyPayload(ctx, req.Header, body)
}

// VerifyPayload checks the signature in h over the raw body bytes. It accepts the delivery when
// any of the provided signatures (Stripe and Standard Webhooks send several during a rotation)
// equals the MAC under any of the secrets, compared with [hmac.Equal], and the timestamp is in
// the tolerance window. Otherwise the error wraps [apisig.ErrNotSigned], [apisig.ErrMalformed],
// [apisig.ErrSkewed], [apisig.ErrReplayed] or, as an [*apisig.MismatchError] with the
// verifier's trace, [apisig.ErrMismatch]; when a reason is found the error is a [*Failure]
// listing it.
func (w *Webhook) VerifyPayload(ctx context.Context, h http.Header, body []byte) (*apisig.Verified, error) {
	s, err := w.checkProvider()
	if err != nil {
		return nil, err
	}
	d, err := readDelivery(s, w.Provider, h)
	if err != nil {
		return nil, err
	}
	secrets, err := w.secrets(ctx)
	if err != nil {
		return nil, err
	}
	var signedAt time.Time
	if d.timestamp != "" {
		ts, _ := strconv.ParseInt(d.timestamp, 10, 64)
		signedAt = time.Unix(ts, 0)
		if err := w.checkTime(s, d.timestamp, ts); err != nil {
			return nil, err
		}
	}
	for _, sec := range secrets {
		mac, err := w.compute(s, w.Dialect, sec, d.id, d.timestamp, body, nil)
		if err != nil {
			return nil, err
		}
		for i, got := range d.sigs {
			if hmac.Equal(mac, got) {
				v := &apisig.Verified{Scheme: s.id, AccessKeyID: w.keyID(), SignedAt: signedAt, Signature: d.sent[i]}
				if err := w.claim(ctx, s, d, i, signedAt); err != nil {
					return nil, err
				}
				return v, nil
			}
		}
	}
	tr := &apisig.Trace{Scheme: s.id}
	if _, err := w.compute(s, w.Dialect, secrets[0], d.id, d.timestamp, body, tr); err != nil {
		return nil, err
	}
	mm := &apisig.MismatchError{Scheme: s.id, AccessKeyID: w.keyID(), Provided: d.sent[0], Trace: tr}
	return nil, withFindings(mm, w.diagnose(s, d, secrets, body))
}

// checkTime applies the tolerance window.
func (w *Webhook) checkTime(s *spec, raw string, ts int64) error {
	tol := w.tolerance()
	if tol < 0 {
		return nil
	}
	now := apisig.Now(w.Clock)
	age := now.Sub(time.Unix(ts, 0))
	ms := ts > 100_000_000_000 // year 5138 in seconds: a timestamp in milliseconds
	if age <= tol && (s.futureOK || -age <= tol) && !ms {
		return nil
	}
	part := s.tsHeader
	if part == "" {
		part = s.sigHeader + " t"
	}
	err := &apisig.RequestError{Scheme: s.id, Part: part, Value: raw,
		Problem: "timestamp outside the tolerance zone: " + age.Round(time.Second).String() + " from the verifier's clock (" + now.UTC().Format(time.RFC3339) + "), at most " + tol.String() + " allowed",
		Kind:    apisig.ErrSkewed}
	fs := []Finding{{Reason: ReasonTimestampOutsideTolerance, Mistakes: []string{"W06"}, Detail: "the delivery is " + age.Round(time.Second).String() + " old: a queued or replayed delivery, or a wrong clock"}}
	if ms {
		fs = append(fs, Finding{Reason: ReasonTimestampMilliseconds, Mistakes: []string{"W06"}, Detail: "the timestamp has " + strconv.Itoa(len(raw)) + " digits: it looks like milliseconds; the providers send seconds"})
	}
	return withFindings(err, fs)
}

// claim records an accepted delivery in the replay store.
func (w *Webhook) claim(ctx context.Context, s *spec, d *delivery, i int, signedAt time.Time) error {
	if w.Replay == nil {
		return nil
	}
	key := d.id
	if key == "" {
		// The MAC itself, not the signature as sent: upper-case hex or base64 with other
		// padding bits decode to the same MAC and must not make a replay look new.
		key = hex.EncodeToString(d.sigs[i])
	}
	until := apisig.Now(w.Clock).Add(replayWithoutTimestamp)
	if !signedAt.IsZero() && w.tolerance() > 0 {
		until = signedAt.Add(w.tolerance())
	}
	if err := w.Replay.Claim(ctx, apisig.ReplayKey(s.id, w.keyID(), key), until); err != nil {
		return fmt.Errorf("%s: delivery %q: %w", s.id, key, err)
	}
	return nil
}

// diagnose looks for the reason of a mismatch: a secret of the wrong type, a body that
// matches in another serialisation, a Standard Webhooks key used as text.
func (w *Webhook) diagnose(s *spec, d *delivery, secrets []apisig.Secret, body []byte) []Finding {
	fs := secretTypeFindings(w.Provider, secrets)
	if w.NoDiagnosis {
		return fs
	}
	matches := func(dl Dialect) bool {
		for _, sec := range secrets {
			mac, err := w.compute(s, dl, sec, d.id, d.timestamp, body, nil)
			if err != nil {
				return false
			}
			for _, got := range d.sigs {
				if hmac.Equal(mac, got) {
					return true
				}
			}
		}
		return false
	}
	for f := BodyForm(0); int(f) < len(bodyFormNames); f++ {
		if f == w.Dialect.Body {
			continue
		}
		if _, ok := f.Transform(body); !ok && f != BodyRaw {
			continue
		}
		dl := w.Dialect
		dl.Body = f
		if matches(dl) {
			fd := bodyFinding(f)
			if f == BodyRaw {
				fd = Finding{Reason: ReasonBodyReserialized, Body: w.Dialect.Body, Mistakes: bodyFormMistakes[w.Dialect.Body],
					Detail: "the signature matches the raw body; this verifier hashes the body in form " + w.Dialect.Body.String() + ": verify the raw request body"}
			}
			return append(fs, fd)
		}
	}
	if s.id == specs[Standard].id {
		dl := w.Dialect
		dl.StandardKeyAsText = !dl.StandardKeyAsText
		if matches(dl) {
			fs = append(fs, Finding{Reason: ReasonSecretEncoding, Detail: "the signature was made with the whsec_ secret as text; the Standard Webhooks key is the base64-decoded bytes after whsec_"})
		}
	}
	return fs
}
