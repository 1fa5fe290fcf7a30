package webhook

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	awebhook "github.com/apisig/apisig/webhook"
	"github.com/google/go-github/v84/github"
	"github.com/slack-go/slack"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	swebhook "github.com/stripe/stripe-go/v85/webhook"
)

// The edge tests pin, on hand-made headers, where apisig and each library agree and where they
// do not. Each row names the verdict of both; a "!" in the name marks a documented
// disagreement (BENCHMARKS.md, "Disagreements").

var edgeBody = []byte(`{"id":"evt_edge","object":"event"}`)

func hmacHex(key, msg string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

func hmacB64(key []byte, msg string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func TestStripeEdges(t *testing.T) {
	const secret = "whsec_edge"
	ts := strconv.FormatInt(now.Add(-time.Minute).Unix(), 10)
	ms := strconv.FormatInt(now.Add(-time.Minute).UnixMilli(), 10)
	sig := hmacHex(secret, ts+"."+string(edgeBody))
	rows := []struct {
		name, header        string
		stripeGo, apisigVer string
	}{
		{"plain", "t=" + ts + ",v1=" + sig, "ok", "ok"},
		{"v0 and unknown elements ignored", "t=" + ts + ",v0=abc,x=1,v1=" + sig, "ok", "ok"},
		{"upper-case hex", "t=" + ts + ",v1=" + strings.ToUpper(sig), "ok", "ok"},
		{"second v1 of a rotation matches", "t=" + ts + ",v1=" + flipHex(sig, 0) + ",v1=" + sig, "ok", "ok"},
		{"no v1", "t=" + ts + ",v0=" + sig, "mismatch", "malformed"},
		{"element without =", "t=" + ts + ",v1", "malformed", "malformed"},
		{"non-numeric t", "t=abc,v1=" + sig, "malformed", "malformed"},
		// Stripe-go signs t as it parses it (%d of the integer), apisig the digits as sent.
		{"! leading zero in t: stripe-go signs the parsed integer", "t=0" + ts + ",v1=" + sig, "ok", "mismatch"},
		{"! t twice: stripe-go takes the last, apisig refuses", "t=1,t=" + ts + ",v1=" + sig, "ok", "malformed"},
		{"! space after the comma: stripe-go ignores \" v1\", apisig trims it", "t=" + ts + ", v1=" + sig, "mismatch", "ok"},
		{"! milliseconds: stripe-go accepts any future t, apisig rejects milliseconds (W06)", "t=" + ms + ",v1=" + hmacHex(secret, ms+"."+string(edgeBody)), "ok", "skewed"},
	}
	inBubble(t, func(t *testing.T) {
		for _, r := range rows {
			got := "ok"
			switch err := swebhook.ValidatePayloadWithTolerance(edgeBody, r.header, secret, swebhook.DefaultTolerance); {
			case err == nil:
			case errors.Is(err, swebhook.ErrNoValidSignature):
				got = "mismatch"
			case errors.Is(err, swebhook.ErrTooOld):
				got = "skewed"
			default:
				got = "malformed"
			}
			h := http.Header{}
			h.Set(awebhook.HeaderStripe, r.header)
			if a := apisigVerdict(awebhook.Stripe, h, edgeBody, []string{secret}); got != r.stripeGo || a != r.apisigVer {
				t.Errorf("%s: %q: stripe-go %s (want %s), apisig %s (want %s)", r.name, r.header, got, r.stripeGo, a, r.apisigVer)
			}
		}
	})
}

func TestStandardEdges(t *testing.T) {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	const id = "msg_edge"
	ts := strconv.FormatInt(now.Add(-time.Minute).Unix(), 10)
	sig := hmacB64(key, id+"."+ts+"."+string(edgeBody))
	// The last base64 digit of a 32-byte MAC carries 4 data bits and 2 padding bits: another
	// digit with the same data bits decodes to the same bytes.
	last := strings.IndexByte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", sig[42])
	nonCanonical := sig[:42] + string("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[last^1]) + "="
	rows := []struct {
		name, ts, sig      string
		library, apisigVer string
	}{
		{"plain", ts, "v1," + sig, "ok", "ok"},
		{"several entries, double space", ts, "v1a,xyz  v2,abc v1," + sig, "ok", "ok"},
		{"no v1 entry", ts, "v2," + sig, "mismatch", "malformed"},
		{"! non-canonical base64 (padding bits set): the library compares text, apisig bytes", ts, "v1," + nonCanonical, "mismatch", "ok"},
		{"! leading zero in the timestamp: the library signs the parsed integer", "0" + ts, "v1," + sig, "ok", "mismatch"},
		{"! '+' sign on the timestamp: strconv.ParseInt accepts it, apisig wants digits", "+" + ts, "v1," + sig, "ok", "malformed"},
	}
	inBubble(t, func(t *testing.T) {
		wh, _ := standardwebhooks.NewWebhook(secret)
		for _, r := range rows {
			h := http.Header{}
			h.Set(standardwebhooks.HeaderWebhookID, id)
			h.Set(standardwebhooks.HeaderWebhookTimestamp, r.ts)
			h.Set(standardwebhooks.HeaderWebhookSignature, r.sig)
			got := "ok"
			switch err := wh.Verify(edgeBody, h); {
			case err == nil:
			case errors.Is(err, standardwebhooks.ErrNoMatchingSignature):
				got = "mismatch"
			case errors.Is(err, standardwebhooks.ErrMessageTooOld), errors.Is(err, standardwebhooks.ErrMessageTooNew):
				got = "skewed"
			default:
				got = "malformed"
			}
			if a := apisigVerdict(awebhook.Standard, h, edgeBody, []string{secret}); got != r.library || a != r.apisigVer {
				t.Errorf("%s: %q %q: library %s (want %s), apisig %s (want %s)", r.name, r.ts, r.sig, got, r.library, a, r.apisigVer)
			}
		}
	})
}

func TestGitHubSlackEdges(t *testing.T) {
	const secret = "It's a Secret to Everybody"
	sig := hmacHex(secret, string(edgeBody))
	for _, r := range []struct {
		name, header        string
		goGitHub, apisigVer string
	}{
		{"plain", "sha256=" + sig, "ok", "ok"},
		{"upper-case hex", "sha256=" + strings.ToUpper(sig), "ok", "ok"},
		{"no prefix", sig, "malformed", "malformed"},
		{"! sha1= prefix in X-Hub-Signature-256: go-github follows the prefix, apisig wants sha256=", "sha1=" + hmacSHA1Hex(secret, string(edgeBody)), "ok", "malformed"},
	} {
		got := "ok"
		if err := github.ValidateSignature(r.header, edgeBody, []byte(secret)); err != nil {
			got = "malformed"
			if strings.Contains(err.Error(), "check failed") {
				got = "mismatch"
			}
		}
		h := http.Header{}
		h.Set(awebhook.HeaderGitHubSHA256, r.header)
		if a := apisigVerdict(awebhook.GitHub, h, edgeBody, []string{secret}); got != r.goGitHub || a != r.apisigVer {
			t.Errorf("GitHub %s: %q: go-github %s (want %s), apisig %s (want %s)", r.name, r.header, got, r.goGitHub, a, r.apisigVer)
		}
	}
	inBubble(t, func(t *testing.T) {
		const slackSecret = "8f742231b10e8888abcd99yyyzzz85a5"
		ts := strconv.FormatInt(now.Add(-time.Minute).Unix(), 10)
		for _, r := range []struct {
			name, ts, sig        string
			slackGo, apisigVerdt string
		}{
			{"plain", ts, "v0=" + hmacHex(slackSecret, "v0:"+ts+":"+string(edgeBody)), "ok", "ok"},
			{"upper-case hex", ts, "v0=" + strings.ToUpper(hmacHex(slackSecret, "v0:"+ts+":"+string(edgeBody))), "ok", "ok"},
			{"six minutes old", strconv.FormatInt(now.Add(-6*time.Minute).Unix(), 10), "v0=" + hmacHex(slackSecret, "v0:"+strconv.FormatInt(now.Add(-6*time.Minute).Unix(), 10)+":"+string(edgeBody)), "skewed", "skewed"},
			{"leading zero in the timestamp: both MAC it as sent", "0" + ts, "v0=" + hmacHex(slackSecret, "v0:0"+ts+":"+string(edgeBody)), "ok", "ok"},
		} {
			h := http.Header{}
			h.Set(awebhook.HeaderSlackTimestamp, r.ts)
			h.Set(awebhook.HeaderSlackSignature, r.sig)
			got := "ok"
			sv, err := slack.NewSecretsVerifier(h, slackSecret)
			switch {
			case errors.Is(err, slack.ErrExpiredTimestamp):
				got = "skewed"
			case err != nil:
				got = "malformed"
			default:
				sv.Write(edgeBody)
				if sv.Ensure() != nil {
					got = "mismatch"
				}
			}
			if a := apisigVerdict(awebhook.Slack, h, edgeBody, []string{slackSecret}); got != r.slackGo || a != r.apisigVerdt {
				t.Errorf("Slack %s: slack-go %s (want %s), apisig %s (want %s)", r.name, got, r.slackGo, a, r.apisigVerdt)
			}
		}
	})
}

func hmacSHA1Hex(key, msg string) string {
	m := hmac.New(sha1.New, []byte(key))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}
