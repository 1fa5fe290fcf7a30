package httpsig_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/httpsig"
)

// Examples from the body of RFC 9421 (§3.1, §4.3), transcribed from the RFC text
// (httpwg/http-extensions, draft-ietf-httpbis-message-signatures.md at 0dbd770b).

const (
	rfcPSSPub = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr4tmm3r20Wd/PbqvP1s2\n+QEtvpuRaV8Yq40gjUR8y2Rjxa6dpG2GXHbPfvMs8ct+Lh1GH45x28Rw3Ry53mm+\noAXjyQ86OnDkZ5N8lYbggD4O3w6M6pAvLkhk95AndTrifbIFPNU8PPMO7OyrFAHq\ngDsznjPFmTOtCEcN2Z1FpWgchwuYLPL+Wokqltd11nqqzi+bJ9cvSKADYdUAAN5W\nUtzdpiy6LbTgSxP7ociU4Tn0g5I6aDZJ7A8Lzo0KSyZYoA485mqcO0GVAdVw9lq4\naOT9v6d+nb4bnNkQVklLQ3fVAvJm+xdDOp9LCNCN48V2pnDOkFV6+U9nV5oyc6XI\n2wIDAQAB\n-----END PUBLIC KEY-----\n"
	rfcSig1   = "LAH8BjcfcOcLojiuOBFWn0P5keD3xAOuJRGziCLuD8r5MW9S0RoXXLzLSRfGY/3SF8kVIkHjE13SEFdTo4Af/fJ/Pu9wheqoLVdwXyY/UkBIS1M8Brc8IODsn5DFIrG0IrburbLi0uCc+E2ZIIb6HbUJ+o+jP58JelMTe0QE3IpWINTEzpxjqDf5/Df+InHCAkQCTuKsamjWXUpyOT1Wkxi7YPVNOjW4MfNuTZ9HdbD2Tr65+BXeTG9ZS/9SWuXAc+BZ8WyPz0QRz//ec3uWXd7bYYODSjRAxHqX+S1ag3LZElYyUKaAIjZ8MGOt4gXEwCSLDv/zqxZeWLj/PDkn6w=="
	rfcDigest = "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"
)

func rfcTestRequest(host string) *http.Request {
	req, _ := http.NewRequest("POST", "https://"+host+"/foo?param=Value&Pet=dog", strings.NewReader(`{"hello": "world"}`))
	req.Header.Set("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Digest", rfcDigest)
	req.Header.Set("Content-Length", "18")
	return req
}

func pssKeys(t *testing.T) httpsig.KeyMap {
	k, err := httpsig.ParseKey("test-key-rsa-pss", httpsig.RSAPSSSHA512, rfcPSSPub)
	if err != nil {
		t.Fatal(err)
	}
	return httpsig.KeyMap{"test-key-rsa-pss": k}
}

// TestRFCSection3_1 verifies the example signature of §3.1 (rsa-pss-sha512).
func TestRFCSection3_1(t *testing.T) {
	req := rfcTestRequest("example.com")
	req.Header.Set("Signature-Input", `sig1=("@method" "@authority" "@path" "content-digest" "content-length" "content-type");created=1618884473;keyid="test-key-rsa-pss"`)
	req.Header.Set("Signature", "sig1=:HIbjHC5rS0BYaa9v4QfD4193TORw7u9edguPh0AW3dMq9WImrlFrCGUDih47vAxi4L2YRZ3XMJc1uOKk/J0ZmZ+wcta4nKIgBkKq0rM9hs3CQyxXGxHLMCy8uqK488o+9jrptQ+xFPHK7a9sRL1IXNaagCNN3ZxJsYapFj+JXbmaI5rtAdSfSvzPuBCh+ARHBmWuNo1UzVVdHXrl8ePL4cccqlazIJdC4QEjrF+Sn4IxBQzTZsL9y9TP5FsZYzHvDqbInkTNigBcE9cKOYNFCn4D/WM7F6TNuZO9EgtzepLWcjTymlHzK7aXq6Am6sfOrpIC49yXjj3ae6HRalVc/g==:")
	p := &httpsig.Profile{Keys: pssKeys(t), Clock: apisig.FixedClock(time.Unix(1618884480, 0))}
	if _, err := p.Verify(context.Background(), req); err != nil {
		t.Fatalf("§3.1 signature: %v", err)
	}
}

