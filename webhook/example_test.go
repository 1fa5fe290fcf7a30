package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/webhook"
)

// Verifying a GitHub delivery: GitHub's documented example payload and signature.
func ExampleWebhook_VerifyPayload() {
	w := webhook.New(webhook.GitHub, "It's a Secret to Everybody")
	h := http.Header{}
	h.Set("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
	_, err := w.VerifyPayload(context.Background(), h, []byte("Hello, World!"))
	fmt.Println(err)
	// Output: <nil>
}

// A body re-serialised before verification (Python's json.dumps of the parsed delivery): the
// failure names the reason.
func ExampleFailure() {
	w := webhook.New(webhook.GitHub, "s")
	req, _ := http.NewRequest("POST", "https://hooks.example.com/", strings.NewReader(`{"a":1,"b":"é"}`))
	_ = w.Sign(context.Background(), req, apisig.Credentials{})
	_, err := w.VerifyPayload(context.Background(), req.Header, []byte(`{"a": 1, "b": "\u00e9"}`))
	var f *webhook.Failure
	if errors.As(err, &f) {
		fmt.Println(errors.Is(err, apisig.ErrMismatch), f.Findings[0].Reason, f.Findings[0].Body)
	}
	// Output: true body-reserialized json-compact
}
