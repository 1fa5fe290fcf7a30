package webhook

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// now is the verifiers' clock in every differential test: the oracles read it through
// time.Now inside a testing/synctest bubble, apisig through a FixedClock.
var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// delivery is a neutral description of one webhook delivery.
type delivery struct {
	id       int
	body     []byte
	secrets  []string // newest first; secrets[0] signs
	msgID    string   // Standard Webhooks webhook-id
	signedAt time.Time
	// tamper says how the delivery is changed after signing: "", "body", "secret", "sig".
	tamper string
}

func (d delivery) String() string {
	return fmt.Sprintf("#%d body=%q secrets=%d msg=%q age=%v tamper=%q", d.id, d.body, len(d.secrets), d.msgID, now.Sub(d.signedAt), d.tamper)
}

// bodyPieces build JSON-looking bodies with what breaks re-serialisation: unicode (raw and
// escaped), escapes, every kind of whitespace, CRLF, trailing newlines, bytes that are not
// UTF-8, and the characters that JSON encoders escape (<, >, &, U+2028).
var bodyPieces = []string{
	`{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event"`, `,"type":"charge.succeeded"`, `}`, `{`, `[`, `]`,
	`"amount":`, `1099`, `-0.5e+10`, `true`, `null`, `"name":"`, `"`, `:`, `,`,
	"é", "日本語", "😀", "\u2028", "ሴ", `\u00e9`, `\ud83d\ude00`, `\"`, `\\`, `\/`, `\n`, `\t`,
	" ", "  ", "\t", "\n", "\r\n", "\r", "<", ">", "&", "'", "+", "%20", "=", "\x00", "\xff", "\xc3",
	`{"action":"opened","number":1,"pull_request":{"title":"Fix ✓"}}`,
	"token=abc&team_id=T1&command=%2Fweather&text=94070",
}

var secretAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func randBody(r *rand.Rand) []byte {
	if r.IntN(40) == 0 {
		return nil
	}
	var b strings.Builder
	for range 1 + r.IntN(24) {
		b.WriteString(pick(r, bodyPieces))
	}
	if r.IntN(4) == 0 {
		b.WriteString("\n")
	}
	return []byte(b.String())
}

func randAlnum(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = secretAlphabet[r.IntN(len(secretAlphabet))]
	}
	return string(b)
}

// randSecret makes a secret in the provider's format: Stripe whsec_<alnum> (sometimes an
// sk_test_ key, a real mistake that still MACs), Standard whsec_<base64> (sometimes without the
// prefix, which the reference library accepts), GitHub and Slack any text (unicode included).
func randSecret(r *rand.Rand, provider string) string {
	switch provider {
	case "stripe":
		if r.IntN(10) == 0 {
			return "sk_test_" + randAlnum(r, 24)
		}
		return "whsec_" + randAlnum(r, 32)
	case "standard":
		key := make([]byte, 24+r.IntN(41))
		for i := range key {
			key[i] = byte(r.Uint32())
		}
		if r.IntN(8) == 0 {
			return base64.StdEncoding.EncodeToString(key)
		}
		return "whsec_" + base64.StdEncoding.EncodeToString(key)
	case "slack":
		return fmt.Sprintf("%032x", r.Uint64())[:32]
	}
	switch r.IntN(4) {
	case 0:
		return "It's a Secret to Everybody"
	case 1:
		return "sécret ✓ " + randAlnum(r, 8)
	}
	return randAlnum(r, 1+r.IntN(40))
}

// ages are how old a delivery is when verified: inside, at and beyond the 300 s / 5 min
// windows, in both directions (Stripe accepts any future timestamp; Standard Webhooks and Slack
// a window either way).
var ages = []time.Duration{0, 0, 0, time.Second, 42 * time.Second, 299 * time.Second, 300 * time.Second,
	300*time.Second + 999*time.Millisecond, 301 * time.Second, time.Hour, -time.Second, -299 * time.Second,
	-300 * time.Second, -301 * time.Second, -time.Hour, 240 * time.Hour}

// genDeliveries returns n deliveries for provider from a fixed seed.
func genDeliveries(provider string, seed uint64, n int) []delivery {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	out := make([]delivery, n)
	for i := range out {
		d := delivery{id: i, body: randBody(r), msgID: "msg_" + randAlnum(r, 27)}
		for range 1 + r.IntN(3) {
			d.secrets = append(d.secrets, randSecret(r, provider))
		}
		// Whole seconds: every provider sends Unix seconds; a sub-second part would be dropped.
		d.signedAt = now.Add(-pick(r, ages)).Truncate(time.Second)
		switch r.IntN(10) {
		case 0:
			d.tamper = "body"
		case 1:
			d.tamper = "secret"
		case 2:
			d.tamper = "sig"
		}
		out[i] = d
	}
	return out
}

// tamperBody changes one byte of the body, or appends one to an empty body.
func tamperBody(b []byte, i int) []byte {
	out := append([]byte(nil), b...)
	if len(out) == 0 {
		return []byte{'x'}
	}
	out[i%len(out)] ^= 0x20
	if out[i%len(out)] == b[i%len(b)] {
		out = append(out, ' ')
	}
	return out
}

// flipHex changes one hex digit of s at i (mod len).
func flipHex(s string, i int) string {
	b := []byte(s)
	j := i % len(b)
	if b[j] == '0' {
		b[j] = '1'
	} else {
		b[j] = '0'
	}
	return string(b)
}