// TestRFCSection4_3 reproduces the proxy's rsa-v1_5-sha256 signature of §4.3 byte for byte
// (RSASSA-PKCS1-v1_5 is deterministic) over the client's signature and Forwarded, then
// verifies it among the message's two signatures.
func TestRFCSection4_3(t *testing.T) {
	key, err := httpsig.ParseKey("test-key-rsa", httpsig.RSAV15SHA256, mustRead(t, "testdata/keys/test-key-rsa.pem"))
	if err != nil {
		t.Fatal(err)
	}
	const want = "G1WLTL4/9PGSKEQbSAMypZNk+I2dpLJ6qvl2JISahlP31OO/QEUd8/HdO2O7vYLi5k3JIiAK3UPK4U+kvJZyIUidsiXlzRI+Y2se3SGo0D8dLfhG95bKr6ukYXl60QHpsGRTfSiwdtvYKXGpKNrMlISJYd+oGrGRyI9gbCy0aFhc6I/okIMLeK4g9PgzpC3YTwhUQ98KIBNLWHgREfBgJxjPbxFlsgJ9ykPviLj8GKJ81HwsK3XM9P7WaS7fMGOt8h1kSqgkZQB9YqiIo+WhHvJa7iPy8QrYFKzx9BBEY6AwfStZAsXXz3LobZseyxsYcLJLs8rY0wVA9NPsxKrHGA=="
	req := rfcTestRequest("origin.host.internal.example")
	req.Header.Set("Date", "Tue, 20 Apr 2021 02:07:56 GMT")
	req.Header.Set("Forwarded", "for=192.0.2.123")
	req.Header.Set("Signature-Input", `sig1=("@method" "@authority" "@path" "content-digest" "content-length" "content-type");created=1618884475;keyid="test-key-rsa-pss"`)
	req.Header.Set("Signature", "sig1=:"+rfcSig1+":")
	proxy := &httpsig.Profile{Label: "proxy_sig", Key: key, IncludeAlg: true, Expires: time.Minute,
		Components: []string{`"signature";key="sig1"`, "forwarded"}, Clock: apisig.FixedClock(time.Unix(1618884480, 0))}
	tr, err := proxy.Explain(context.Background(), req, apisig.Credentials{})
	if err != nil {
		t.Fatal(err)
	}
	base, _ := tr.Find(apisig.StepStringToSign)
	wantBase := `"signature";key="sig1": :` + rfcSig1 + ":\n\"forwarded\": for=192.0.2.123\n" +
		`"@signature-params": ("signature";key="sig1" "forwarded");created=1618884480;expires=1618884540;keyid="test-key-rsa";alg="rsa-v1_5-sha256"`
	if base != wantBase {
		t.Errorf("base:\n%s\nwant:\n%s", base, wantBase)
	}
	if got, _ := tr.Find(apisig.StepSignature); got != want {
		t.Errorf("signature = %s; want the published %s", got, want)
	}
	wantInput := `sig1=("@method" "@authority" "@path" "content-digest" "content-length" "content-type");created=1618884475;keyid="test-key-rsa-pss", proxy_sig=("signature";key="sig1" "forwarded");created=1618884480;expires=1618884540;keyid="test-key-rsa";alg="rsa-v1_5-sha256"`
	if got := req.Header.Get("Signature-Input"); got != wantInput {
		t.Errorf("Signature-Input = %s; want %s", got, wantInput)
	}
	v := &httpsig.Profile{Label: "proxy_sig", Clock: apisig.FixedClock(time.Unix(1618884500, 0)),
		Keys: httpsig.KeyMap{"test-key-rsa": {ID: "test-key-rsa", Public: key.Public}}}
	if _, err := v.Verify(context.Background(), req); err != nil {
		t.Fatalf("proxy_sig: %v", err)
	}
}

// TestRFCClientSignatureR06 records MISTAKES.md R06 (httpwg/http-extensions#2347): the client
// signature sig1 shown in §2.4 and §4.3 carries created=1618884475 but was made over
// created=1618884473, so it verifies only with the latter.
func TestRFCClientSignatureR06(t *testing.T) {
	for _, tc := range []struct {
		created string
		ok      bool
	}{{"1618884475", false}, {"1618884473", true}} {
		req := rfcTestRequest("example.com")
		req.Header.Set("Signature-Input", `sig1=("@method" "@authority" "@path" "content-digest" "content-length" "content-type");created=`+tc.created+`;keyid="test-key-rsa-pss"`)
		req.Header.Set("Signature", "sig1=:"+rfcSig1+":")
		p := &httpsig.Profile{Keys: pssKeys(t), Clock: apisig.FixedClock(time.Unix(1618884480, 0))}
		_, err := p.Verify(context.Background(), req)
		if tc.ok != (err == nil) || (!tc.ok && !errors.Is(err, apisig.ErrMismatch)) {
			t.Errorf("created=%s: Verify = %v; want ok=%v", tc.created, err, tc.ok)
		}
	}
}
