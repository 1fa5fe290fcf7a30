package tencent_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent"
)

func signedTC3(t *testing.T, mutate func(*http.Request)) *http.Request {
	t.Helper()
	req := tc3Req(`{"Limit":1}`)()
	s := &tencent.TC3{Clock: apisig.FixedClock(testTime)}
	if err := s.Sign(context.Background(), req, testCreds); err != nil {
		t.Fatal(err)
	}
	if mutate != nil {
		mutate(req)
	}
	return req
}

func TestTC3VerifyErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		mutate   func(*http.Request)
		clock    time.Time
		kind     error
		code     string
		contains string
	}{
		{"ok", nil, testTime, nil, "", ""},
		{"no-authorization", func(r *http.Request) { r.Header.Del("Authorization") }, testTime, apisig.ErrNotSigned, tencent.CodeMissingParameter, "Authorization"},
		{"other-algorithm", func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "TC3-HMAC-SHA256", "AWS4-HMAC-SHA256", 1))
		}, testTime, apisig.ErrMalformed, tencent.CodeInvalidAuthorization, "algorithm"},
		{"scope-not-tc3_request", func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "tc3_request", "aws4_request", 1))
		}, testTime, apisig.ErrMalformed, tencent.CodeInvalidAuthorization, "tc3_request"},
		{"host-not-signed", func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "content-type;host", "content-type", 1))
		}, testTime, apisig.ErrMalformed, tencent.CodeInvalidAuthorization, "must include content-type and host"},
		{"no-timestamp", func(r *http.Request) { r.Header.Del("X-TC-Timestamp") }, testTime, apisig.ErrMalformed, tencent.CodeMissingParameter, "X-TC-Timestamp"},
		{"timestamp-not-a-number", func(r *http.Request) { r.Header.Set("X-TC-Timestamp", "2026-11-23T01:30:00Z") }, testTime, apisig.ErrMalformed, tencent.CodeInvalidParameterValue, "Unix seconds"},
		{"no-action", func(r *http.Request) { r.Header.Del("X-TC-Action") }, testTime, apisig.ErrMalformed, tencent.CodeMissingParameter, "X-TC-Action"},
		{"no-version", func(r *http.Request) { r.Header.Del("X-TC-Version") }, testTime, apisig.ErrMalformed, tencent.CodeMissingParameter, "X-TC-Version"},
		{"expired", nil, testTime.Add(5*time.Minute + time.Second), apisig.ErrSkewed, tencent.CodeSignatureExpire, "at most 5m0s"},
		{"future", nil, testTime.Add(-6 * time.Minute), apisig.ErrSkewed, tencent.CodeSignatureExpire, ""},
		{"unknown-key", func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), testCreds.AccessKeyID, "AKIDunknown", 1))
		}, testTime, apisig.ErrUnknownKey, tencent.CodeSecretIDNotFound, "AKIDunknown"},
		{"unsigned-payload-not-allowed", func(r *http.Request) { r.Header.Set("X-TC-Content-SHA256", "UNSIGNED-PAYLOAD") }, testTime, apisig.ErrMalformed, tencent.CodeInvalidParameterValue, "signed payload"},
		{"content-sha256-other", func(r *http.Request) { r.Header.Set("X-TC-Content-SHA256", "abc") }, testTime, apisig.ErrMalformed, tencent.CodeInvalidParameterValue, "UNSIGNED-PAYLOAD"},
		{"signed-header-twice", func(r *http.Request) { r.Header.Add("Content-Type", "text/plain") }, testTime, apisig.ErrMalformed, tencent.CodeInvalidParameterValue, "one value"},
		{"body-changed", func(r *http.Request) { setBody(r, `{"Limit":2}`) }, testTime, apisig.ErrMismatch, tencent.CodeSignatureFailure, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := &tencent.TC3{Clock: apisig.FixedClock(tc.clock), Keys: testKeys}
			_, err := v.Verify(context.Background(), signedTC3(t, tc.mutate))
			checkErr(t, err, tc.kind, tc.code, tc.contains)
		})
	}
}

