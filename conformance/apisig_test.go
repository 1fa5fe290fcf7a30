package conformance

import (
	"context"
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// knobSetting is one apisig dialect knob, set by name through SigV4.SetKnob.
type knobSetting struct{ name, value string }

func (k knobSetting) String() string { return k.name + "=" + k.value }

// newSigV4 returns the apisig signer for a case, with the given knobs.
func newSigV4(c *Case, knobs ...knobSetting) (*aws.SigV4, error) {
	s := &aws.SigV4{Region: c.Region, Service: c.Service, Clock: apisig.FixedClock(c.Time)}
	for _, k := range knobs {
		if err := s.SetKnob(k.name, k.value); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func apisigCreds(c *Case) apisig.Credentials {
	return apisig.Credentials{AccessKeyID: c.AccessKeyID, Secret: apisig.NewSecret(c.Secret), SessionToken: apisig.NewSecret(c.SessionToken)}
}

// signApisig signs the case with apisig's aws.SigV4 (Sign or Presign) and returns the
// Authorization header or the presigned URL. With explain it uses Explain/ExplainPresign and
// also returns the canonical request.
func signApisig(c *Case, explain bool, knobs ...knobSetting) (Signed, error) {
	s, err := newSigV4(c, knobs...)
	if err != nil {
		return Signed{}, err
	}
	req := c.NewRequest()
	ctx := context.Background()
	if c.Presign {
		var p *apisig.Presigned
		var tr *apisig.Trace
		if explain {
			p, tr, err = s.ExplainPresign(ctx, req, apisigCreds(c), c.Expires)
		} else {
			p, err = s.Presign(ctx, req, apisigCreds(c), c.Expires)
		}
		if err != nil {
			return Signed{}, err
		}
		cr, _ := tr.Find(apisig.StepCanonicalRequest)
		return Signed{URL: p.URL.String(), Canonical: cr}, nil
	}
	if explain {
		tr, err := s.Explain(ctx, req, apisigCreds(c))
		if err != nil {
			return Signed{}, err
		}
		cr, _ := tr.Find(apisig.StepCanonicalRequest)
		return Signed{Auth: req.Header.Get("Authorization"), Canonical: cr}, nil
	}
	if err := s.Sign(ctx, req, apisigCreds(c)); err != nil {
		return Signed{}, err
	}
	return Signed{Auth: req.Header.Get("Authorization")}, nil
}

// apisigIgnored is the list of headers apisig never signs (aws/canonical.go ignoredHeaders),
// in canonical form. The test checks it against apisig's behaviour (TestApisigIgnoredHeaders).
var apisigIgnored = []string{
	"Authorization", "User-Agent", "X-Amzn-Trace-Id", "Expect", "Transfer-Encoding", "Connection",
	"Keep-Alive", "Proxy-Authorization", "Proxy-Connection", "Te", "Trailer", "Upgrade",
}

func isApisigIgnored(name string) bool {
	for _, h := range apisigIgnored {
		if strings.EqualFold(h, name) {
			return true
		}
	}
	return false
}

// payloadInput is the SignInput the SDKs get for a case: the hash apisig signs (the
// X-Amz-Content-Sha256 header if the case sends one, UNSIGNED-PAYLOAD for an S3 presign,
// otherwise the body's SHA-256), and an X-Amz-Content-Sha256 header for S3 header signing,
// which apisig adds by default.
func payloadInput(c *Case) SignInput {
	in := SignInput{PayloadHash: c.BodyHash()}
	switch {
	case c.ContentSHA256 != "":
		in.PayloadHash = c.ContentSHA256
	case c.Presign && c.IsS3():
		in.PayloadHash = unsignedPayload
	}
	in.AddContentSHA256 = c.IsS3() && !c.Presign
	return in
}

func describeKnobs(ks []knobSetting) string {
	if len(ks) == 0 {
		return "(none)"
	}
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = k.String()
	}
	return strings.Join(parts, " ")
}
