package httpsig

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/apisig/apisig"
	ahttpsig "github.com/apisig/apisig/httpsig"
)

// The oracle is http-message-signatures 1.0.6 (npm), run by node from oracle/: no RFC 9421 Go
// implementation resolves through the Go module proxy here (see NOTES.md).
const oracleDir = "oracle"

// oracle makes sure node and the pinned package are there, installing it with npm ci from the
// committed package-lock.json when node_modules is missing. Without node the test skips.
func oracle(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed: the RFC 9421 oracle (http-message-signatures, npm) cannot run")
	}
	if _, err := os.Stat(filepath.Join(oracleDir, "node_modules", "http-message-signatures", "package.json")); err == nil {
		return
	}
	installOnce.Do(func() {
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = oracleDir
		out, err := cmd.CombinedOutput()
		if err != nil {
			installErr = string(out) + err.Error()
		}
	})
	if installErr != "" {
		t.Fatalf("npm ci in %s: %s", oracleDir, installErr)
	}
}

var (
	installOnce sync.Once
	installErr  string
)

// keys are one key pair per algorithm (RSA shared by both RSA algorithms).
type keys struct {
	hmac  []byte
	ed    ed25519.PrivateKey
	ec    *ecdsa.PrivateKey
	ec384 *ecdsa.PrivateKey
	rsa   *rsa.PrivateKey
	pems  map[string][2]string // alg -> private PKCS#8 PEM, public PKIX PEM
	once  sync.Once
	error error
}

var theKeys keys

func getKeys(t testing.TB) *keys {
	k := &theKeys
	k.once.Do(func() {
		k.hmac = make([]byte, 32)
		rand.Read(k.hmac)
		_, k.ed, _ = ed25519.GenerateKey(rand.Reader)
		k.ec, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		k.ec384, _ = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
		k.rsa, k.error = rsa.GenerateKey(rand.Reader, 2048)
		k.pems = map[string][2]string{}
		for alg, priv := range map[string]crypto.Signer{"ed25519": k.ed, "ecdsa-p256-sha256": k.ec, "ecdsa-p384-sha384": k.ec384, "rsa-pss-sha512": k.rsa, "rsa-v1_5-sha256": k.rsa} {
			p8, err := x509.MarshalPKCS8PrivateKey(priv)
			if err != nil {
				k.error = err
				return
			}
			pub, err := x509.MarshalPKIXPublicKey(priv.Public())
			if err != nil {
				k.error = err
				return
			}
			k.pems[alg] = [2]string{string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: p8})), string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))}
		}
	})
	if k.error != nil {
		t.Fatal(k.error)
	}
	return k
}

// signingKey and verifyingKey are apisig's view of the case's key.
func (k *keys) signingKey(c genCase) *ahttpsig.Key {
	key := &ahttpsig.Key{ID: c.keyid, Algorithm: ahttpsig.Algorithm(c.alg)}
	switch c.alg {
	case "hmac-sha256":
		key.Secret = apisig.NewSecret(string(k.hmac))
	case "ed25519":
		key.Private = k.ed
	case "ecdsa-p256-sha256":
		key.Private = k.ec
	case "ecdsa-p384-sha384":
		key.Private = k.ec384
	default:
		key.Private = k.rsa
	}
	return key
}

func (k *keys) verifyingKey(c genCase) *ahttpsig.Key {
	key := k.signingKey(c)
	if key.Private != nil {
		key.Public, key.Private = key.Private.Public(), nil
	}
	return key
}

// message builds the case as net/http values: the request, and for a response the response
// bound to it. Each call returns fresh values (bodies unread).
func (c genCase) message(t testing.TB, extra ...[2]string) (*http.Request, *http.Response) {
	t.Helper()
	add := func(h http.Header, pairs [][2]string) {
		for _, p := range pairs {
			h.Add(p[0], p[1])
		}
	}
	var body io.Reader
	if c.body != "" && c.kind == "request" {
		body = strings.NewReader(c.body)
	}
	req, err := http.NewRequest(c.method, c.url, body)
	if err != nil {
		t.Fatalf("%v: %v", c, err)
	}
	if c.kind == "request" {
		add(req.Header, c.headers)
		add(req.Header, extra)
		return req, nil
	}
	add(req.Header, c.reqHeader)
	req.Header.Del("Host")
	resp := &http.Response{StatusCode: c.status, Header: http.Header{}, Request: req, Body: io.NopCloser(strings.NewReader(c.body))}
	add(resp.Header, c.headers)
	add(resp.Header, extra)
	return req, resp
}

