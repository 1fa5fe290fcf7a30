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
	{"aws-sigv4a", authPrefixOrQuery("AWS4-ECDSA-P256-SHA256 ", "X-Amz-Region-Set")},
	{"aws-sigv2-s3", authPrefixOrQuery("AWS ", "AWSAccessKeyId")},
	{"aliyun-acs3", authPrefixOrQuery("ACS3-HMAC-SHA256 ", "")},
	{"aliyun-oss-v4", detectScope("OSS4-HMAC-SHA256 ", "x-oss-credential", "x-oss-signature-version", 2)},
	{"aliyun-oss-v1", authPrefixOrQuery("OSS ", "OSSAccessKeyId")},
	{"aliyun-rpc-v1", queryHas("AccessKeyId", "Signature", "SignatureMethod")},
	{"tencent-tc3", detectScope("TC3-HMAC-SHA256 ", "", "", 2)},
	{"tencent-cos", authPrefixOrQuery("q-sign-algorithm=", "q-sign-algorithm")},
	{"tencent-v1", queryHas("SecretId", "Signature", "Nonce")},
	{"oauth1", authPrefixOrQuery("OAuth ", "oauth_signature")},
	{"httpsig", headerHas("Signature-Input")},
	{"paypal-permissions", headerHas("X-PAYPAL-AUTHORIZATION")},
	{"webhook-github", headerHas("X-Hub-Signature-256")},
	{"webhook-github-sha1", headerHas("X-Hub-Signature")},
	{"webhook-stripe", headerHas("Stripe-Signature")},
	{"webhook-slack", headerHas("X-Slack-Signature")},
	{"webhook-shopify", headerHas("X-Shopify-Hmac-Sha256")},
	{"webhook-standard", headerHas("Webhook-Signature")},
}

// authPrefixOrQuery recognises an Authorization header starting with prefix, or a query
// parameter named param (a presigned URL); either may be "" for none.
func authPrefixOrQuery(prefix, param string) func(*http.Request) (map[string]string, bool) {
	return func(r *http.Request) (map[string]string, bool) {
		if prefix != "" && strings.HasPrefix(r.Header.Get("Authorization"), prefix) {
			return nil, true
		}
		return nil, param != "" && r.URL.Query().Has(param)
	}
}

// queryHas recognises a query (or form body: those schemes are read by their verifiers) that
// carries every one of the parameters.
func queryHas(params ...string) func(*http.Request) (map[string]string, bool) {
	return func(r *http.Request) (map[string]string, bool) {
		q := r.URL.Query()
		for _, p := range params {
			if !q.Has(p) {
				return nil, false
			}
		}
		return nil, true
	}
}

// headerHas recognises a request carrying the header.
func headerHas(name string) func(*http.Request) (map[string]string, bool) {
	return func(r *http.Request) (map[string]string, bool) {
		return nil, r.Header.Get(name) != ""
	}
}

// detectScope recognises an Authorization header of the algorithm (or a presigned query whose
// versionParam names it), and reads the region from field regionAt of its credential scope,
// AKID/date/region/... (OSS V4: the region; TC3: the service, in the same place).
func detectScope(algorithm, credParam, versionParam string, regionAt int) func(*http.Request) (map[string]string, bool) {
	return func(r *http.Request) (map[string]string, bool) {
		var cred string
		if v := r.Header.Get("Authorization"); strings.HasPrefix(v, algorithm) {
			for part := range strings.SplitSeq(strings.TrimPrefix(v, algorithm), ",") {
				if k, val, _ := strings.Cut(strings.TrimSpace(part), "="); k == "Credential" {
					cred = val
				}
			}
		} else if q := r.URL.Query(); versionParam != "" && q.Get(versionParam) == strings.TrimSpace(algorithm) {
			cred = q.Get(credParam)
		} else {
			return nil, false
		}
		name := "region"
		if strings.HasPrefix(algorithm, "TC3") {
			name = "service"
		}
		f := strings.Split(cred, "/")
		if len(f) > regionAt {
			return map[string]string{name: f[regionAt]}, true
		}
		return nil, true
	}
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
