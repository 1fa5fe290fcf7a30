package oss_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/apisig/apisig/alibaba/oss"
)

// FuzzParseAuthorizationV1 checks that no input panics the V1 header parser and that what it
// accepts formats back to itself.
func FuzzParseAuthorizationV1(f *testing.F) {
	for _, s := range []string{
		"OSS 44CF9590006BF252F707:26NBxoKdsyly4EDv6inkoDft/yA=",
		"OSS ak:x3E5TgOvl/i7PN618s5mEvpJDYk=",
		"OSS ak:dcLTea%2BYh9ApirQ8o8dOPqtvJXQ%3D",
		"OSS :", "OSS", "OSS a:b:c", "AWS a:b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		a, err := oss.ParseAuthorizationV1(v)
		if err != nil {
			if a != nil {
				t.Fatal("error with a non-nil result")
			}
			return
		}
		if a.AccessKeyID == "" || len(a.Signature) != 28 {
			t.Fatalf("accepted an incomplete header: %+v", a)
		}
		b, err := oss.ParseAuthorizationV1("OSS " + a.AccessKeyID + ":" + a.Signature)
		if err != nil || *b != *a {
			t.Fatalf("round trip: %+v, %v", b, err)
		}
	})
}

// FuzzParseAuthorizationV4 checks the V4 header parser the same way.
func FuzzParseAuthorizationV4(f *testing.F) {
	for _, s := range []string{
		"OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=abc;zabc,Signature=4a4183c187c07c8947db7620deb0a6b38d9fbdd34187b6dbaccb316fa251212f",
		"OSS4-HMAC-SHA256 Credential=ak/20231217/cn-hangzhou/oss/aliyun_v4_request,Signature=b94a3f999cf85bcdc00d332fbd3734ba03e48382c36fa4d5af5df817395bd9ea",
		"OSS4-HMAC-SHA256 Credential=a/b/c/d/e,,,", "OSS4-HMAC-SHA256", "OSS4-HMAC-SHA256 AdditionalHeaders=,Signature=",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		a, err := oss.ParseAuthorizationV4(v)
		if err != nil {
			if a != nil {
				t.Fatal("error with a non-nil result")
			}
			return
		}
		c := a.Credential
		if c.AccessKeyID == "" || len(c.Date) != 8 || c.Region == "" || c.Product == "" || len(a.Signature) != 64 {
			t.Fatalf("accepted an incomplete header: %+v", a)
		}
		again := oss.AlgorithmV4 + " Credential=" + c.AccessKeyID + "/" + c.Date + "/" + c.Region + "/" + c.Product + "/aliyun_v4_request"
		if len(a.AdditionalHeaders) > 0 {
			again += ",AdditionalHeaders=" + strings.Join(a.AdditionalHeaders, ";")
		}
		again += ",Signature=" + a.Signature
		b, err := oss.ParseAuthorizationV4(again)
		if err != nil || b.Credential != a.Credential || b.Signature != a.Signature || strings.Join(b.AdditionalHeaders, ";") != strings.Join(a.AdditionalHeaders, ";") {
			t.Fatalf("round trip of %q: %+v, %v", again, b, err)
		}
	})
}

// FuzzParsePresign checks that no query panics the V1 and V4 URL parsers and that what they
// accept is within the documented limits.
func FuzzParsePresign(f *testing.F) {
	for _, s := range []string{
		"Expires=1141889120&OSSAccessKeyId=44CF9590006BF252F707&Signature=EwaNTn1erJGkimiJ9WmXgwnANLc%3D",
		"Expires=1699807420&OSSAccessKeyId=ak&Signature=dcLTea%2BYh9ApirQ8o8dOPqtvJXQ%3D&versionId=versionId",
		"Expires=1606281461607&OSSAccessKeyId=a&Signature=x",
		"x-oss-credential=ak%2F20231217%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-date=20231217T025437Z&x-oss-expires=599&x-oss-signature=a39966c61718be0d5b14e668088b3fa07601033f6518ac7b523100014269c0fe&x-oss-signature-version=OSS4-HMAC-SHA256",
		"x-oss-expires=604801&x-oss-additional-headers=&x-oss-date=2023",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		if p, err := oss.ParsePresignV1(q); err == nil {
			if p.AccessKeyID == "" || len(p.Signature) != 28 || p.Expires.Unix() >= 1e12 {
				t.Fatalf("V1 accepted %+v", p)
			}
		}
		if p, err := oss.ParsePresignV4(q); err == nil {
			if p.Expires <= 0 || p.Expires > oss.MaxPresignExpiryV4 || len(p.Signature) != 64 || p.Credential.Date != p.Date.Format("20060102") {
				t.Fatalf("V4 accepted %+v", p)
			}
		}
	})
}

// FuzzParseErrorBody checks that no body panics the error-body parser and that the bytes form
// of an accepted body decodes or errs cleanly.
func FuzzParseErrorBody(f *testing.F) {
	f.Add([]byte("<Error><Code>SignatureDoesNotMatch</Code><StringToSign>GET\n\n\n1\n/b/k</StringToSign><StringToSignBytes>47 45 54</StringToSignBytes><EC>0002-00000040</EC></Error>"))
	f.Add([]byte("<Error><Code>AccessDenied</Code><Message>Request has expired.</Message></Error>"))
	f.Add([]byte("<Error><Code>x</Code><StringToSignBytes>zz 100 -1</StringToSignBytes></Error>"))
	f.Add([]byte("<html>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := oss.ParseErrorBody(b)
		if err != nil {
			return
		}
		if e.Code == "" {
			t.Fatal("accepted a body without a code")
		}
		if s, err := e.ServerStringToSign(); err == nil && e.StringToSignBytes != "" && len(s) != len(strings.Fields(e.StringToSignBytes)) {
			t.Fatalf("decoded %d bytes from %d items", len(s), len(strings.Fields(e.StringToSignBytes)))
		}
	})
}