func checkErr(t *testing.T, err, kind error, code, contains string) {
	t.Helper()
	if kind == nil {
		if err != nil {
			t.Fatalf("Verify: %v", err)
		}
		return
	}
	if !errors.Is(err, kind) {
		t.Fatalf("Verify error = %v, want one wrapping %v", err, kind)
	}
	if got := tencent.ErrorCode(err); got != code {
		t.Errorf("ErrorCode = %s, want %s", got, code)
	}
	if !strings.Contains(err.Error(), contains) {
		t.Errorf("error %q does not say %q", err, contains)
	}
	if strings.Contains(err.Error(), testCreds.Secret.Reveal()) {
		t.Error("error shows the secret")
	}
	// The rendered body is Tencent's shape and round-trips.
	body := tencent.ErrorBody(err, "req-1")
	gotCode, msg, id, perr := tencent.ParseErrorBody(body)
	if perr != nil || gotCode != code || id != "req-1" || msg == "" {
		t.Errorf("ErrorBody = %s; parsed %q %q %q %v", body, gotCode, msg, id, perr)
	}
}

func setBody(r *http.Request, s string) {
	r.Body = io.NopCloser(strings.NewReader(s))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(s)), nil }
	r.ContentLength = int64(len(s))
}

func TestErrorBodyShape(t *testing.T) {
	err := &apisig.MismatchError{Scheme: tencent.TC3SchemeID, Code: tencent.CodeSignatureFailure, AccessKeyID: "AKID", Provided: "x"}
	var got map[string]map[string]any
	if e := json.Unmarshal(tencent.ErrorBody(err, "id-1"), &got); e != nil {
		t.Fatal(e)
	}
	want := `{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"The provided credentials could not be validated. Please check your signature is correct."},"RequestId":"id-1"}}`
	if b := string(tencent.ErrorBody(err, "id-1")); b != want {
		t.Errorf("ErrorBody =\n  %s\nwant\n  %s", b, want)
	}
	if tencent.ErrorBody(nil, "x") != nil {
		t.Error("ErrorBody(nil) is not nil")
	}
	if got := tencent.ErrorCode(errors.New("disk on fire")); got != tencent.CodeInternalError {
		t.Errorf("technical error code = %s", got)
	}
	if _, _, _, err := tencent.ParseErrorBody([]byte(`{"Response":{"RequestId":"x"}}`)); !errors.Is(err, apisig.ErrMalformed) {
		t.Errorf("ParseErrorBody without Error: %v", err)
	}
}

