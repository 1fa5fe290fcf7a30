package bodyhash

import (
	"crypto/hmac"
	"crypto/md5"
	"encoding/base64"
	"fmt"
	"net/http"

	"github.com/apisig/apisig"
)

// CheckContentMD5 checks req's Content-MD5 header, when it has one, against the MD5 of its
// body, as S3 and S3-like servers do: a value that is not the base64 of 16 bytes is
// InvalidDigest (wrapping apisig.ErrMalformed), a digest that differs is BadDigest (wrapping
// apisig.ErrMismatch). scheme names the scheme in the errors. The body is left ready to be read.
func CheckContentMD5(req *http.Request, scheme string) error {
	claimed := req.Header.Get("Content-Md5")
	if claimed == "" {
		return nil
	}
	want, err := base64.StdEncoding.DecodeString(claimed)
	if err != nil || len(want) != md5.Size {
		return &apisig.RequestError{Scheme: scheme, Code: "InvalidDigest", Part: "Content-MD5 header", Value: claimed,
			Problem: "is not the base64 of a 16-byte MD5 digest", Kind: apisig.ErrMalformed}
	}
	h := md5.New()
	if err := Write(h, req); err != nil {
		return fmt.Errorf("%s: hashing the body to check Content-MD5: %w", scheme, err)
	}
	if got := h.Sum(nil); !hmac.Equal(got, want) {
		return &apisig.RequestError{Scheme: scheme, Code: "BadDigest", Part: "Content-MD5 header", Value: claimed,
			Problem: "does not match the MD5 of the body received, " + base64.StdEncoding.EncodeToString(got), Kind: apisig.ErrMismatch}
	}
	return nil
}
