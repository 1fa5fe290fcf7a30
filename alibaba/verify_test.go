package alibaba_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
)

func rpcVerifier() *alibaba.RPC {
	clock := apisig.FixedClock(testTime)
	return &alibaba.RPC{Clock: clock, Keys: testKeys, Replay: &apisig.MemoryReplay{Clock: clock}}
}

// signedRPC returns a GET signed at signedAt with nonce.
func signedRPC(t *testing.T, signedAt time.Time, nonce string) *http.Request {
	t.Helper()
	s := &alibaba.RPC{Clock: apisig.FixedClock(signedAt), Nonce: fixedNonce(nonce)}
	req := newRequest("GET", "ecs.aliyuncs.com", "/", "Action=DescribeRegions&Version=2014-05-26", "")()
	if err := s.Sign(context.Background(), req, testCreds); err != nil {
		t.Fatal(err)
	}
	return req
}

// setParam replaces (or with value "-" removes) one query parameter of a signed request.
func setParam(name, value string) func(*http.Request) {
	return func(r *http.Request) {
		q := r.URL.Query()
		if value == "-" {
			q.Del(name)
		} else {
			q.Set(name, value)
		}
		r.URL.RawQuery = q.Encode()
	}
}

func TestRPCVerifyRejects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*http.Request)
		kind   error
		code   string
		status int
	}{
		{"unsigned", func(r *http.Request) { r.URL.RawQuery = "Action=DescribeRegions" }, apisig.ErrNotSigned, alibaba.CodeMissingSignature, 400},
		{"missing AccessKeyId", setParam("AccessKeyId", "-"), apisig.ErrMalformed, alibaba.CodeMissingAccessKeyID, 400},
		{"missing Timestamp", setParam("Timestamp", "-"), apisig.ErrMalformed, alibaba.CodeMissingTimestamp, 400},
		{"missing SignatureNonce", setParam("SignatureNonce", "-"), apisig.ErrMalformed, alibaba.CodeMissingSignatureNonce, 400},
		{"duplicate parameter", func(r *http.Request) { r.URL.RawQuery += "&Action=RunInstances" }, apisig.ErrMalformed, alibaba.CodeInvalidParameter, 400},
		{"non-UTF-8 value", func(r *http.Request) { r.URL.RawQuery += "&Name=%FF%FE" }, apisig.ErrMalformed, alibaba.CodeInvalidParameter, 400},
		{"bad escape", func(r *http.Request) { r.URL.RawQuery += "&Name=%zz" }, apisig.ErrMalformed, alibaba.CodeInvalidParameter, 400},
		{"signature not base64", setParam("Signature", "not base64!"), apisig.ErrMalformed, alibaba.CodeIncompleteSignature, 400},
		{"signature with + read as space", func(r *http.Request) {
			r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "Signature=", "Signature=a+", 1)
		}, apisig.ErrMalformed, alibaba.CodeIncompleteSignature, 400},
		{"SignatureMethod", setParam("SignatureMethod", "HMAC-SHA256"), apisig.ErrMalformed, alibaba.CodeInvalidSignatureMethod, 400},
		{"SignatureVersion", setParam("SignatureVersion", "2.0"), apisig.ErrMalformed, alibaba.CodeInvalidSignatureVer, 400},
		{"Timestamp format", setParam("Timestamp", "2026-11-23 09:30:00"), apisig.ErrMalformed, alibaba.CodeInvalidTimeStampFormat, 400},
		{"Timestamp expired", setParam("Timestamp", "2026-11-23T09:10:00Z"), apisig.ErrSkewed, alibaba.CodeInvalidTimeStampExpire, 400},
		{"unknown key", setParam("AccessKeyId", "LTAInobody"), apisig.ErrUnknownKey, alibaba.CodeInvalidAccessKeyID, 404},
		{"tampered", setParam("Action", "DeleteInstance"), apisig.ErrMismatch, alibaba.CodeSignatureDoesNotMatch, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := signedRPC(t, testTime, "n-"+tc.name)
			tc.change(req)
			_, err := rpcVerifier().Verify(context.Background(), req)
			var ge *alibaba.Error
			switch {
			case !errors.Is(err, tc.kind):
				t.Fatalf("Verify = %v, want %v", err, tc.kind)
			case !errors.As(err, &ge):
				t.Fatalf("Verify = %T %v, want an *alibaba.Error", err, err)
			case ge.Code != tc.code || ge.Status != tc.status:
				t.Fatalf("Code, Status = %s, %d; want %s, %d (%v)", ge.Code, ge.Status, tc.code, tc.status, err)
			}
			var re *apisig.RequestError
			if errors.As(err, &re) && strings.Contains(err.Error()+re.Error(), testCreds.Secret.Reveal()) {
				t.Error("error shows the secret")
			}
		})
	}
}