func TestTC3ReplayOptIn(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	v := &tencent.TC3{Clock: clock, Keys: testKeys, Replay: &apisig.MemoryReplay{Clock: clock}}
	req := signedTC3(t, nil)
	if _, err := v.Verify(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	_, err := v.Verify(context.Background(), req)
	if !errors.Is(err, apisig.ErrReplayed) || tencent.ErrorCode(err) != tencent.CodeSignatureFailure {
		t.Fatalf("second Verify: %v", err)
	}
	// TC3 has no nonce: the error names the signature that was seen before.
	var re *apisig.RequestError
	if !errors.As(err, &re) || re.Part != "Authorization header Signature" {
		t.Errorf("second Verify names %+v, want the Authorization header Signature", re)
	}
	// Without a replay store, TC3 accepts the same request again (as Tencent does).
	v.Replay = nil
	if _, err := v.Verify(context.Background(), req); err != nil {
		t.Fatal(err)
	}
}

func TestTC3MismatchTrace(t *testing.T) {
	v := &tencent.TC3{Clock: apisig.FixedClock(testTime), Keys: apisig.StaticKeys{testCreds.AccessKeyID: apisig.NewSecret("another-secret")}}
	_, err := v.Verify(context.Background(), signedTC3(t, nil))
	var me *apisig.MismatchError
	if !errors.As(err, &me) {
		t.Fatalf("Verify: %v", err)
	}
	cr, _ := me.Trace.Find(apisig.StepCanonicalRequest)
	if !strings.HasPrefix(cr, "POST\n/\n\ncontent-type:application/json\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n") {
		t.Errorf("server canonical request:\n%s", cr)
	}
	if strings.Contains(me.Trace.String(), "another-secret") {
		t.Error("trace shows the secret")
	}
}

func TestTC3SignErrors(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		s    *tencent.TC3
		req  *http.Request
		cred apisig.Credentials
		kind error
		want string
	}{
		{"no-action", &tencent.TC3{}, newRequest("POST", "cvm.tencentcloudapi.com", "/", "", "", "X-TC-Version", "1")(), testCreds, apisig.ErrInvalidInput, "X-TC-Action header"},
		{"no-version", &tencent.TC3{Action: "A"}, newRequest("POST", "cvm.tencentcloudapi.com", "/", "", "")(), testCreds, apisig.ErrInvalidInput, "X-TC-Version header"},
		{"no-credentials", &tencent.TC3{}, tc3Req("")(), apisig.Credentials{}, apisig.ErrNoCredentials, "SecretKey"},
		{"service-unknown", &tencent.TC3{}, newRequest("POST", "api.example.test", "/", "", "", "X-TC-Action", "A", "X-TC-Version", "V")(), testCreds, apisig.ErrInvalidInput, "TC3.Service"},
		{"bad-payload-mode", &tencent.TC3{Payload: 99}, tc3Req("")(), testCreds, apisig.ErrInvalidInput, "PayloadMode"},
		{"header-twice", &tencent.TC3{SignedHeaders: []string{"x-a"}}, tc3Req("", "X-A", "1", "X-A", "2")(), testCreds, apisig.ErrInvalidInput, "one value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.s.Sign(ctx, tc.req, tc.cred)
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Sign = %v, want %v saying %q", err, tc.kind, tc.want)
			}
		})
	}
	// The fields set the X-TC headers; the token comes from the credentials.
	s := &tencent.TC3{Action: "DescribeZones", Version: "2017-03-12", Region: "ap-beijing", Language: "en-US", Clock: apisig.FixedClock(testTime)}
	req := newRequest("POST", "cvm.tencentcloudapi.com", "/", "", "{}", "Content-Type", "application/json", "x-tc-action", "Old")()
	creds := testCreds
	creds.SessionToken = apisig.NewSecret("tok")
	if err := s.Sign(ctx, req, creds); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"X-TC-Action": "DescribeZones", "X-TC-Version": "2017-03-12", "X-TC-Region": "ap-beijing", "X-TC-Language": "en-US", "X-TC-Token": "tok", "X-TC-Timestamp": "1795397400"} {
		if got := req.Header.Values(k); len(got) != 1 || got[0] != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}

func signedV1(t *testing.T, s *tencent.V1, req *http.Request) *http.Request {
	t.Helper()
	if err := s.Sign(context.Background(), req, testCreds); err != nil {
		t.Fatal(err)
	}
	return req
}

