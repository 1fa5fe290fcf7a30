package tencent

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// capture is an http.RoundTripper that records the request the SDK sends and answers a
// canned 200 with an empty Tencent response.
type capture struct {
	mu   sync.Mutex
	req  *http.Request
	body []byte
}

var okBody = []byte(`{"Response":{"RequestId":"00000000-0000-0000-0000-000000000000"}}`)

func (c *capture) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
	}
	c.mu.Lock()
	c.req, c.body = req, body
	c.mu.Unlock()
	return &http.Response{
		StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(okBody)),
		ContentLength: int64(len(okBody)), Request: req,
	}, nil
}

// sdkClient builds a tencentcloud-sdk-go client for the case, sending through tr.
func sdkClient(c Case, tr http.RoundTripper, signMethod string) *common.Client {
	var cred *common.Credential
	if c.Token != "" {
		cred = common.NewTokenCredential(c.SecretID, c.SecretKey, c.Token)
	} else {
		cred = common.NewCredential(c.SecretID, c.SecretKey)
	}
	cp := profile.NewClientProfile()
	cp.SignMethod = signMethod
	cp.UnsignedPayload = c.Unsigned && signMethod == "TC3-HMAC-SHA256"
	cp.Language = c.Language
	cp.DisableRegionBreaker = true
	cp.HttpProfile.ReqMethod = c.Method
	cp.HttpProfile.Scheme = c.Scheme
	cp.HttpProfile.Endpoint = c.Endpoint
	return common.NewCommonClient(cred, c.Region, cp).WithHttpTransport(tr)
}

// sdkRequest builds the case's typed request; for TC3 the signing time is fixed through the
// X-TC-Timestamp header, which the SDK merges over its own.
func sdkRequest(c Case, fixTime bool) *genRequest {
	req := c.params()
	req.Init().WithApiInfo(c.Service, c.Version, c.Action)
	if fixTime {
		req.SetHeader(map[string]string{"X-TC-Timestamp": strconv.FormatInt(c.Time.Unix(), 10)})
	}
	return req
}

// sendSDK signs and "sends" the case with the SDK and returns what it sent.
func sendSDK(c Case, signMethod string) (*http.Request, []byte, error) {
	cp := &capture{}
	cl := sdkClient(c, cp, signMethod)
	err := cl.Send(sdkRequest(c, signMethod == "TC3-HMAC-SHA256"), tchttp.NewCommonResponse())
	if err != nil {
		return nil, nil, err
	}
	return cp.req, cp.body, nil
}

// replay rebuilds a captured request (method, URL, Host, headers, body) as a new client
// request, without the headers named in drop.
func replay(req *http.Request, body []byte, drop ...string) *http.Request {
	out, err := http.NewRequest(req.Method, req.URL.String(), bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	if len(body) == 0 {
		out.Body, out.GetBody, out.ContentLength = http.NoBody, nil, 0
	}
	out.URL = cloneURL(req)
	out.Host = req.Host
	out.Header = req.Header.Clone()
	for _, d := range drop {
		out.Header.Del(d)
	}
	return out
}

func cloneURL(req *http.Request) *url.URL {
	u := *req.URL
	return &u
}