// oracleCase is what oracle.js reads.
type oracleCase struct {
	ID              int         `json:"id"`
	Kind            string      `json:"kind"`
	Method          string      `json:"method"`
	URL             string      `json:"url"`
	Status          int         `json:"status"`
	Headers         [][2]string `json:"headers"`
	ReqHeaders      [][2]string `json:"reqHeaders"`
	Fields          []string    `json:"fields"`
	Label           string      `json:"label"`
	Alg             string      `json:"alg"`
	KeyID           string      `json:"keyid"`
	Secret          string      `json:"secret,omitempty"`
	PrivatePEM      string      `json:"privatePEM,omitempty"`
	PublicPEM       string      `json:"publicPEM,omitempty"`
	Created         int64       `json:"created,omitempty"`
	Expires         int64       `json:"expires,omitempty"`
	IncludeAlg      bool        `json:"includeAlg"`
	Nonce           string      `json:"nonce,omitempty"`
	Tag             string      `json:"tag,omitempty"`
	Now             int64       `json:"now"`
	ApisigInput     string      `json:"apisigInput"`
	ApisigSignature string      `json:"apisigSignature"`
}

// oracleResult is what oracle.js writes.
type oracleResult struct {
	ID             int    `json:"id"`
	Base           string `json:"base"`
	BaseError      string `json:"baseError"`
	Verified       *bool  `json:"verified"`
	VerifyError    string `json:"verifyError"`
	SignatureInput string `json:"signatureInput"`
	Signature      string `json:"signature"`
	SignError      string `json:"signError"`
}

// runOracle sends the cases to oracle.js and returns its results, by case id.
func runOracle(t testing.TB, cases []oracleCase) map[int]oracleResult {
	t.Helper()
	in, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", "oracle.js")
	cmd.Dir = oracleDir
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node oracle.js: %v\n%s", err, stderr.String())
	}
	var res []oracleResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("oracle output: %v", err)
	}
	m := make(map[int]oracleResult, len(res))
	for _, r := range res {
		m[r.ID] = r
	}
	return m
}

// signer is apisig's Profile for a case.
func (k *keys) signer(c genCase) *ahttpsig.Profile {
	p := &ahttpsig.Profile{Label: "sig1", Components: c.fields, Key: k.signingKey(c), IncludeAlg: c.includeAlg,
		NoCreated: c.created == 0, Tag: c.tag, Clock: apisig.FixedClock(now)}
	if c.created != 0 {
		p.Clock = apisig.FixedClock(unix(c.created))
	}
	if c.expires != 0 {
		p.Expires = unix(c.expires).Sub(unix(c.created))
	}
	if c.nonce != "" {
		n := c.nonce
		p.Nonce = apisig.NonceFunc(func() (string, error) { return n, nil })
	}
	return p
}

func (k *keys) verifier(c genCase) *ahttpsig.Profile {
	return &ahttpsig.Profile{Label: "sig1", Keys: ahttpsig.KeyMap{c.keyid: k.verifyingKey(c)}, Clock: apisig.FixedClock(now)}
}

func (k *keys) oracleCase(c genCase) oracleCase {
	oc := oracleCase{ID: c.id, Kind: c.kind, Method: c.method, URL: c.url, Status: c.status, Headers: c.headers, ReqHeaders: c.reqHeader,
		Fields: c.fields, Label: "sig1", Alg: c.alg, KeyID: c.keyid, Created: c.created, Expires: c.expires, IncludeAlg: c.includeAlg,
		Nonce: c.nonce, Tag: c.tag, Now: now.Unix()}
	if oc.Headers == nil {
		oc.Headers = [][2]string{}
	}
	if oc.ReqHeaders == nil {
		oc.ReqHeaders = [][2]string{}
	}
	if c.alg == "hmac-sha256" {
		oc.Secret = base64.StdEncoding.EncodeToString(k.hmac)
	} else {
		oc.PrivatePEM, oc.PublicPEM = k.pems[c.alg][0], k.pems[c.alg][1]
	}
	return oc
}
