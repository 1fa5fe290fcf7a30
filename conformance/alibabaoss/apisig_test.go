package alibabaoss

import (
	"context"
	"net/http"
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba/oss"
	"github.com/apisig/apisig/canon"
)

// Signed is what a signer produced for a case: the Authorization header and the headers the
// signer sets, or the presigned URL's query.
type Signed struct {
	Auth    string
	Date    string
	OSSDate string
	Query   string
}

func (c *Case) creds() apisig.Credentials {
	return apisig.Credentials{AccessKeyID: accessKey, Secret: apisig.NewSecret(secretKey), SessionToken: apisig.NewSecret(c.Token)}
}

// signApisig signs the case with apisig's OSS signers.
func signApisig(c *Case, v4 bool) (Signed, error) {
	req := c.request()
	ctx := context.Background()
	clock := apisig.FixedClock(c.Time)
	var s interface {
		apisig.Signer
		apisig.Presigner
	}
	if v4 {
		s = &oss.V4{Region: region, AdditionalHeaders: c.Additional, Clock: clock}
	} else {
		s = &oss.V1{Clock: clock}
	}
	if c.Presign {
		p, err := s.Presign(ctx, req, c.creds(), c.Expires)
		if err != nil {
			return Signed{}, err
		}
		return Signed{Query: p.URL.RawQuery}, nil
	}
	if err := s.Sign(ctx, req, c.creds()); err != nil {
		return Signed{}, err
	}
	return signedOf(req.Header), nil
}

func signedOf(h http.Header) Signed {
	return Signed{Auth: h.Get("Authorization"), Date: h.Get("Date"), OSSDate: h.Get("X-Oss-Date")}
}

// sameQuery compares two presigned queries parameter by parameter, in order, ignoring only
// the "k" / "k=" spelling of an empty value (the SDK-v2 writes url.Values.Encode's "k=").
func sameQuery(a, b string) bool {
	if a == b {
		return true
	}
	pa, err1 := canon.ParseQuery(a, false)
	pb, err2 := canon.ParseQuery(b, false)
	if err1 != nil || err2 != nil || len(pa) != len(pb) {
		return false
	}
	for i := range pa {
		if pa[i].Key != pb[i].Key || pa[i].Value != pb[i].Value {
			return false
		}
	}
	return !strings.Contains(a, "%2B") == !strings.Contains(b, "%2B")
}

// explainApisig returns apisig's canonical request (V4) and string to sign for the case.
func explainApisig(c *Case, v4 bool) string {
	req := c.request()
	ctx := context.Background()
	clock := apisig.FixedClock(c.Time)
	var tr *apisig.Trace
	switch {
	case v4 && c.Presign:
		_, tr, _ = (&oss.V4{Region: region, AdditionalHeaders: c.Additional, Clock: clock}).ExplainPresign(ctx, req, c.creds(), c.Expires)
	case v4:
		tr, _ = (&oss.V4{Region: region, AdditionalHeaders: c.Additional, Clock: clock}).Explain(ctx, req, c.creds())
	case c.Presign:
		_, tr, _ = (&oss.V1{Clock: clock}).ExplainPresign(ctx, req, c.creds(), c.Expires)
	default:
		tr, _ = (&oss.V1{Clock: clock}).Explain(ctx, req, c.creds())
	}
	cr, _ := tr.Step(apisig.StepCanonicalRequest)
	sts, _ := tr.Step(apisig.StepStringToSign)
	return cr.Reveal() + "\n----\n" + sts.Reveal()
}
