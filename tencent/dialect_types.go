package tencent

import (
	"strings"
)

// KeyDerivation changes the TC3 signing-key chain.
type KeyDerivation uint8

// The key derivations.
const (
	KeyChainTC3             KeyDerivation = iota // HMAC("TC3"+secret, date) → service → "tc3_request" (correct)
	KeyChainNoPrefix                             // leaves out the "TC3" prefix of the secret
	KeyChainHexIntermediate                      // feeds each intermediate key on as hex text
)

// SecretForm changes the secret before it is used, reproducing secrets copied with extra
// characters (E03).
type SecretForm uint8

// The secret forms.
const (
	SecretAsGiven    SecretForm = iota // the secret as given (correct)
	SecretTrimmed                      // surrounding white space removed
	SecretHashField2                   // the second '#'-separated field of "SecretId#SecretKey#region#..."
)

func (f SecretForm) apply(s string) string {
	switch f {
	case SecretTrimmed:
		return strings.TrimSpace(s)
	case SecretHashField2:
		if parts := strings.Split(s, "#"); len(parts) > 1 {
			return parts[1]
		}
	}
	return s
}

// DateZone is the time zone the TC3 credential-scope date is computed in.
type DateZone uint8

// The date zones.
const (
	DateUTC     DateZone = iota // the UTC date of X-TC-Timestamp (correct)
	DateBeijing                 // the date in Beijing time, UTC+8 (E01: wrong from 00:00 to 08:00 Beijing time)
)

// HostForm changes the host written in TC3's canonical headers.
type HostForm uint8

// The host forms.
const (
	HostAsSent        HostForm = iota // the Host the request carries (correct)
	HostTrailingSlash                 // the host with a '/' appended, as copied from an endpoint URL (E04)
)

// ValueCase says how TC3 canonical header values are cased.
type ValueCase uint8

// The value cases.
const (
	ValuesLower  ValueCase = iota // lower-cased, as the TC3 documentation specifies (correct)
	ValuesAsSent                  // as sent (what SDKs do; equal whenever the values are lower-case)
)

// URIForm says what TC3's canonical URI is.
type URIForm uint8

// The URI forms.
const (
	URIPath URIForm = iota // the request's path as sent, "/" when empty (correct: API 3.0 endpoints serve "/")
	URIRoot                // always "/", whatever the path (the SDKs, for endpoints configured with a path)
)

// SortForm is how v1 orders its parameters in the string to sign.
type SortForm uint8

// The sort forms.
const (
	SortKeys   SortForm = iota // by key, byte order (correct)
	SortJoined                 // the k=v strings sorted as whole strings: Action.1=… before Action=…
)

// SignatureEncoding is how a v1 signature is written into the query or form body.
type SignatureEncoding uint8

// The signature encodings.
const (
	SignatureURLEncoded SignatureEncoding = iota // percent-encoded (correct)
	SignatureRaw                                 // base64 as is: the server decodes '+' to a space
)

// DigestForm is how the v1 MAC is turned into text.
type DigestForm uint8

// The digest forms.
const (
	DigestBase64    DigestForm = iota // base64 of the raw digest (correct)
	DigestHex                         // the hex digest
	DigestBase64Hex                   // base64 of the hex digest's text
)

// STSForm says which parts open the v1 string to sign.
type STSForm uint8

// The string-to-sign forms.
const (
	STSMethodHostPath STSForm = iota // METHOD + host + path + "?" (correct)
	STSNoHost                        // METHOD + path + "?"
	STSNoPath                        // METHOD + host + "?"
	STSNoHostPath                    // METHOD + "?"
)

// MethodForm says which method the v1 string to sign starts with.
type MethodForm uint8

// The method forms.
const (
	MethodAsSent  MethodForm = iota // the request's method (correct)
	MethodSwapped                   // GET for a POST and POST for a GET
	MethodLower                     // the method in lower case
)