func TestV1VerifyErrors(t *testing.T) {
	fixedNonce := apisig.NonceFunc(func() (string, error) { return "42", nil })
	get := func() *http.Request {
		return newRequest("GET", "cvm.tencentcloudapi.com", "/", "Action=DescribeInstances&Version=2017-03-12", "")()
	}
	edit := func(q func(string) string) func(*http.Request) {
		return func(r *http.Request) { r.URL.RawQuery = q(r.URL.RawQuery) }
	}
	for _, tc := range []struct {
		name     string
		mutate   func(*http.Request)
		clock    time.Time
		kind     error
		code     string
		contains string
	}{
		{"ok", nil, testTime, nil, "", ""},
		{"no-signature", edit(func(q string) string { return q[:strings.Index(q, "&Signature=")] }), testTime, apisig.ErrNotSigned, tencent.CodeMissingParameter, "Signature"},
		{"no-nonce", edit(func(q string) string { return strings.Replace(q, "&Nonce=42", "", 1) }), testTime, apisig.ErrMalformed, tencent.CodeMissingParameter, "Nonce"},
		{"nonce-not-integer", edit(func(q string) string { return strings.Replace(q, "Nonce=42", "Nonce=4a", 1) }), testTime, apisig.ErrMalformed, tencent.CodeInvalidParameterValue, "positive integer"},
		{"nonce-zero", edit(func(q string) string { return strings.Replace(q, "Nonce=42", "Nonce=00", 1) }), testTime, apisig.ErrMalformed, tencent.CodeInvalidParameterValue, "positive integer"},
		{"unknown-method", edit(func(q string) string { return q + "&SignatureMethod=HmacMD5" }), testTime, apisig.ErrMalformed, tencent.CodeInvalidParameterValue, "HmacSHA1 or HmacSHA256"},
		{"repeated-param", edit(func(q string) string { return q + "&Action=Other" }), testTime, apisig.ErrMalformed, tencent.CodeInvalidParameterValue, "more than once"},
		{"bad-escape", edit(func(q string) string { return q + "&x=%zz" }), testTime, apisig.ErrMalformed, tencent.CodeInvalidParameterValue, "percent-escape"},
		{"expired", nil, testTime.Add(6 * time.Minute), apisig.ErrSkewed, tencent.CodeSignatureExpire, ""},
		{"unknown-key", edit(func(q string) string { return strings.Replace(q, "SecretId=AKID", "SecretId=AKIE", 1) }), testTime, apisig.ErrUnknownKey, tencent.CodeSecretIDNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := signedV1(t, &tencent.V1{Clock: apisig.FixedClock(testTime), Nonce: fixedNonce}, get())
			if tc.mutate != nil {
				tc.mutate(req)
			}
			v := &tencent.V1{Clock: apisig.FixedClock(tc.clock), Keys: testKeys}
			_, err := v.Verify(context.Background(), req)
			checkErr(t, err, tc.kind, tc.code, tc.contains)
		})
	}
}

func TestV1Replay(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	s := &tencent.V1{Clock: clock, Nonce: apisig.NonceFunc(func() (string, error) { return "7", nil })}
	v := &tencent.V1{Clock: clock, Keys: testKeys}
	req := signedV1(t, s, newRequest("GET", "cvm.tencentcloudapi.com", "/", "Action=A", "")())
	if _, err := v.Verify(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	_, err := v.Verify(context.Background(), req)
	if !errors.Is(err, apisig.ErrReplayed) || tencent.ErrorCode(err) != tencent.CodeSignatureFailure {
		t.Fatalf("replayed request: %v", err)
	}
	var re *apisig.RequestError
	if !errors.As(err, &re) || re.Part != "parameter Nonce" {
		t.Errorf("replayed request names %+v, want parameter Nonce", re)
	}
	// A forged request with the same nonce does not burn it: only verified nonces are claimed.
	s2 := &tencent.V1{Clock: clock, Nonce: apisig.NonceFunc(func() (string, error) { return "8", nil })}
	forged := signedV1(t, s2, newRequest("GET", "cvm.tencentcloudapi.com", "/", "Action=A", "")())
	forged.URL.RawQuery = strings.Replace(forged.URL.RawQuery, "Action=A", "Action=B", 1)
	if _, err := v.Verify(context.Background(), forged); !errors.Is(err, apisig.ErrMismatch) {
		t.Fatalf("forged: %v", err)
	}
	good := signedV1(t, s2, newRequest("GET", "cvm.tencentcloudapi.com", "/", "Action=A", "")())
	if _, err := v.Verify(context.Background(), good); err != nil {
		t.Fatalf("nonce 8 after a forged use: %v", err)
	}
}

func TestV1RequestSize(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	s := &tencent.V1{Clock: clock}
	big := "Action=A&Data=" + strings.Repeat("x", 2000)
	req := signedV1(t, s, newRequest("POST", "cvm.tencentcloudapi.com", "/", "", big, "Content-Type", "application/x-www-form-urlencoded")())
	v := &tencent.V1{Clock: clock, Keys: testKeys, MaxRequestSize: 1024}
	_, err := v.Verify(context.Background(), req)
	if tencent.ErrorCode(err) != tencent.CodeSignatureFailure || !strings.Contains(err.Error(), "TC3-HMAC-SHA256") {
		t.Fatalf("large v1 request: %v", err)
	}
	v.MaxRequestSize = 0
	if _, err := v.Verify(context.Background(), req); err != nil {
		t.Fatal(err)
	}
}

func TestV1SignErrors(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		s    *tencent.V1
		req  *http.Request
		kind error
		want string
	}{
		{"unknown-method-param", &tencent.V1{}, newRequest("GET", "h", "/", "Action=A&SignatureMethod=HmacSHA512", "")(), apisig.ErrInvalidInput, "HmacSHA1 or HmacSHA256"},
		{"unknown-method-field", &tencent.V1{Method: 7}, newRequest("GET", "h", "/", "Action=A", "")(), apisig.ErrInvalidInput, "HmacSHA1 or HmacSHA256"},
		{"no-action", &tencent.V1{}, newRequest("GET", "h", "/", "Limit=1", "")(), apisig.ErrInvalidInput, "Action"},
		{"put", &tencent.V1{}, newRequest("PUT", "h", "/", "Action=A", "")(), apisig.ErrInvalidInput, "GET"},
		{"post-json", &tencent.V1{}, newRequest("POST", "h", "/", "", "{}", "Content-Type", "application/json")(), apisig.ErrInvalidInput, "x-www-form-urlencoded"},
		{"post-auth-in-query", &tencent.V1{}, newRequest("POST", "h", "/", "Nonce=1", "Action=A", "Content-Type", "application/x-www-form-urlencoded")(), apisig.ErrInvalidInput, "form body"},
		{"nonce-not-integer", &tencent.V1{Nonce: apisig.RandomNonce}, newRequest("GET", "h", "/", "Action=A", "")(), apisig.ErrInvalidInput, "positive integer"},
		{"repeated", &tencent.V1{}, newRequest("GET", "h", "/", "Action=A&Action=B", "")(), apisig.ErrInvalidInput, "more than once"},
		{"post-one-shot-body", &tencent.V1{}, func() *http.Request {
			r := newRequest("POST", "h", "/", "", "Action=A", "Content-Type", "application/x-www-form-urlencoded")()
			r.GetBody = nil
			r.Body = io.NopCloser(r.Body)
			return r
		}(), apisig.ErrBodyNotReplayable, "GetBody"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.s.Sign(ctx, tc.req, testCreds)
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Sign = %v, want %v saying %q", err, tc.kind, tc.want)
			}
		})
	}
}

