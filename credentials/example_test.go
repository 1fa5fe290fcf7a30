package credentials_test

import (
	"fmt"
	"net/http"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/credentials"
)

// A Chain finds the credentials; Resolve says where they came from. In a program, use
// credentials.OS() for Env; here the environment is a map, as in tests.
func ExampleChain_Resolve() {
	vars := map[string]string{
		"AWS_ACCESS_KEY_ID":     "AKIAIOSFODNN7EXAMPLE",
		"AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"AWS_REGION":            "eu-west-1",
	}
	chain := credentials.Chain{
		Ecosystem: credentials.AWS,
		Env:       credentials.Env{Getenv: func(k string) string { return vars[k] }},
	}
	res, err := chain.Resolve()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("credentials:", res.Source, credentials.RedactKeyID(res.Credentials.AccessKeyID))
	fmt.Println("region:", res.Region, "from", res.RegionSource)
	fmt.Println("secret:", res.Credentials.Secret)

	// The chain is a CredentialsProvider: a Transport resolves it for each request.
	_ = &http.Client{Transport: &apisig.Transport{Credentials: chain /* , Signer: ... */}}
	// Output:
	// credentials: env AWS_ACCESS_KEY_ID ****MPLE
	// region: eu-west-1 from env AWS_REGION
	// secret: [REDACTED]
}

// Report lists every source looked at, redacted, as `apisig credentials` prints it.
func ExampleChain_Report() {
	vars := map[string]string{"AWS_PROFILE": "dev"}
	rep := credentials.Chain{
		Ecosystem: credentials.AWS,
		Env:       credentials.Env{Getenv: func(k string) string { return vars[k] }},
	}.Report()
	fmt.Printf("profile %q from %s\n", rep.Profile, rep.ProfileFrom)
	for _, f := range rep.Findings {
		fmt.Printf("%s: %s (%s)\n", f.Source, f.State, f.Note)
	}
	fmt.Println(rep.Err)
	// Output:
	// profile "dev" from env AWS_PROFILE
	// flags: not found (not given)
	// env AWS_ACCESS_KEY_ID: not found (not set)
	// file ~/.aws/credentials: not found (no home directory)
	// file ~/.aws/config: not found (no home directory)
	// file ~/.config/apisig/credentials.json: not found (no home directory)
	// credentials: aws profile "dev" (from env AWS_PROFILE) not found; no file defines any profile
}
