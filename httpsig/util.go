package httpsig

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/apisig/apisig"
)

func itoa(n int) string { return strconv.Itoa(n) }

func decodeBase64(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }

// parsePSSPrivateKey reads a PKCS#8 private key whose algorithm is id-RSASSA-PSS (as RFC 9421
// B.1.2 publishes test-key-rsa-pss), which x509.ParsePKCS8PrivateKey does not accept: the
// inner key is a PKCS#1 RSA private key.
func parsePSSPrivateKey(der []byte) (any, error) {
	var pk struct {
		Version    int
		Algo       pkix.AlgorithmIdentifier
		PrivateKey []byte
	}
	if _, err := asn1.Unmarshal(der, &pk); err != nil {
		return nil, err
	}
	if !pk.Algo.Algorithm.Equal(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}) {
		return nil, fmt.Errorf("PKCS#8 algorithm %v is not RSA, EC, Ed25519 or RSASSA-PSS", pk.Algo.Algorithm)
	}
	return x509.ParsePKCS1PrivateKey(pk.PrivateKey)
}

// readRequestBody returns req's body through GetBody or an io.Seeker, leaving it readable.
func readRequestBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		return io.ReadAll(rc)
	}
	if sk, ok := req.Body.(io.ReadSeeker); ok {
		pos, err := sk.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", apisig.ErrBodyNotReplayable, err)
		}
		b, err := io.ReadAll(sk)
		if err != nil {
			return nil, err
		}
		if _, err := sk.Seek(pos, io.SeekStart); err != nil {
			return nil, fmt.Errorf("%w: %v", apisig.ErrBodyNotReplayable, err)
		}
		return b, nil
	}
	return nil, fmt.Errorf("%w: the body must be hashed for Content-Digest; set GetBody (apisig.Middleware does)", apisig.ErrBodyNotReplayable)
}

// readResponseBody reads a response body and puts the bytes back, so the caller can still
// read it.
func readResponseBody(resp *http.Response) ([]byte, error) {
	if resp.Body == nil || resp.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return b, err
}