// TestV1SignatureNotURLEncoded: a base64 signature with '+' sent raw in a query reaches the
// server with a space instead, and does not match.
func TestV1SignatureNotURLEncoded(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	v := &tencent.V1{Clock: clock, Keys: testKeys}
	for n := 1; n < 200; n++ {
		nonce := strconv.Itoa(n)
		s := &tencent.V1{Clock: clock, Nonce: apisig.NonceFunc(func() (string, error) { return nonce, nil })}
		if err := s.SetKnob("signature-encoding", "raw"); err != nil {
			t.Fatal(err)
		}
		req := signedV1(t, s, newRequest("GET", "cvm.tencentcloudapi.com", "/", "Action=A", "")())
		if !strings.Contains(req.URL.RawQuery, "+") {
			continue
		}
		if _, err := v.Verify(context.Background(), req); !errors.Is(err, apisig.ErrMismatch) {
			t.Fatalf("raw signature with '+': %v", err)
		}
		return
	}
	t.Fatal("no signature with '+' in 200 nonces")
}

func TestTC3DefaultContentType(t *testing.T) {
	s := &tencent.TC3{Action: "A", Version: "V", Clock: apisig.FixedClock(testTime)}
	for method, want := range map[string]string{"GET": "application/x-www-form-urlencoded", "POST": "application/json"} {
		req := newRequest(method, "cvm.tencentcloudapi.com", "/", "", "")()
		tr, err := s.Explain(context.Background(), req, testCreds)
		if err != nil {
			t.Fatal(err)
		}
		if got := req.Header.Get("Content-Type"); got != want {
			t.Errorf("%s: Content-Type = %q, want %q", method, got, want)
		}
		if ch, _ := tr.Lookup("canonical headers"); !strings.HasPrefix(ch, "content-type:"+want+"\n") {
			t.Errorf("%s: canonical headers %q", method, ch)
		}
	}
}
