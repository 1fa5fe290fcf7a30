package conformance

// Adapters that sign a neutral Case with each official SDK signer. The SDKs are oracles only:
// nothing here is, or may be, copied into apisig. See SDK-NOTES.md for what each SDK does.

import (
	"context"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	awsv2 "github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	smithycreds "github.com/aws/smithy-go/aws-http-auth/credentials"
	smithysigv4 "github.com/aws/smithy-go/aws-http-auth/sigv4"
	smithyv4 "github.com/aws/smithy-go/aws-http-auth/v4"
	"github.com/aws/smithy-go/logging"
	miniosigner "github.com/minio/minio-go/v7/pkg/signer"
)

const unsignedPayload = "UNSIGNED-PAYLOAD"

// SignInput is what the harness tells an SDK adapter besides the Case: the payload hash the
// request is signed with (hex SHA-256 or UNSIGNED-PAYLOAD, which every SDK but smithy-go and
// minio-go must be told), and whether to send an X-Amz-Content-Sha256 header carrying it (what
// apisig's ContentSHA256Header does; the SDK clients do it in a middleware, not in the signer).
type SignInput struct {
	PayloadHash          string
	AddContentSHA256     bool
	WantCanonicalRequest bool
}

// Signed is an oracle's output: the Authorization header (header mode) or the signed URL
// (presign mode), and the canonical request where the oracle can expose it.
type Signed struct {
	Auth      string
	URL       string
	Canonical string
}

// Result is the value compared byte for byte.
func (s Signed) Result(presign bool) string {
	if presign {
		return s.URL
	}
	return s.Auth
}

// expiresParam appends X-Amz-Expires to the raw query: aws-sdk-go-v2 and smithy-go leave it to
// the caller (aws-sdk-go-v2 v4.go:327-337), minio-go sets it itself.
func expiresParam(rawQuery string, d time.Duration) string {
	p := "X-Amz-Expires=" + strconv.FormatInt(int64(d/time.Second), 10)
	if rawQuery == "" {
		return p
	}
	return rawQuery + "&" + p
}

// ---- aws-sdk-go-v2 aws/signer/v4 ----

// awsV2Signers holds one *v4.Signer per credential: its derived-key cache is keyed by
// region/service and checked against the access key id and the day only, never the secret
// (internal/v4/cache.go:63-69), so a Signer reused for a second secret of the same key id
// signs with the first one's key.
var awsV2Signers sync.Map // "akid\x00secret" -> *v4.Signer

func awsV2Signer(akid, secret string) *v4.Signer {
	k := akid + "\x00" + secret
	if s, ok := awsV2Signers.Load(k); ok {
		return s.(*v4.Signer)
	}
	s, _ := awsV2Signers.LoadOrStore(k, v4.NewSigner())
	return s.(*v4.Signer)
}

// captureLogger records the canonical request that aws-sdk-go-v2 logs with LogSigning.
type captureLogger struct{ b strings.Builder }

func (l *captureLogger) Logf(_ logging.Classification, format string, v ...any) {
	fmt.Fprintf(&l.b, format, v...)
}

func (l *captureLogger) canonical() string {
	s := l.b.String()
	const start = "---[ CANONICAL STRING  ]-----------------------------\n"
	const end = "\n---[ STRING TO SIGN ]"
	i := strings.Index(s, start)
	j := strings.Index(s, end)
	if i < 0 || j < i {
		return ""
	}
	return s[i+len(start) : j]
}

func signAWSV2(c *Case, in SignInput) (Signed, error) {
	req := c.NewRequest()
	if in.AddContentSHA256 {
		req.Header.Set("X-Amz-Content-Sha256", in.PayloadHash)
	}
	creds := awsv2.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.Secret, SessionToken: c.SessionToken}
	var log captureLogger
	opts := func(o *v4.SignerOptions) {
		o.DisableURIPathEscaping = c.IsS3()
		if in.WantCanonicalRequest {
			o.LogSigning = true
			o.Logger = &log
		}
	}
	s := awsV2Signer(c.AccessKeyID, c.Secret)
	if c.Presign {
		req.URL.RawQuery = expiresParam(req.URL.RawQuery, c.Expires)
		u, _, err := s.PresignHTTP(context.Background(), creds, req, in.PayloadHash, c.Service, c.Region, c.Time, opts)
		return Signed{URL: u, Canonical: log.canonical()}, err
	}
	err := s.SignHTTP(context.Background(), creds, req, in.PayloadHash, c.Service, c.Region, c.Time, opts)
	return Signed{Auth: req.Header.Get("Authorization"), Canonical: log.canonical()}, err
}

