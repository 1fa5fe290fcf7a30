package bodyhash_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/bodyhash"
)

// TestCheckContentMD5 checks Content-MD5 values against bodies. The digests are RFC 1321's
// test suite ("" and "abc"), base64-encoded as RFC 1864 writes them.
func TestCheckContentMD5(t *testing.T) {
	const md5Empty, md5ABC = "1B2M2Y8AsgTpgAmY7PhCfg==", "kAFQmDzST7DWlj99KOF/cg=="
	for _, tc := range []struct {
		name, body, header string
		code               string // "" for no error
		kind               error
	}{
		{"absent", "abc", "", "", nil},
		{"abc", "abc", md5ABC, "", nil},
		{"empty body", "", md5Empty, "", nil},
		{"other body", "abd", md5ABC, "BadDigest", apisig.ErrMismatch},
		{"not base64", "abc", "not base64!", "InvalidDigest", apisig.ErrMalformed},
		{"hex, not base64", "abc", "900150983cd24fb0d6963f7d28e17f72", "InvalidDigest", apisig.ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("PUT", "https://h/k", strings.NewReader(tc.body))
			if tc.header != "" {
				req.Header.Set("Content-MD5", tc.header)
			}
			err := bodyhash.CheckContentMD5(req, "test-scheme")
			var re *apisig.RequestError
			switch {
			case tc.code == "" && err != nil:
				t.Fatalf("CheckContentMD5 = %v; want nil", err)
			case tc.code != "" && (!errors.As(err, &re) || re.Code != tc.code || !errors.Is(err, tc.kind) || re.Scheme != "test-scheme"):
				t.Fatalf("CheckContentMD5 = %v; want %s wrapping %v", err, tc.code, tc.kind)
			}
			if b, _ := io.ReadAll(req.Body); string(b) != tc.body {
				t.Errorf("body after the check = %q; want %q, unread", b, tc.body)
			}
		})
	}
}