// TestRPCMismatchMessage checks the gateway's message shape: the server's string to sign
// follows "server string to sign is:", and the JSON body has Code and Message.
func TestRPCMismatchMessage(t *testing.T) {
	req := signedRPC(t, testTime, "n-mismatch")
	req.URL.RawQuery = strings.Replace(req.URL.RawQuery, "DescribeRegions", "DescribeZones", 1)
	_, err := rpcVerifier().Verify(context.Background(), req)
	var ge *alibaba.Error
	if !errors.As(err, &ge) {
		t.Fatalf("Verify = %v", err)
	}
	const prefix = "Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3DLTAI5tTestKeyId%26Action%3DDescribeZones%26"
	if !strings.HasPrefix(ge.Message, prefix) {
		t.Errorf("Message = %q, want it to start %q", ge.Message, prefix)
	}
	var body map[string]string
	b, _ := json.Marshal(ge)
	if err := json.Unmarshal(b, &body); err != nil || body["Code"] != "SignatureDoesNotMatch" || body["Message"] != ge.Message || len(body) != 2 {
		t.Errorf("JSON = %s", b)
	}
	var me *apisig.MismatchError
	if !errors.As(err, &me) || me.Trace == nil || me.AccessKeyID != testCreds.AccessKeyID {
		t.Errorf("want a MismatchError with the trace, got %v", err)
	}
}

// TestRPCReplay checks that a verified nonce cannot be used again (SignatureNonceUsed), and that
// a forged request does not burn the nonce.
func TestRPCReplay(t *testing.T) {
	v := rpcVerifier()
	ctx := context.Background()
	forged := signedRPC(t, testTime, "n-replay")
	setParam("Action", "Other")(forged)
	if _, err := v.Verify(ctx, forged); !errors.Is(err, apisig.ErrMismatch) {
		t.Fatalf("forged: %v", err)
	}
	req := signedRPC(t, testTime, "n-replay")
	if _, err := v.Verify(ctx, req); err != nil {
		t.Fatalf("first use: %v", err)
	}
	_, err := v.Verify(ctx, signedRPC(t, testTime, "n-replay"))
	var ge *alibaba.Error
	if !errors.Is(err, apisig.ErrReplayed) || !errors.As(err, &ge) || ge.Code != alibaba.CodeSignatureNonceUsed || ge.Message != "Specified signature nonce was used already." {
		t.Fatalf("second use: %v", err)
	}
}

func TestRPCSignRejects(t *testing.T) {
	ctx := context.Background()
	s := &alibaba.RPC{Clock: apisig.FixedClock(testTime), Nonce: fixedNonce("n")}
	for _, tc := range []struct {
		name  string
		s     *alibaba.RPC
		req   *http.Request
		creds apisig.Credentials
		kind  error
	}{
		{"no key id", s, newRequest("GET", "h", "/", "A=1", "")(), apisig.Credentials{Secret: testCreds.Secret}, apisig.ErrNoCredentials},
		{"no secret", s, newRequest("GET", "h", "/", "A=1", "")(), apisig.Credentials{AccessKeyID: "x"}, apisig.ErrNoCredentials},
		{"duplicate", s, newRequest("GET", "h", "/", "A=1&A=2", "")(), testCreds, apisig.ErrInvalidInput},
		{"query and form", s, newRequest("POST", "h", "/", "A=1", "A=2", "Content-Type", form)(), testCreds, apisig.ErrInvalidInput},
		{"non-UTF-8", s, newRequest("GET", "h", "/", "A=%C3", "")(), testCreds, apisig.ErrInvalidInput},
		{"bad escape", s, newRequest("GET", "h", "/", "A=%G1", "")(), testCreds, apisig.ErrInvalidInput},
		{"format", &alibaba.RPC{Format: "YAML"}, newRequest("GET", "h", "/", "A=1", "")(), testCreds, apisig.ErrInvalidInput},
		{"empty nonce", &alibaba.RPC{Nonce: fixedNonce("")}, newRequest("GET", "h", "/", "A=1", "")(), testCreds, apisig.ErrInvalidInput},
	} {
		if err := tc.s.Sign(ctx, tc.req, tc.creds); !errors.Is(err, tc.kind) {
			t.Errorf("%s: Sign = %v, want %v", tc.name, err, tc.kind)
		}
	}
	if _, err := s.Presign(ctx, newRequest("GET", "h", "/", "A=1", "")(), testCreds, time.Hour); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("presign for an hour: %v", err)
	}
	if _, err := s.Presign(ctx, newRequest("POST", "h", "/", "", "A=1", "Content-Type", form)(), testCreds, time.Minute); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("presign a form: %v", err)
	}
	// A one-shot form body is refused, not buffered.
	req := newRequest("POST", "h", "/", "", "A=1", "Content-Type", form)()
	req.GetBody = nil
	req.Body = io.NopCloser(strings.NewReader("A=1"))
	if err := s.Sign(ctx, req, testCreds); !errors.Is(err, apisig.ErrBodyNotReplayable) {
		t.Errorf("one-shot form body: %v", err)
	}
}

