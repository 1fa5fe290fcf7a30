package oss_test

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba/oss"
)

// The PUT-object example of OSS's "Include signatures in the Authorization header" page.
func ExampleV1_Sign() {
	req, _ := http.NewRequest("PUT", "http://oss-example.oss-cn-hangzhou.aliyuncs.com/nelson", nil)
	req.Header.Set("Content-MD5", "ODBGOERFMDMzQTczRUY3NUE3NzA5QzdFNUYzMDQxNEM=")
	req.Header.Set("Content-Type", "text/html")
	req.Header.Set("X-OSS-Meta-Author", "foo@bar.com")
	req.Header.Set("X-OSS-Magic", "abracadabra")
	s := &oss.V1{Clock: apisig.FixedClock(time.Date(2005, 11, 17, 18, 49, 58, 0, time.UTC))}
	creds := apisig.Credentials{AccessKeyID: "44CF9590006BF252F707", Secret: apisig.NewSecret("OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV")}
	if err := s.Sign(context.Background(), req, creds); err != nil {
		panic(err)
	}
	fmt.Println(req.Header.Get("Authorization"))
	// Output: OSS 44CF9590006BF252F707:26NBxoKdsyly4EDv6inkoDft/yA=
}

// A V4 URL for the aliyun-oss-go-sdk TestAuthV4Query request, valid for 599 seconds.
func ExampleV4_Presign() {
	req, _ := http.NewRequest("PUT", "http://bucket.oss-cn-hangzhou.aliyuncs.com/1234+-/123/1.txt?param1=value1&%2Bparam1=value3&%7Cparam1=value4&%2Bparam2&%7Cparam2&param2", nil)
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("x-oss-head1", "value") // signed: an x-oss-* header
	s := &oss.V4{Region: "cn-hangzhou", Clock: apisig.FixedClock(time.Date(2023, 12, 17, 2, 54, 37, 0, time.UTC))}
	creds := apisig.Credentials{AccessKeyID: "ak", Secret: apisig.NewSecret("sk")}
	p, err := s.Presign(context.Background(), req, creds, 599*time.Second)
	if err != nil {
		panic(err)
	}
	fmt.Println(p.URL.Query().Get("x-oss-signature"))
	// Output: a39966c61718be0d5b14e668088b3fa07601033f6518ac7b523100014269c0fe
}

// A verifier's mismatch rendered as OSS's XML error body.
func ExampleErrorResponse() {
	keys := apisig.StaticKeys{"ak": apisig.NewSecret("sk")}
	clock := apisig.FixedClock(time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC))
	req, _ := http.NewRequest("GET", "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/k", nil)
	req.Header.Set("Date", "Mon, 23 Nov 2026 09:30:00 GMT")
	req.Header.Set("Authorization", "OSS ak:AAAAAAAAAAAAAAAAAAAAAAAAAAA=")
	_, err := (&oss.V1{Clock: clock, Keys: keys}).Verify(context.Background(), req)
	status, body := oss.ErrorResponse(err, "656C4E1F8EC4F7383239E3A2", "examplebucket.oss-cn-hangzhou.aliyuncs.com")
	fmt.Println(status)
	fmt.Println(string(body))
	// Output:
	// 403
	// <?xml version="1.0" encoding="UTF-8"?>
	// <Error>
	//   <Code>SignatureDoesNotMatch</Code>
	//   <Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>
	//   <RequestId>656C4E1F8EC4F7383239E3A2</RequestId>
	//   <HostId>examplebucket.oss-cn-hangzhou.aliyuncs.com</HostId>
	//   <OSSAccessKeyId>ak</OSSAccessKeyId>
	//   <SignatureProvided>AAAAAAAAAAAAAAAAAAAAAAAAAAA=</SignatureProvided>
	//   <StringToSign>GET&#xA;&#xA;&#xA;Mon, 23 Nov 2026 09:30:00 GMT&#xA;/examplebucket/k</StringToSign>
	//   <StringToSignBytes>47 45 54 0a 0a 0a 4d 6f 6e 2c 20 32 33 20 4e 6f 76 20 32 30 32 36 20 30 39 3a 33 30 3a 30 30 20 47 4d 54 0a 2f 65 78 61 6d 70 6c 65 62 75 63 6b 65 74 2f 6b</StringToSignBytes>
	//   <EC>0002-00000040</EC>
	// </Error>
}
