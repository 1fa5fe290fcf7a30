package alibabaoss

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	aliyun "github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba/oss"
)

// capture is an http.RoundTripper that records the request the SDK signed and answers 200.
type capture struct{ req *http.Request }

func (c *capture) RoundTrip(req *http.Request) (*http.Response, error) {
	c.req = req
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
}

// oldClient builds an aliyun-oss-go-sdk client whose transport captures.
func oldClient(c *Case, v4 bool, cp *capture) (*aliyun.Client, error) {
	opts := []aliyun.ClientOption{aliyun.HTTPClient(&http.Client{Transport: cp})}
	if c.Token != "" {
		opts = append(opts, aliyun.SecurityToken(c.Token))
	}
	if v4 {
		opts = append(opts, aliyun.AuthVersion(aliyun.AuthV4), aliyun.Region(region))
		if len(c.Additional) > 0 {
			opts = append(opts, aliyun.AdditionalHeaders(c.Additional))
		}
	}
	return aliyun.New("https://"+endpoint, accessKey, secretKey, opts...)
}

// signOldSDK signs the case with aliyun-oss-go-sdk: Conn.Do for a header signature (the
// captured request is returned), Bucket.SignURL for a URL. It must run in a synctest bubble at
// c.Time. For V4 header signatures it passes x-oss-date, which the SDK does not set itself
// (without it, it signs the RFC 1123 Date).
func signOldSDK(c *Case, v4 bool) (*http.Request, string, error) {
	cp := &capture{}
	cl, err := oldClient(c, v4, cp)
	if err != nil {
		return nil, "", err
	}
	headers := map[string]string{}
	for _, h := range c.Headers {
		headers[h.k] = h.v
	}
	if c.Presign {
		b, err := cl.Bucket(c.Bucket)
		if err != nil {
			return nil, "", err
		}
		var opts []aliyun.Option
		for _, p := range c.Params {
			opts = append(opts, aliyun.AddParam(p.k, p.v))
		}
		for k, v := range headers {
			opts = append(opts, aliyun.SetHeader(k, v))
		}
		u, err := b.SignURL(c.Key, aliyun.HTTPMethod(c.Method), int64(c.Expires/time.Second), opts...)
		return nil, u, err
	}
	if v4 {
		headers["x-oss-date"] = c.Time.UTC().Format("20060102T150405Z")
	}
	params := map[string]any{}
	for _, p := range c.Params {
		params[p.k] = p.v
	}
	resp, err := cl.Conn.Do(c.Method, c.Bucket, c.Key, params, headers, nil, 0, nil)
	if err != nil {
		return nil, "", err
	}
	resp.Body.Close()
	return cp.req, "", nil
}

func TestAgainstOldSDK(t *testing.T) {
	for _, v4 := range []bool{false, true} {
		name := "V1"
		if v4 {
			name = "V4"
		}
		t.Run(name, func(t *testing.T) {
			cs := cases(v4, true, testing.Short())
			synctest.Test(t, func(t *testing.T) {
				var fails, skipped, presigned int
				for i := range cs {
					c := &cs[i]
					if c.Presign && c.Key == "" {
						skipped++ // the SDK refuses to presign an empty object name
						continue
					}
					time.Sleep(time.Until(c.Time))
					sdkReq, sdkURL, err := signOldSDK(c, v4)
					if err != nil {
						t.Fatalf("case %d: SDK: %v\n%s", i, err, describe(c))
					}
					var got, want string
					if c.Presign {
						presigned++
						got, err = presignApisig(c, v4)
						u, perr := url.Parse(sdkURL)
						if perr != nil {
							t.Fatalf("case %d: SDK URL %q: %v", i, sdkURL, perr)
						}
						want = u.RawQuery
					} else {
						got, err = resignCaptured(c, v4, sdkReq)
						want = sdkReq.Header.Get("Authorization")
					}
					if err != nil {
						t.Fatalf("case %d: apisig: %v\n%s", i, err, describe(c))
					}
					// The other direction: apisig's verifier accepts what the SDK sent.
					vreq := sdkReq
					if c.Presign {
						vreq, _ = http.NewRequest(c.Method, sdkURL, nil)
						for _, h := range c.Headers {
							vreq.Header.Set(h.k, h.v)
						}
					}
					if _, err := verifier(c, v4).Verify(context.Background(), vreq); err != nil {
						t.Errorf("case %d: the SDK's request does not verify: %v\n%s", i, err, describe(c))
					}
					if got != want {
						fails++
						if fails <= 5 {
							t.Errorf("case %d differs:\ncase %s\napisig %s\nsdk    %s\napisig trace %q", i, describe(c), got, want, explainApisig(c, v4))
						}
					}
				}
				if fails > 0 {
					t.Fatalf("%d of %d cases differ", fails, len(cs)-skipped)
				}
				t.Logf("%d cases byte-identical (%d presigned; %d presigns of an empty key skipped)", len(cs)-skipped, presigned, skipped)
			})
		})
	}
}

// resignCaptured signs, with apisig, the case's request carrying every header the SDK sent
// (Date, User-Agent, x-oss-* ...), and returns the Authorization header.
func resignCaptured(c *Case, v4 bool, sent *http.Request) (string, error) {
	req := c.request()
	for k, v := range sent.Header {
		if k != "Authorization" {
			req.Header[k] = v
		}
	}
	clock := apisig.FixedClock(c.Time)
	var s apisig.Signer = &oss.V1{Clock: clock}
	if v4 {
		s = &oss.V4{Region: region, AdditionalHeaders: c.Additional, Clock: clock}
	}
	if err := s.Sign(context.Background(), req, c.creds()); err != nil {
		return "", err
	}
	return req.Header.Get("Authorization"), nil
}

func presignApisig(c *Case, v4 bool) (string, error) {
	s, err := signApisig(c, v4)
	return s.Query, err
}

func verifier(c *Case, v4 bool) apisig.Verifier {
	keys := apisig.StaticKeys{accessKey: apisig.NewSecret(secretKey)}
	clock := apisig.FixedClock(c.Time)
	if v4 {
		return &oss.V4{Region: region, Clock: clock, Keys: keys}
	}
	return &oss.V1{Clock: clock, Keys: keys}
}