// TestRPCPresignedURL checks the signed URL a holder would use: GET, everything in the query,
// the signature encoded once, and it verifies until the window closes.
func TestRPCPresignedURL(t *testing.T) {
	s := &alibaba.RPC{Clock: apisig.FixedClock(testTime), Nonce: fixedNonce("n-url")}
	p, err := s.Presign(context.Background(), newRequest("GET", "ecs.aliyuncs.com", "/", "Action=DescribeRegions", "")(), testCreds, 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if p.Method != "GET" || p.URL.Host != "ecs.aliyuncs.com" || !p.Expires.Equal(testTime.Add(10*time.Minute)) {
		t.Errorf("presigned = %+v", p)
	}
	q, _ := url.ParseQuery(p.URL.RawQuery)
	if len(q.Get("Signature")) != 28 {
		t.Errorf("Signature = %q", q.Get("Signature"))
	}
	req, _ := http.NewRequest(p.Method, p.URL.String(), nil)
	if _, err := rpcVerifier().Verify(context.Background(), req); err != nil {
		t.Errorf("Verify: %v", err)
	}
}

func TestACS3VerifyRejects(t *testing.T) {
	sign := func() *http.Request {
		s := &alibaba.ACS3{Clock: apisig.FixedClock(testTime), Nonce: countingNonces()}
		req := newRequest("POST", "ecs.aliyuncs.com", "/", "A=1", "body", "x-acs-action", "RunInstances")()
		if err := s.Sign(context.Background(), req, testCreds); err != nil {
			t.Fatal(err)
		}
		return req
	}
	auth := func(v string) func(*http.Request) { return func(r *http.Request) { r.Header.Set("Authorization", v) } }
	sig := strings.Repeat("a", 64)
	for _, tc := range []struct {
		name   string
		change func(*http.Request)
		kind   error
		code   string
	}{
		{"unsigned", func(r *http.Request) { r.Header.Del("Authorization") }, apisig.ErrNotSigned, alibaba.CodeMissingSignature},
		{"algorithm", auth("ACS3-HMAC-SM3 Credential=k,SignedHeaders=host;x-acs-date,Signature=" + sig), apisig.ErrMalformed, alibaba.CodeIncompleteSignature},
		{"no parts", auth("ACS3-HMAC-SHA256"), apisig.ErrMalformed, alibaba.CodeIncompleteSignature},
		{"no Signature", auth("ACS3-HMAC-SHA256 Credential=k,SignedHeaders=host;x-acs-date"), apisig.ErrMalformed, alibaba.CodeIncompleteSignature},
		{"short Signature", auth("ACS3-HMAC-SHA256 Credential=k,SignedHeaders=host;x-acs-date,Signature=abc"), apisig.ErrMalformed, alibaba.CodeIncompleteSignature},
		{"host unsigned", auth("ACS3-HMAC-SHA256 Credential=k,SignedHeaders=x-acs-date,Signature=" + sig), apisig.ErrMalformed, alibaba.CodeIncompleteSignature},
		{"x-acs header unsigned", func(r *http.Request) { r.Header.Set("x-acs-extra", "1") }, apisig.ErrMalformed, alibaba.CodeIncompleteSignature},
		{"date expired", func(r *http.Request) { r.Header.Set("x-acs-date", "2026-11-23T08:00:00Z") }, apisig.ErrSkewed, alibaba.CodeInvalidTimeStampExpire},
		{"body", func(r *http.Request) {
			r.Body = http.NoBody
			r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("other")), nil }
		}, apisig.ErrMismatch, alibaba.CodeContentSHA256Mismatch},
		{"tampered", func(r *http.Request) { r.Header.Set("x-acs-action", "Other") }, apisig.ErrMismatch, alibaba.CodeSignatureDoesNotMatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := sign()
			tc.change(req)
			clock := apisig.FixedClock(testTime)
			v := &alibaba.ACS3{Clock: clock, Keys: testKeys, Replay: &apisig.MemoryReplay{Clock: clock}}
			_, err := v.Verify(context.Background(), req)
			var ge *alibaba.Error
			if !errors.Is(err, tc.kind) || !errors.As(err, &ge) || ge.Code != tc.code {
				t.Fatalf("Verify = %v, want %v with code %s", err, tc.kind, tc.code)
			}
		})
	}
}

