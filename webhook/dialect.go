package webhook

import (
	"fmt"
	"slices"
	"strings"

	"github.com/apisig/apisig"
)

// Dialect holds the webhook knobs: the places where real senders and receivers go wrong. The
// zero value of every field is the provider's scheme.
type Dialect struct {
	// Body is the serialisation of the body that is MACed (zero: the raw bytes).
	Body BodyForm
	// Encoding overrides how the MAC is written (zero: the provider's encoding).
	Encoding MACEncoding
	// StandardKeyAsText uses the whsec_ string itself as the Standard Webhooks HMAC key
	// instead of the base64-decoded bytes after the prefix.
	StandardKeyAsText bool
	// Milliseconds writes the timestamp in milliseconds instead of seconds.
	Milliseconds bool
}

// MACEncoding overrides a provider's MAC encoding.
type MACEncoding uint8

// The MAC encodings.
const (
	EncodingProvider MACEncoding = iota // the provider's own (correct)
	EncodingHex                         // lower-case hex
	EncodingBase64                      // standard base64
)

// webhookKnobs lists the knobs, as data; ids are those of ../shared/MISTAKES.md.
var webhookKnobs = []struct {
	apisig.Knob
	set func(d *Dialect, i int)
}{
	{apisig.Knob{Name: "body", Doc: "the bytes MACed: the raw body, or the body re-serialised (JSON compact, sorted, pretty, Python json.dumps), with a trailing newline added or removed, decoded lossily, or a form body's payload field or re-encoding",
		Values: bodyFormNames, Mistakes: []string{"W01", "W02", "W03", "W04", "W07", "W09"}},
		func(d *Dialect, i int) { d.Body = BodyForm(i) }},
	{apisig.Knob{Name: "mac-encoding", Doc: "how the MAC is written: the provider's encoding, hex, or base64 (Shopify webhooks are base64; its OAuth hmac parameter is hex)",
		Values: []string{"provider", "hex", "base64"}, Mistakes: []string{"W10"}},
		func(d *Dialect, i int) { d.Encoding = MACEncoding(i) }},
	{apisig.Knob{Name: "standard-key", Doc: "the Standard Webhooks HMAC key: the base64-decoded bytes after whsec_, or the whsec_ string as text",
		Values: []string{"base64-decoded", "whsec-text"}},
		func(d *Dialect, i int) { d.StandardKeyAsText = i == 1 }},
	{apisig.Knob{Name: "timestamp-unit", Doc: "the unit of the signed timestamp: seconds, or milliseconds (JavaScript Date.now())",
		Values: []string{"seconds", "milliseconds"}, Mistakes: []string{"W06"}},
		func(d *Dialect, i int) { d.Milliseconds = i == 1 }},
}

// Knobs lists the webhook knobs.
func (w *Webhook) Knobs() []apisig.Knob {
	out := make([]apisig.Knob, len(webhookKnobs))
	for i, k := range webhookKnobs {
		out[i] = k.Knob
		out[i].Values = slices.Clone(k.Values)
	}
	return out
}

// SetKnob sets one knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (w *Webhook) SetKnob(name, value string) error {
	names := make([]string, 0, len(webhookKnobs))
	for _, k := range webhookKnobs {
		names = append(names, k.Name)
		if k.Name != name {
			continue
		}
		i := slices.Index(k.Values, value)
		if i < 0 {
			return fmt.Errorf("%w: knob %s: value %q is not one of [%s]", apisig.ErrInvalidInput, name, value, strings.Join(k.Values, ", "))
		}
		k.set(&w.Dialect, i)
		return nil
	}
	return fmt.Errorf("%w: %q is not a knob of %s; knobs: %s", apisig.ErrInvalidInput, name, w.Provider, strings.Join(names, ", "))
}
