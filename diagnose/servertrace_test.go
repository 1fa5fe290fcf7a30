package diagnose_test

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/diagnose"
	"github.com/apisig/apisig/schemes"
)

// The expected values below are typed from the quoted bodies (testdata/errors/README.md says
// where each comes from), never from ParseServerTrace's output. Where a body carries both a
// canonical request and a string to sign, the test also checks that the string to sign's last
// line is the hash of the canonical request: the server's own arithmetic, which a parse that
// lost or added a byte would break.

// s3CanonicalRequest is the canonical request AWS S3 returned in minio/minio#2986.
const s3CanonicalRequest = "GET\n/\n\nexpect:100-continue\nhost:s3.amazonaws.com\nx-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:20161018T091707Z\n\nexpect;host;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD"

const s3StringToSign = "AWS4-HMAC-SHA256\n20161018T091707Z\n20161018/us-east-1/s3/aws4_request\n9977fec5206b9a221f83b69fe0de934fc76de632d276964e02329e51ca90c413"

// spAPICanonicalRequest is the canonical string SP-API's gateway quoted in
// amzn/selling-partner-api-models#1101.
const spAPICanonicalRequest = "GET\n/sellers/v1/marketplaceParticipations\nMarketplaceId=A21TJRUUN4KGV\nhost:sellingpartnerapi-eu.amazon.com\n" +
	"x-amz-access-token:Atza|IwEBIHmzrSnvzfJ7Q37ywQLMXhHFE0y8Kivb4HWHgRlNH-Ql6EIiAyyDbjHasQwdafJktT68f4a_eUE4JsgmwTuqDAOmo8Txov7P7oxCMeXrl8xqzhYGb7mqPHGAhasa8UssOVgYvMTpj3EAqhpTfc9UYcdGNJNC8mQfKQ4dJPSVJQQRtyaFqZ9aB0L79AqcxoTFWmXGuEgIcrJeLCEkZ8wHA7qyDn064Hmx7cU4ym0g76yM0eiP1VuFGDHngVJVi3MZ-yi3MyuDs7r9rbvr5Tujt8sx1SXtjQszAul7-69rs1QZlaZ8sVnUcem8_pTuRK5W-qzof9oVd622Uj0hV84j2kTSuWRlxPrVK7iAhkqoAs1Q1EYRa7WJ9IxjWoqFO3HqYVMpfFETtOLkx_Vs1d9UIDDkXbFtSZ38RPeBzDt8ump_nx-Ti6ymCvmGRQ7DF016FoE\n" +
	"x-amz-date:20210304T123122Z\nx-amz-security-token:\n\nhost;x-amz-access-token;x-amz-date;x-amz-security-token\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

const spAPIStringToSign = "AWS4-HMAC-SHA256\n20210304T123122Z\n20210304/eu-west-1/execute-api/aws4_request\n8dfb04e6992727694587fb8d3258dc23f4814d7c7d46fa8a7f711a53f260ca77"

// hashCheck says how the string to sign's last line derives from the canonical request.
type hashCheck int

const (
	noHash hashCheck = iota
	sha256Hex
	sha1Hex // COS: the third line is sha1(FormatString)
)

