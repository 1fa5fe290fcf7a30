package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/apisig/apisig"
)

// Sign signs req's body as the provider does and sets the provider's headers, overwriting
// earlier values: the signature header, and the timestamp (Stripe inside Stripe-Signature,
// X-Slack-Request-Timestamp, webhook-timestamp) from w.Clock. A Standard Webhooks request keeps
// its webhook-id header, or gets one from w.IDs. The secret is creds.Secret, or w.Secrets[0].
// The body is read through req.GetBody or an io.Seeker and left ready to be sent.
func (w *Webhook) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	return w.sign(ctx, req, creds, nil)
}

// Explain signs req as [Webhook.Sign] does and returns the trace: the timestamp and id, the
// exact bytes MACed, the key (redacted), the signature and where it was placed.
func (w *Webhook) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: w.Provider.String()}
	err := w.sign(ctx, req, creds, tr)
	return tr, err
}

func (w *Webhook) sign(ctx context.Context, req *http.Request, creds apisig.Credentials, tr *apisig.Trace) error {
	s, err := w.checkProvider()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	secret := creds.Secret
	if secret.IsZero() && len(w.Secrets) > 0 {
		secret = w.Secrets[0]
	}
	if secret.IsZero() {
		return &apisig.RequestError{Scheme: s.id, Part: "credentials", Problem: "no signing secret: set Credentials.Secret or Webhook.Secrets", Kind: apisig.ErrNoCredentials}
	}
	body, err := readBody(req)
	if err != nil {
		return fmt.Errorf("%s: %w", s.id, err)
	}
	var ts, id string
	if s.timed {
		now := apisig.Now(w.Clock)
		if w.Dialect.Milliseconds {
			ts = strconv.FormatInt(now.UnixMilli(), 10)
		} else {
			ts = strconv.FormatInt(now.Unix(), 10)
		}
	}
	if s.idHeader != "" {
		id = req.Header.Get(s.idHeader)
		if id == "" {
			src := w.IDs
			prefix := ""
			if src == nil {
				src, prefix = apisig.RandomNonce, "msg_"
			}
			n, err := src.Nonce()
			if err != nil {
				return fmt.Errorf("%s: making a webhook-id: %w", s.id, err)
			}
			id = prefix + n
		}
	}
	tr.Add(apisig.StepInput, "provider", s.name)
	secrets := []apisig.Secret{secret}
	if w.SignAll {
		if s.id != specs[Stripe].id && s.id != specs[Standard].id {
			return &apisig.RequestError{Scheme: s.id, Part: "Webhook.SignAll", Problem: s.name + " deliveries carry one signature; only Stripe and Standard Webhooks send several", Kind: apisig.ErrInvalidInput}
		}
		for _, o := range w.Secrets {
			if !o.Equal(secret) {
				secrets = append(secrets, o)
			}
		}
	}
	enc := s.enc
	switch w.Dialect.Encoding {
	case EncodingHex:
		enc = encHex
	case EncodingBase64:
		enc = encBase64
	}
	var value string
	str := tr // the trace records the first signature's stages
	for i, sec := range secrets {
		mac, err := w.compute(s, w.Dialect, sec, id, ts, body, str)
		if err != nil {
			return err
		}
		sig := encodeMAC(enc, mac)
		str.Add(apisig.StepSignature, "signature", sig)
		switch {
		case s.id == specs[Stripe].id && i == 0:
			value = "t=" + ts + ",v1=" + sig
		case s.id == specs[Stripe].id:
			value += ",v1=" + sig
		case i == 0:
			value = s.prefix + sig
		default:
			value += " " + s.prefix + sig
		}
		str = nil
	}
	if s.idHeader != "" {
		req.Header.Set(s.idHeader, id)
		tr.Add(apisig.StepPlacement, s.idHeader+" header", id)
	}
	if s.tsHeader != "" {
		req.Header.Set(s.tsHeader, ts)
		tr.Add(apisig.StepPlacement, s.tsHeader+" header", ts)
	}
	req.Header.Set(s.sigHeader, value)
	tr.Add(apisig.StepPlacement, s.sigHeader+" header", value)
	return nil
}

// compute returns HMAC(key, prefix + body in form d.Body), recording the stages in tr.
func (w *Webhook) compute(s *spec, d Dialect, secret apisig.Secret, id, ts string, body []byte, tr *apisig.Trace) ([]byte, error) {
	if ts != "" {
		tr.Add(apisig.StepInput, "timestamp", ts)
	}
	if id != "" {
		tr.Add(apisig.StepInput, "message id", id)
	}
	if d.Body != BodyRaw {
		if t, ok := d.Body.Transform(body); ok {
			body = t
			tr.Add(apisig.StepInput, "body form", d.Body.String())
		} else {
			tr.Add(apisig.StepInput, "body form", d.Body.String()+" (does not apply: raw bytes used)")
		}
	}
	km, err := s.keyedMAC(secret, d.StandardKeyAsText)
	if err != nil {
		return nil, err
	}
	prefix := s.signedPrefix(id, ts)
	if tr != nil {
		tr.Add(apisig.StepStringToSign, "signed payload", prefix+string(body))
		tr.AddSecret(apisig.StepKey, "HMAC key", apisig.NewSecret(s.hmacKey(secret, d.StandardKeyAsText)))
	}
	return km.sum(prefix, body), nil
}

// readBody returns req's body through GetBody or an io.Seeker, leaving it ready to be read.
func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("reading request body through GetBody: %w", err)
		}
		defer rc.Close()
		return io.ReadAll(rc)
	}
	if sk, ok := req.Body.(io.Seeker); ok {
		pos, err := sk.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, fmt.Errorf("%w: body is an io.Seeker but Seek failed: %v", apisig.ErrBodyNotReplayable, err)
		}
		var buf bytes.Buffer
		if _, err := io.Copy(&buf, req.Body); err != nil {
			return nil, err
		}
		if _, err := sk.Seek(pos, io.SeekStart); err != nil {
			return nil, fmt.Errorf("%w: seeking the body back: %v", apisig.ErrBodyNotReplayable, err)
		}
		return buf.Bytes(), nil
	}
	return nil, fmt.Errorf("%w: set req.GetBody, or verify through webhook.Middleware / apisig.Middleware, which do", apisig.ErrBodyNotReplayable)
}
