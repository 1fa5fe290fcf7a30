package paypal

import "github.com/apisig/apisig"

// Scheme describes X-PAYPAL-AUTHORIZATION for an [apisig.Registry]. Credentials: AccessKeyID
// is the API username, Secret the API password, SessionToken the token secret; the access token
// is the "token" parameter. To verify, the config's key store holds the API password under the
// "username" parameter and token secrets under their tokens.
func Scheme() apisig.Scheme {
	s := apisig.Scheme{
		ID:      SchemeID,
		Summary: "PayPal X-PAYPAL-AUTHORIZATION (Permissions service third-party access), as PayPal's Java SDK signs it",
		Params: []apisig.Param{
			{Name: "token", Doc: "the access token the Permissions API granted (its secret is the session token)", Required: true},
			{Name: "username", Doc: "the API username a verifier checks requests for (signing uses the access key id)"},
		},
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		return &Signer{Token: cfg.Param(s, "token"), Username: cfg.Param(s, "username"), Clock: cfg.Clock,
			Keys: cfg.Keys, TokenSecrets: cfg.Keys}, nil
	}
	return s
}