var serverTraceGolden = []struct {
	file string
	want diagnose.ServerTrace
	// messagePrefix is checked instead of the whole message, which can be long.
	messagePrefix string
	// incomplete says the body is cut short: Incomplete must say so.
	incomplete bool
	hash       hashCheck
}{
	{file: "s3-sigv4-signature-does-not-match.xml", hash: sha256Hex,
		messagePrefix: "The request signature we calculated does not match",
		want: diagnose.ServerTrace{Code: "SignatureDoesNotMatch", CanonicalRequest: s3CanonicalRequest, StringToSign: s3StringToSign,
			SignatureProvided: "190d0f190d9af06017543ad0ef802abf6dee2dcf3836840cbaa13e8750f9f3ed"}},
	// The same body cut inside CanonicalRequestBytes, as the issue quotes it: every element
	// closed before the cut is read; the cut one is not.
	{file: "bad-s3-truncated.xml", hash: sha256Hex, incomplete: true,
		messagePrefix: "The request signature we calculated does not match",
		want: diagnose.ServerTrace{Code: "SignatureDoesNotMatch", CanonicalRequest: s3CanonicalRequest, StringToSign: s3StringToSign,
			SignatureProvided: "190d0f190d9af06017543ad0ef802abf6dee2dcf3836840cbaa13e8750f9f3ed"}},
	// Captured from versitygw v1.8.0 (curl --aws-sigv4 with a wrong secret): its newlines are
	// &#xA; entities.
	{file: "versitygw-signature-does-not-match.xml", hash: sha256Hex,
		messagePrefix: "The request signature we calculated does not match",
		want: diagnose.ServerTrace{Code: "SignatureDoesNotMatch",
			CanonicalRequest:  "PUT\n/bkt\nx=a%20b\nhost:127.0.0.1:17070\nx-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date:20261123T131014Z\n\nhost;x-amz-content-sha256;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			StringToSign:      "AWS4-HMAC-SHA256\n20261123T131014Z\n20261123/us-east-1/s3/aws4_request\n6a45750cafe452e64ac23eccc40537a0d278c4e6746a4c1d80f9b04aa894be0c",
			SignatureProvided: "eb13d7441754f53b471433ca0399ad1f3ea67cbfbf93136e675ad82ef09c0e92"}},
	{file: "s3-sigv2-signature-does-not-match.xml",
		messagePrefix: "The request signature we calculated does not match",
		want: diagnose.ServerTrace{Code: "SignatureDoesNotMatch",
			StringToSign:      "POST\n\nmultipart/form-data\n1546547029\n/4ev-image-testing/dfd10d7a-dbfe-4e38-a9bd-c779899ef5ca/1yjyrlI3NB-5dA-3y06js.jpg",
			SignatureProvided: "PBq8WI4rs33PxSLcXFTpOYG6Hzg="}},
	{file: "s3-authorization-header-malformed.xml",
		want: diagnose.ServerTrace{Code: "AuthorizationHeaderMalformed",
			Message:        "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-central-1'",
			ExpectedRegion: "eu-central-1"}},
	// MinIO returns no canonical request nor string to sign (PEERS.md): only the code.
	{file: "minio-signature-does-not-match.xml",
		want: diagnose.ServerTrace{Code: "SignatureDoesNotMatch",
			Message: "The request signature we calculated does not match the signature you provided. Check your key and signing method."}},
	{file: "ec2-signature-does-not-match.xml",
		messagePrefix: "The request signature we calculated does not match",
		want:          diagnose.ServerTrace{Code: "SignatureDoesNotMatch"}},
	// The reporter redacted the StringToSign text (and lost its newlines); the byte listing is
	// intact and is what the server computed.
	{file: "oss-signature-does-not-match-edited.xml",
		messagePrefix: "The request signature we calculated does not match",
		want: diagnose.ServerTrace{Code: "SignatureDoesNotMatch",
			StringToSign:      "GET\n\n\n1708795817\n/filebox-woolio/filebox-woolio/share/data/2024/02/25/7316ceba652e43159ecfa9f69d634672.webp",
			SignatureProvided: "IRmZh4spCWLR926M9ukbnSmFzJ0="}},
	// Cut inside StringToSignBytes: the text form was closed before the cut.
	{file: "oss-signature-does-not-match-truncated.xml", incomplete: true,
		messagePrefix: "The request signature we calculated does not match",
		want: diagnose.ServerTrace{Code: "SignatureDoesNotMatch",
			StringToSign:      "PUT\n\nimage/png\nSat, 16 Apr 2022 07:43:21 GMT\n/ljp-blog/1.c  环境测试.png",
			SignatureProvided: "X5eag9XWCsd/Cq3QzZjWZMOgF0Y="}},
	// COS's canonical request is FormatString; the quote ends after <RequestId>.
	{file: "cos-signature-does-not-match.xml", hash: sha1Hex, incomplete: true,
		want: diagnose.ServerTrace{Code: "SignatureDoesNotMatch", Message: "The Signature you specified is invalid.",
			CanonicalRequest: "put\n/imagesresume-zh en_页面_1.png\n\nhost=o2-1258123310.cos.ap-beijing.myqcloud.com\n",
			StringToSign:     "sha1\n1615113257;1615199657\nc7503b92a8581b3f3f68c8f7f64a8917b03a1a95\n"}},
	{file: "alibaba-rpc-signature-does-not-match.json",
		messagePrefix: "Specified signature is not matched with our calculation. server string to sign is:POST&",
		want: diagnose.ServerTrace{Code: "SignatureDoesNotMatch",
			StringToSign: "POST&%2F&AccessKeyId%3DLTAIlFW9Sddoh5pV%26Action%3DGetMainDomainName%26Format%3Djson%26InputString%3Djokor.vip%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D217f3bb4-f3e6-4479-9bac-2bfa68122c54%26SignatureVersion%3D1.0%26Timestamp%3D2019-05-12T14%253A06%253A51Z%26Version%3D2015-01-09"}},
	{file: "tencent-signature-failure.json",
		want: diagnose.ServerTrace{Code: "AuthFailure.SignatureFailure",
			Message: "The provided credentials could not be validated. Please check your signature is correct."}},
	// Tencent's Chinese message carries no trace: the code and message are kept as sent.
	{file: "tencent-signature-failure-zh.json",
		want: diagnose.ServerTrace{Code: "AuthFailure.SignatureFailure", Message: "请求签名验证失败，请检查您的签名计算是否正确。"}},
	// OpenSearch's gateway; the reporter renamed the host, so its hash does not check.
	{file: "opensearch-canonical-string.json",
		messagePrefix: "The request signature we calculated does not match",
		want: diagnose.ServerTrace{
			CanonicalRequest: "GET\n/_plugin/kibana/\n\nhost:search-production-applicationlogs-omittied.us-east-1.es.amazonaws.com\nx-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date:20160210T173713Z\n\nhost;x-amz-content-sha256;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			StringToSign:     "AWS4-HMAC-SHA256\n20160210T173713Z\n20160210/us-east-1/es/aws4_request\nfd25fa89477f88ffc390ea6ea90c5de2e35aea5c4e588ebb0ec972dc47b9e995"}},
	{file: "sp-api-canonical-string.json", hash: sha256Hex,
		messagePrefix: "The request signature we calculated does not match",
		want:          diagnose.ServerTrace{Code: "InvalidSignature", CanonicalRequest: spAPICanonicalRequest, StringToSign: spAPIStringToSign}},
	// As the reporter printed it: newlines inside the JSON string, so it does not parse; the
	// quoted canonical string is still read whole (its quotes delimit it), and nothing else.
	{file: "sp-api-canonical-string-as-quoted.txt", hash: sha256Hex, incomplete: true,
		want: diagnose.ServerTrace{CanonicalRequest: spAPICanonicalRequest, StringToSign: spAPIStringToSign}},
}

func readError(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "errors", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseServerTraceGolden(t *testing.T) {
	for _, tc := range serverTraceGolden {
		t.Run(tc.file, func(t *testing.T) {
			st := diagnose.ParseServerTrace(readError(t, tc.file))
			if st == nil {
				t.Fatal("nil trace")
			}
			got := *st
			if tc.messagePrefix != "" {
				if !strings.HasPrefix(got.Message, tc.messagePrefix) {
					t.Errorf("Message = %q, want prefix %q", got.Message, tc.messagePrefix)
				}
				got.Message = tc.want.Message
			}
			if tc.incomplete != (got.Incomplete != "") {
				t.Errorf("Incomplete = %q, want a statement: %v", got.Incomplete, tc.incomplete)
			}
			got.Incomplete = ""
			if got != tc.want {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
			checkHash(t, tc.hash, st)
		})
	}
}

// checkHash verifies the server's own arithmetic on what was parsed.
func checkHash(t *testing.T, h hashCheck, st *diagnose.ServerTrace) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(st.StringToSign, "\n"), "\n")
	switch h {
	case sha256Hex:
		sum := sha256.Sum256([]byte(st.CanonicalRequest))
		if got := hex.EncodeToString(sum[:]); got != lines[len(lines)-1] {
			t.Errorf("sha256(canonical request) = %s, the string to sign says %s", got, lines[len(lines)-1])
		}
	case sha1Hex:
		sum := sha1.Sum([]byte(st.CanonicalRequest))
		if got := hex.EncodeToString(sum[:]); len(lines) < 3 || got != lines[2] {
			t.Errorf("sha1(FormatString) = %s, the string to sign says %q", got, st.StringToSign)
		}
	}
}

// TestParseServerTraceBadInput: bodies that hold no trace give nil or a statement of what
// could not be read, never a panic and never a field that the body does not hold in full.
func TestParseServerTraceBadInput(t *testing.T) {
	for _, name := range []string{"bad-empty.txt", "bad-binary.bin", "bad-html-403.html", "bad-html-signature.html"} {
		t.Run(name, func(t *testing.T) {
			if st := diagnose.ParseServerTrace(readError(t, name)); st != nil {
				t.Errorf("got %#v, want nil", *st)
			}
		})
	}
	// An Alibaba body cut inside its string to sign: the string to sign runs to the end of
	// the message, which is not there, so none is reported.
	t.Run("bad-alibaba-truncated.json", func(t *testing.T) {
		st := diagnose.ParseServerTrace(readError(t, "bad-alibaba-truncated.json"))
		if st == nil {
			t.Fatal("nil: the body says it is a signature error, and that it could not be read whole")
		}
		if st.StringToSign != "" || st.CanonicalRequest != "" || st.Code != "" {
			t.Errorf("made-up fields from a cut body: %#v", *st)
		}
		if st.Incomplete == "" {
			t.Error("Incomplete is empty")
		}
	})
	// Cut every golden body at every byte: never a panic, and whatever is read of a trace is
	// a prefix-free whole: a canonical request or string to sign taken from a cut body is
	// either the one the whole body gives, or absent.
	for _, tc := range serverTraceGolden {
		if strings.Contains(tc.file, "edited") {
			continue // its text and byte forms disagree on purpose
		}
		body := readError(t, tc.file)
		whole := diagnose.ParseServerTrace(body)
		for i := range body {
			st := diagnose.ParseServerTrace(body[:i])
			if st == nil {
				continue
			}
			for _, f := range []struct{ name, got, want string }{
				{"CanonicalRequest", st.CanonicalRequest, whole.CanonicalRequest},
				{"StringToSign", st.StringToSign, whole.StringToSign},
				{"SignatureProvided", st.SignatureProvided, whole.SignatureProvided},
				{"ExpectedRegion", st.ExpectedRegion, whole.ExpectedRegion},
			} {
				if f.got != "" && f.got != f.want {
					t.Errorf("%s cut at %d: %s = %q, the whole body gives %q", tc.file, i, f.name, f.got, f.want)
				}
			}
		}
	}
}

// versitygwRequest is the request behind versitygw-signature-does-not-match.xml, rebuilt from
// the canonical request versitygw returned; curl signed it with the secret "wrongsecret".
func versitygwRequest(t *testing.T) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, "http://127.0.0.1:17070/bkt?x=a%20b", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Amz-Date", "20261123T131014Z")
	req.Header.Set("X-Amz-Content-Sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=vgwadmin/20261123/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=eb13d7441754f53b471433ca0399ad1f3ea67cbfbf93136e675ad82ef09c0e92")
	return req
}

// TestDiagnoseVersitygwBody diagnoses the captured versitygw rejection offline. curl's
// signature verifies with the secret curl was given (a third-party signer checked by apisig);
// with the server's secret, versitygw's canonical request and string to sign equal apisig's,
// no knob reproduces the signature, and the report says the key is what is left.
func TestDiagnoseVersitygwBody(t *testing.T) {
	ctx := context.Background()
	s, err := schemes.Registry().Lookup("aws-sigv4")
	if err != nil {
		t.Fatal(err)
	}
	body := readError(t, "versitygw-signature-does-not-match.xml")
	at := apisig.FixedClock(time.Date(2026, 11, 23, 13, 10, 14, 0, time.UTC))
	params := map[string]string{"region": "us-east-1", "service": "s3"}
	resp := &diagnose.Response{Status: http.StatusForbidden, Body: body}

	rep, err := diagnose.Diagnose(ctx, diagnose.Case{Request: versitygwRequest(t), Scheme: s, Params: params, Secret: apisig.NewSecret("wrongsecret"), Response: resp, Clock: at})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Verified {
		t.Fatalf("curl's signature does not verify with curl's secret: %+v", rep.Findings)
	}

	rep, err = diagnose.Diagnose(ctx, diagnose.Case{Request: versitygwRequest(t), Scheme: s, Params: params, Secret: apisig.NewSecret("vgwsecret1234"), Response: resp, Clock: at})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verified || rep.Provided != "eb13d7441754f53b471433ca0399ad1f3ea67cbfbf93136e675ad82ef09c0e92" {
		t.Fatalf("verified %v, provided %q", rep.Verified, rep.Provided)
	}
	var same, key bool
	for _, f := range rep.Findings {
		t.Logf("%s %v: %s", f.Method, f.Mistakes, f.Cause)
		same = same || f.Method == "server-trace" && strings.Contains(f.Cause, "same canonical request and string to sign")
		key = key || len(f.Knobs) == 0 && slices.Contains(f.Mistakes, "A36") && slices.Contains(f.Mistakes, "A31")
		if f.Method == "knob-search" && len(f.Knobs) > 0 {
			t.Errorf("a knob setting claimed for a wrong secret: %+v", f)
		}
	}
	if !same || !key {
		t.Errorf("want the server-trace agreement and the key left as the cause; got %+v", rep.Findings)
	}
}

// TestDiagnoseWithBadBodies: a rejected request diagnosed with error bodies that hold no trace,
// or only part of one. The report says what the server's body gave (nothing, or an Incomplete
// statement) and never diffs against a trace that was not read in full.
func TestDiagnoseWithBadBodies(t *testing.T) {
	ctx := context.Background()
	s, err := schemes.Registry().Lookup("aws-sigv4")
	if err != nil {
		t.Fatal(err)
	}
	at := apisig.FixedClock(time.Date(2026, 11, 23, 13, 10, 14, 0, time.UTC))
	params := map[string]string{"region": "us-east-1", "service": "s3"}
	for _, name := range []string{"bad-empty.txt", "bad-binary.bin", "bad-html-403.html", "bad-html-signature.html", "bad-alibaba-truncated.json", "bad-s3-truncated.xml", "tencent-signature-failure-zh.json"} {
		t.Run(name, func(t *testing.T) {
			rep, err := diagnose.Diagnose(ctx, diagnose.Case{Request: versitygwRequest(t), Scheme: s, Params: params, Secret: apisig.NewSecret("vgwsecret1234"),
				Response: &diagnose.Response{Status: http.StatusForbidden, Body: readError(t, name)}, Clock: at})
			if err != nil {
				t.Fatal(err)
			}
			if st := rep.Server; st != nil && st.CanonicalRequest == "" && st.StringToSign == "" {
				for _, f := range rep.Findings {
					if f.Method == "server-trace" {
						t.Errorf("a server-trace finding without a server trace: %+v", f)
					}
				}
			}
			if rep.Server != nil && strings.HasPrefix(name, "bad-") && rep.Server.Incomplete == "" && rep.Server.CanonicalRequest+rep.Server.StringToSign != "" {
				t.Errorf("a trace read from a bad body without saying it is incomplete: %+v", rep.Server)
			}
			if len(rep.Findings) == 0 {
				t.Error("no finding")
			}
		})
	}
}
