package webhook

import (
	"math/rand/v2"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	awebhook "github.com/apisig/apisig/webhook"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	swebhook "github.com/stripe/stripe-go/v85/webhook"
)

// mutation rewrites a valid signature header in one of the ways senders, proxies and
// attackers do.
type mutation struct {
	name string
	f    func(r *rand.Rand, h string) string
}

var headerMutations = []mutation{
	{"none", func(_ *rand.Rand, h string) string { return h }},
	{"space-after-comma", func(_ *rand.Rand, h string) string { return strings.ReplaceAll(h, ",", ", ") }},
	{"space-around", func(_ *rand.Rand, h string) string { return " " + h + " " }},
	{"trailing-comma", func(_ *rand.Rand, h string) string { return h + "," }},
	{"empty-element", func(_ *rand.Rand, h string) string { return strings.Replace(h, ",", ",,", 1) }},
	{"upper-case", func(_ *rand.Rand, h string) string { return strings.ToUpper(h) }},
	{"tab-separated", func(_ *rand.Rand, h string) string { return strings.ReplaceAll(h, " ", "\t") }},
	{"drop-first", func(_ *rand.Rand, h string) string { _, rest, _ := strings.Cut(h, ","); return rest }},
	{"duplicate-first", func(_ *rand.Rand, h string) string { first, _, _ := strings.Cut(h, ","); return first + "," + h }},
	{"truncate", func(r *rand.Rand, h string) string { return h[:len(h)-1-r.IntN(3)] }},
	{"extra-equals", func(_ *rand.Rand, h string) string { return h + "=" }},
	{"unknown-element", func(_ *rand.Rand, h string) string { return h + ",v2=abc" }},
	{"quoted", func(_ *rand.Rand, h string) string { return `"` + h + `"` }},
}

// headerVerdicts compares accept/reject of a mutated header between the library and apisig;
// a disagreement must be one of known (mutation names), else the test fails.
func headerVerdicts(t *testing.T, name string, known map[string]string, n int, one func(r *rand.Rand, d delivery, m mutation) (lib, api bool)) {
	r := rand.New(rand.NewPCG(7, uint64(len(name))))
	agree, documented := map[string]int{}, map[string]int{}
	for _, d := range genDeliveries(name, 9, n) {
		m := headerMutations[d.id%len(headerMutations)]
		lib, api := one(r, d, m)
		if lib == api {
			agree[m.name]++
			continue
		}
		verdict := "library accepts, apisig rejects"
		if api {
			verdict = "apisig accepts, library rejects"
		}
		if known[m.name] != verdict {
			t.Fatalf("%v: mutation %s: %s (not documented)", d, m.name, verdict)
		}
		documented[m.name+": "+verdict]++
	}
	var keys []string
	for k := range documented {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("%d mutated headers: same verdict %v; documented disagreements %q", n, agree, keys)
}

// TestStripeHeaderMutations: stripe-go and apisig on 5,000 Stripe-Signature headers rewritten
// by headerMutations, each over a body both would accept unmutated.
func TestStripeHeaderMutations(t *testing.T) {
	known := map[string]string{
		"space-after-comma": "apisig accepts, library rejects", // apisig trims elements
		"space-around":      "apisig accepts, library rejects",
		"duplicate-first":   "library accepts, apisig rejects", // t twice
	}
	inBubble(t, func(t *testing.T) {
		headerVerdicts(t, "stripe", known, 5000, func(r *rand.Rand, d delivery, m mutation) (bool, bool) {
			at := now.Add(-time.Minute)
			sp := swebhook.GenerateTestSignedPayload(&swebhook.UnsignedPayload{Payload: d.body, Secret: d.secrets[0], Timestamp: at})
			v := m.f(r, sp.Header)
			h := http.Header{}
			h.Set(awebhook.HeaderStripe, v)
			lib := swebhook.ValidatePayloadWithTolerance(d.body, v, d.secrets[0], swebhook.DefaultTolerance) == nil
			return lib, apisigVerdict(awebhook.Stripe, h, d.body, d.secrets[:1]) == "ok"
		})
	})
}

// TestStandardHeaderMutations: the Standard Webhooks library and apisig on 5,000
// webhook-signature values rewritten by headerMutations (several entries when the delivery has
// several secrets).
func TestStandardHeaderMutations(t *testing.T) {
	known := map[string]string{
		"tab-separated": "apisig accepts, library rejects", // strings.Fields vs Split(" ")
		// "v1,<sig>,v2=abc" and "v1,<sig>,": the library splits the entry at every ',' and takes the second
		// part; apisig splits at the first and refuses "<sig>,v2=abc" as base64.
		"unknown-element": "library accepts, apisig rejects",
		"trailing-comma":  "library accepts, apisig rejects",
	}
	inBubble(t, func(t *testing.T) {
		headerVerdicts(t, "standard", known, 5000, func(r *rand.Rand, d delivery, m mutation) (bool, bool) {
			at := now.Add(-time.Minute)
			h := apisigSign(t, awebhook.Standard, d.body, d.secrets, at, d.msgID, true)
			v := m.f(r, h.Get(awebhook.HeaderStandardSig))
			h.Set(awebhook.HeaderStandardSig, v)
			wh, err := standardwebhooks.NewWebhook(d.secrets[0])
			if err != nil {
				t.Fatal(err)
			}
			lib := wh.Verify(d.body, h) == nil
			return lib, apisigVerdict(awebhook.Standard, h, d.body, d.secrets[:1]) == "ok"
		})
	})
}
