package webhook

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	awebhook "github.com/apisig/apisig/webhook"
	"github.com/stripe/stripe-go/v85"
	swebhook "github.com/stripe/stripe-go/v85/webhook"
)

// TestStripeConstructEvent: what a Stripe integration calls. ConstructEvent (tolerance 300 s,
// API version check, JSON decoding) accepts the events apisig signs, in compact and indented
// JSON with escaped and raw unicode, and refuses with ErrTooOld exactly the ones apisig's
// verifier calls skewed.
func TestStripeConstructEvent(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	inBubble(t, func(t *testing.T) {
		counts := map[string]int{}
		for i := range 2000 {
			id := fmt.Sprintf("evt_%s", randAlnum(r, 24))
			desc := pick(r, []string{"Café", `Caf\u00e9`, "日本 😀", `line\nbreak`, `quote \" and \\`, "<tag> & more"})
			body := fmt.Sprintf(`{"id":%q,"object":"event","api_version":%q,"type":"charge.succeeded","created":%d,"data":{"object":{"id":"ch_1","object":"charge","description":"%s"}}}`,
				id, stripe.APIVersion, now.Unix(), desc)
			if r.IntN(2) == 0 {
				body = strings.NewReplacer(`{"`, "{\n  \"", `,"`, ",\n  \"", `":`, `": `).Replace(body) + "\n"
			}
			secret := randSecret(r, "stripe")
			at := now.Add(-pick(r, ages)).Truncate(1e9)
			h := apisigSign(t, awebhook.Stripe, []byte(body), []string{secret}, at, "", false)
			want := apisigVerdict(awebhook.Stripe, h, []byte(body), []string{secret})
			ev, err := swebhook.ConstructEvent([]byte(body), h.Get(awebhook.HeaderStripe), secret)
			switch {
			case want == "ok" && err == nil && ev.ID == id:
			case want == "skewed" && errors.Is(err, swebhook.ErrTooOld):
			default:
				t.Fatalf("#%d %s: apisig %s; ConstructEvent: id %q, %v", i, body, want, ev.ID, err)
			}
			counts[want]++
		}
		t.Logf("2000 events: ConstructEvent agrees with apisig: %v", counts)
	})
}