// ---- smithy-go aws-http-auth/sigv4 ----

// headerRules decides which headers smithy-go signs. Its default signs only host and x-amz-*
// (internal/v4/signer.go:275-279); the adapter passes apisig's rule instead so that the
// comparison covers every header.
type headerRules func(lowercase string) bool

func (f headerRules) IsSigned(h string) bool { return f(h) }

func signSmithy(c *Case, in SignInput, rules smithyv4.SignedHeaderRules) (Signed, error) {
	req := c.NewRequest()
	if in.AddContentSHA256 {
		req.Header.Set("X-Amz-Content-Sha256", in.PayloadHash)
	}
	var hash []byte
	if in.PayloadHash == unsignedPayload {
		hash = smithyv4.UnsignedPayload()
	} else {
		var err error
		if hash, err = hex.DecodeString(in.PayloadHash); err != nil {
			return Signed{}, fmt.Errorf("smithy-go takes a payload hash as bytes: %w", err)
		}
	}
	st := smithyv4.SignatureTypeHeader
	if c.Presign {
		st = smithyv4.SignatureTypeQueryString
		req.URL.RawQuery = expiresParam(req.URL.RawQuery, c.Expires)
	}
	signer := smithysigv4.New(func(o *smithyv4.SignerOptions) {
		o.DisableDoublePathEscape = c.IsS3()
		o.HeaderRules = rules
	})
	err := signer.SignRequest(&smithysigv4.SignRequestInput{
		Request:       req,
		PayloadHash:   hash,
		Credentials:   smithycreds.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.Secret, SessionToken: c.SessionToken},
		Service:       c.Service,
		Region:        c.Region,
		Time:          c.Time,
		SignatureType: st,
	})
	if c.Presign {
		return Signed{URL: req.URL.String()}, err
	}
	return Signed{Auth: req.Header.Get("Authorization")}, err
}

// ---- minio-go pkg/signer ----

// signMinio signs an S3 case with minio-go. SignV4 and PreSignV4 call time.Now() inside
// (request-signature-v4.go:217, 315), so they run in a synctest bubble whose fake clock is
// first moved to the case's time. SignV4 reads the payload hash only from the
// X-Amz-Content-Sha256 header (getHashedPayload, :101-108), so the header must be present for
// any hash other than UNSIGNED-PAYLOAD.
func signMinio(t *testing.T, c *Case, in SignInput) (Signed, error) {
	if !c.IsS3() {
		return Signed{}, fmt.Errorf("minio-go signs S3 only")
	}
	req := c.NewRequest()
	if in.AddContentSHA256 {
		req.Header.Set("X-Amz-Content-Sha256", in.PayloadHash)
	}
	if got := req.Header.Get("X-Amz-Content-Sha256"); got != in.PayloadHash && !(got == "" && in.PayloadHash == unsignedPayload) {
		return Signed{}, fmt.Errorf("minio-go cannot sign payload hash %q without an X-Amz-Content-Sha256 header", in.PayloadHash)
	}
	var out Signed
	synctest.Test(t, func(t *testing.T) {
		time.Sleep(time.Until(c.Time))
		if c.Presign {
			r := miniosigner.PreSignV4(*req, c.AccessKeyID, c.Secret, c.SessionToken, c.Region, int64(c.Expires/time.Second))
			out.URL = r.URL.String()
			return
		}
		r := miniosigner.SignV4(*req, c.AccessKeyID, c.Secret, c.SessionToken, c.Region)
		out.Auth = r.Header.Get("Authorization")
	})
	return out, nil
}