// TestHeaderSchemesVerify checks what the harness cannot for ROA and OpenSearch (it skips
// path mutations for schemes that do not sign the host): a changed path or query is a
// mismatch, a stale Date is InvalidTimeStamp.Expired, a reused nonce SignatureNonceUsed, a
// changed body InvalidContentMD5, and a bad query escape ErrMalformed in ACS3.
func TestHeaderSchemesVerify(t *testing.T) {
	ctx := context.Background()
	clock := apisig.FixedClock(testTime)
	for _, s := range []interface {
		apisig.Signer
		apisig.Verifier
	}{
		&alibaba.ROA{Clock: clock, Nonce: countingNonces(), Keys: testKeys, Replay: &apisig.MemoryReplay{Clock: clock}},
		&alibaba.OpenSearch{Clock: clock, Nonce: countingNonces(), Keys: testKeys, Replay: &apisig.MemoryReplay{Clock: clock}},
	} {
		signed := func() *http.Request {
			req := newRequest("POST", "h", "/v3/openapi/apps/app", "q=1", "body", "Content-Type", "text/plain")()
			if err := s.Sign(ctx, req, testCreds); err != nil {
				t.Fatal(err)
			}
			return req
		}
		for _, tc := range []struct {
			name   string
			change func(*http.Request)
			kind   error
			code   string
		}{
			{"path", func(r *http.Request) { r.URL.Path += "x"; r.URL.RawPath = "" }, apisig.ErrMismatch, alibaba.CodeSignatureDoesNotMatch},
			{"query", func(r *http.Request) { r.URL.RawQuery = "q=2" }, apisig.ErrMismatch, alibaba.CodeSignatureDoesNotMatch},
			{"body", func(r *http.Request) {
				r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("other")), nil }
			}, apisig.ErrMismatch, "InvalidContentMD5"},
			{"auth shape", func(r *http.Request) { r.Header.Set("Authorization", "acs nocolon") }, apisig.ErrMalformed, alibaba.CodeIncompleteSignature},
		} {
			r := signed()
			tc.change(r)
			_, err := s.Verify(ctx, r)
			var ge *alibaba.Error
			if !errors.Is(err, tc.kind) || !errors.As(err, &ge) || ge.Code != tc.code {
				t.Errorf("%T %s: Verify = %v, want %v (%s)", s, tc.name, err, tc.kind, tc.code)
			}
		}
		r := signed()
		if _, err := s.Verify(ctx, r); err != nil {
			t.Fatalf("%T: %v", s, err)
		}
		if _, err := s.Verify(ctx, r); !errors.Is(err, apisig.ErrReplayed) {
			t.Errorf("%T replay: %v", s, err)
		}
		late := &alibaba.ROA{Clock: apisig.FixedClock(testTime.Add(20 * time.Minute)), Keys: testKeys}
		if _, ok := s.(*alibaba.ROA); ok {
			if _, err := late.Verify(ctx, signed()); !errors.Is(err, apisig.ErrSkewed) {
				t.Errorf("late: %v", err)
			}
		}
	}
	v := &alibaba.ACS3{Clock: clock, Keys: testKeys}
	req := newRequest("GET", "h", "/", "", "")()
	if err := (&alibaba.ACS3{Clock: clock}).Sign(ctx, req, testCreds); err != nil {
		t.Fatal(err)
	}
	req.URL.RawQuery = "a=%zz"
	if _, err := v.Verify(ctx, req); !errors.Is(err, apisig.ErrMalformed) {
		t.Errorf("ACS3 bad escape: %v", err)
	}
}

// TestErrorTextNamesThePart: the gateway's message alone ("Specified time stamp or date value
// is not well formatted.") does not say which header or parameter is wrong; Error adds it.
func TestErrorTextNamesThePart(t *testing.T) {
	ctx := context.Background()
	clock := apisig.FixedClock(testTime)
	req := newRequest("GET", "ecs.aliyuncs.com", "/", "A=1", "")()
	if err := (&alibaba.ACS3{Clock: clock}).Sign(ctx, req, testCreds); err != nil {
		t.Fatal(err)
	}
	req.Header.Set("x-acs-date", "yesterday")
	_, err := (&alibaba.ACS3{Clock: clock, Keys: testKeys}).Verify(ctx, req)
	if err == nil || !strings.HasPrefix(err.Error(), alibaba.CodeInvalidTimeStampFormat+": "+alibaba.MessageTimeStampFormat+` (x-acs-date header "yesterday": want`) {
		t.Errorf("ACS3: %v", err)
	}
	req = signedRPC(t, testTime, "n")
	setParam("SignatureNonce", "-")(req)
	if _, err := rpcVerifier().Verify(ctx, req); err == nil || !strings.HasSuffix(err.Error(), "(parameter SignatureNonce: is missing)") {
		t.Errorf("RPC: %v", err)
	}
}
