package webhook

import (
	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/knobs"
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
var webhookKnobs = knobs.Table[Dialect]{
	knobs.Enum("body", "the bytes MACed: the raw body, or the body re-serialised (JSON compact, sorted, pretty, Python json.dumps), with a trailing newline added or removed, decoded lossily, or a form body's payload field or re-encoding", []string{"W01", "W02", "W03", "W04", "W07", "W09"},
		func(d *Dialect) *BodyForm { return &d.Body }, bodyFormNames...),
	knobs.Enum("mac-encoding", "how the MAC is written: the provider's encoding, hex, or base64 (Shopify webhooks are base64; its OAuth hmac parameter is hex)", []string{"W10"},
		func(d *Dialect) *MACEncoding { return &d.Encoding }, "provider", "hex", "base64"),
	knobs.Bool("standard-key", "the Standard Webhooks HMAC key: the base64-decoded bytes after whsec_, or the whsec_ string as text", nil,
		func(d *Dialect) *bool { return &d.StandardKeyAsText }, "base64-decoded", "whsec-text"),
	knobs.Bool("timestamp-unit", "the unit of the signed timestamp: seconds, or milliseconds (JavaScript Date.now())", []string{"W06"},
		func(d *Dialect) *bool { return &d.Milliseconds }, "seconds", "milliseconds"),
}

// Knobs lists the webhook knobs.
func (w *Webhook) Knobs() []apisig.Knob { return webhookKnobs.Knobs() }

// SetKnob sets one knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (w *Webhook) SetKnob(name, value string) error {
	return webhookKnobs.Set(&w.Dialect, w.Provider.String(), name, value)
}
