package main

import (
	"net/http"
	"strings"

	"github.com/apisig/apisig/aws"
)

// detector recognises a signed request of one scheme from its Authorization header or its
// query, and reads the scheme parameters the signature itself carries (the credential scope).
type detector struct {
	scheme string
	detect func(r *http.Request) (params map[string]string, ok bool)
}

// detectors are tried in order; a new scheme family adds its rows when it joins the registry.
var detectors = []detector{
	{aws.SchemeID, detectSigV4},
}

// detectScheme returns the scheme that signed r and the parameters its signature carries, or
// "" when no detector recognises it (the caller then falls back to the host name).
func detectScheme(r *http.Request) (string, map[string]string) {
	for _, d := range detectors {
		if p, ok := d.detect(r); ok {
			return d.scheme, p
		}
	}
	return "", nil
}

// detectSigV4 recognises AWS4-HMAC-SHA256 in the Authorization header or X-Amz-Algorithm, and
// reads region and service from the credential scope.
func detectSigV4(r *http.Request) (map[string]string, bool) {
	var cred string
	if v := r.Header.Get("Authorization"); strings.HasPrefix(v, aws.Algorithm+" ") {
		for part := range strings.SplitSeq(strings.TrimPrefix(v, aws.Algorithm+" "), ",") {
			if k, val, _ := strings.Cut(strings.TrimSpace(part), "="); k == "Credential" {
				cred = val
			}
		}
	} else if q := r.URL.Query(); q.Get("X-Amz-Algorithm") == aws.Algorithm {
		cred = q.Get("X-Amz-Credential")
	} else {
		return nil, false
	}
	params := map[string]string{}
	// AKID/20130524/us-east-1/s3/aws4_request: the key id may itself hold no '/'.
	if f := strings.Split(cred, "/"); len(f) == 5 {
		params["region"], params["service"] = f[2], f[3]
	}
	return params, true
}
