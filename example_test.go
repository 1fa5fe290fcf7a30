package apisig_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// exampleTime is the signing and verification time of the examples: both sides use
// apisig.FixedClock, so the output never depends on the wall clock.
var exampleTime = time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)

// exampleServer is an API that lets through only requests signed with SigV4 by a known key.
func exampleServer() *httptest.Server {
	verifier := &aws.SigV4{
		Region:  "us-east-1",
		Service: "execute-api",
		Clock:   apisig.FixedClock(exampleTime),
		Keys:    apisig.StaticKeys{"AKIDEXAMPLE": apisig.NewSecret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")},
	}
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, _ := apisig.VerifiedFrom(r.Context())
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "hello %s, you sent %q", v.AccessKeyID, body)
	})
	return httptest.NewServer(apisig.Middleware(apisig.MiddlewareOptions{Verifier: verifier})(api))
}

func ExampleTransport() {
	srv := exampleServer()
	defer srv.Close()

	client := &http.Client{Transport: &apisig.Transport{
		Signer: &aws.SigV4{Region: "us-east-1", Service: "execute-api", Clock: apisig.FixedClock(exampleTime)},
		Credentials: apisig.StaticCredentials{
			AccessKeyID: "AKIDEXAMPLE",
			Secret:      apisig.NewSecret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
		},
	}}
	resp, err := client.Post(srv.URL+"/prod/greet", "text/plain", strings.NewReader("hi"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status)
	fmt.Println(string(body))
	// Output:
	// 200 OK
	// hello AKIDEXAMPLE, you sent "hi"
}

func ExampleMiddleware() {
	srv := exampleServer()
	defer srv.Close()

	// An unsigned request is refused.
	resp, err := http.Get(srv.URL + "/prod/greet")
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.Status)
	fmt.Print(string(body))

	// A request signed with a secret the server does not have is refused too; the response
	// carries the server's canonical request so the client can find its mistake.
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/prod/greet", nil)
	signer := &aws.SigV4{Region: "us-east-1", Service: "execute-api", Clock: apisig.FixedClock(exampleTime)}
	if err := signer.Sign(req.Context(), req, apisig.Credentials{AccessKeyID: "AKIDEXAMPLE", Secret: apisig.NewSecret("not-the-secret")}); err != nil {
		fmt.Println(err)
		return
	}
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.Status)
	fmt.Println(strings.Contains(string(body), "The verifier computed:"))
	// Output:
	// 401 Unauthorized
	// apisig: aws-sigv4: request: has no Authorization header and no X-Amz-Signature query parameter (AccessDenied)
	// 403 Forbidden
	// true
}

func ExampleSecret() {
	creds := apisig.Credentials{AccessKeyID: "AKIDEXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")}
	fmt.Println(creds.Secret)
	fmt.Printf("%+v\n", creds)
	b, _ := json.Marshal(creds)
	fmt.Println(string(b))
	fmt.Println(len(creds.Secret.Reveal()))
	// Output:
	// [REDACTED]
	// {AccessKeyID:AKIDEXAMPLE Secret:[REDACTED] SessionToken:}
	// {"AccessKeyID":"AKIDEXAMPLE","Secret":"[REDACTED]","SessionToken":""}
	// 40
}
