package oss

import (
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// Error codes and EC values OSS returns for signature failures. The EC values are those of
// OSS's error-code pages (help.aliyun.com/zh/oss/support/0002-000000NN).
const (
	CodeSignatureDoesNotMatch = "SignatureDoesNotMatch"
	CodeAccessDenied          = "AccessDenied"
	CodeInvalidAccessKeyID    = "InvalidAccessKeyId"
	CodeInvalidArgument       = "InvalidArgument"
	CodeRequestTimeTooSkewed  = "RequestTimeTooSkewed"
	CodeInvalidDigest         = "InvalidDigest"

	// ECSignatureMismatch: the signature does not match (0002-00000040).
	ECSignatureMismatch = "0002-00000040"
	// ECURLExpired: a signed URL used after its Expires (0002-00000069).
	ECURLExpired = "0002-00000069"
	// ECInvalidExpires: Expires / x-oss-expires is not a valid value (0002-00000070).
	ECInvalidExpires = "0002-00000070"
	// ECTimeTooSkewed: Date or x-oss-date too far from the server's time (0002-00000504).
	ECTimeTooSkewed = "0002-00000504"
	// ECURLNotYetValid: a V4 URL used before its x-oss-date, beyond the 15 minutes allowed
	// (0002-00000235).
	ECURLNotYetValid = "0002-00000235"

	msgSignatureDoesNotMatch = "The request signature we calculated does not match the signature you provided. Check your key and signing method."
)

// Error is a verification failure with the fields of OSS's XML error body. It wraps the
// apisig error that classifies it (an [*apisig.MismatchError] for SignatureDoesNotMatch, an
// [*apisig.RequestError] otherwise), so errors.Is with the sentinels works through it.
type Error struct {
	// Status is the HTTP status OSS answers with (403, 400).
	Status int
	// Code is OSS's error code: SignatureDoesNotMatch, AccessDenied, InvalidAccessKeyId, ...
	Code string
	// Message is OSS's message for the code.
	Message string
	// AccessKeyID is the key the request claimed (OSSAccessKeyId in the XML).
	AccessKeyID string
	// SignatureProvided is the signature the request carried.
	SignatureProvided string
	// StringToSign is the verifier's string to sign, session token redacted.
	StringToSign string
	// CanonicalRequest is the V4 verifier's canonical request, session token redacted.
	CanonicalRequest string
	// EC is OSS's detailed error code, e.g. 0002-00000040.
	EC string
	// Err is the classifying error.
	Err error
}

// Error returns the wrapped error's text with OSS's code and EC.
func (e *Error) Error() string {
	s := e.Err.Error()
	if e.EC != "" {
		s += " [EC " + e.EC + "]"
	}
	return s
}

// Unwrap returns the classifying error.
func (e *Error) Unwrap() error { return e.Err }

// ErrorBody is OSS's XML error body, as a server sends it and as [ErrorResponse] writes it.
// Fields OSS leaves out for a code are empty.
type ErrorBody struct {
	XMLName           xml.Name `xml:"Error"`
	Code              string   `xml:"Code"`
	Message           string   `xml:"Message"`
	RequestID         string   `xml:"RequestId"`
	HostID            string   `xml:"HostId"`
	OSSAccessKeyID    string   `xml:"OSSAccessKeyId,omitempty"`
	SignatureProvided string   `xml:"SignatureProvided,omitempty"`
	StringToSign      string   `xml:"StringToSign,omitempty"`
	StringToSignBytes string   `xml:"StringToSignBytes,omitempty"`
	CanonicalRequest  string   `xml:"CanonicalRequest,omitempty"`
	EC                string   `xml:"EC,omitempty"`
}

// ParseErrorBody parses an OSS XML error body, such as a real server's SignatureDoesNotMatch,
// so its StringToSign can be compared with apisig's. A body that is not an <Error> document is
// an error wrapping [apisig.ErrMalformed].
func ParseErrorBody(body []byte) (*ErrorBody, error) {
	var e ErrorBody
	if err := xml.Unmarshal(body, &e); err != nil {
		return nil, fmt.Errorf("%w: oss: error body is not OSS's <Error> XML: %v", apisig.ErrMalformed, err)
	}
	if e.Code == "" {
		return nil, fmt.Errorf("%w: oss: error body has no <Code>", apisig.ErrMalformed)
	}
	return &e, nil
}

// ServerStringToSign returns the server's string to sign, exactly: decoded from
// StringToSignBytes when the body has it (XML may have normalised the text's line ends or
// white space), else StringToSign.
func (e *ErrorBody) ServerStringToSign() (string, error) {
	if e.StringToSignBytes == "" {
		return e.StringToSign, nil
	}
	f := strings.Fields(e.StringToSignBytes)
	out := make([]byte, len(f))
	for i, h := range f {
		n, err := strconv.ParseUint(h, 16, 8)
		if err != nil {
			return "", fmt.Errorf("%w: oss: StringToSignBytes item %q is not a hex byte", apisig.ErrMalformed, h)
		}
		out[i] = byte(n)
	}
	return string(out), nil
}

// ErrorResponse renders a verification error from [V1.Verify] or [V4.Verify] as OSS renders
// it: the HTTP status and the XML body, with requestID and hostID in RequestId and HostId.
// Errors that are not verification failures become 500 InternalError.
func ErrorResponse(err error, requestID, hostID string) (status int, body []byte) {
	x := ErrorBody{RequestID: requestID, HostID: hostID}
	var oe *Error
	var re *apisig.RequestError
	switch {
	case errors.As(err, &oe):
		status = oe.Status
		x.Code, x.Message, x.OSSAccessKeyID, x.SignatureProvided, x.EC = oe.Code, oe.Message, oe.AccessKeyID, oe.SignatureProvided, oe.EC
		x.StringToSign, x.CanonicalRequest = oe.StringToSign, oe.CanonicalRequest
		if oe.StringToSign != "" {
			x.StringToSignBytes = hexBytes(oe.StringToSign)
		}
	case errors.As(err, &re):
		status, x.Code = http.StatusForbidden, re.Code
		if x.Code == "" {
			x.Code = CodeAccessDenied
		}
		if errors.Is(err, apisig.ErrMalformed) || errors.Is(err, apisig.ErrInvalidInput) {
			status = http.StatusBadRequest
		}
		x.Message = re.Part
		if re.Problem != "" {
			x.Message += " " + re.Problem
		}
	default:
		status, x.Code, x.Message = http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again."
	}
	out, _ := xml.MarshalIndent(x, "", "  ")
	return status, append([]byte(xml.Header), out...)
}

// hexBytes writes s as space-separated two-digit hex bytes, as OSS's StringToSignBytes does.
func hexBytes(s string) string {
	const digits = "0123456789abcdef"
	var b strings.Builder
	b.Grow(3 * len(s))
	for i := 0; i < len(s); i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte(digits[s[i]>>4])
		b.WriteByte(digits[s[i]&15])
	}
	return b.String()
}

// requestError builds the *Error for a request-level failure.
func requestError(scheme string, status int, code, ec, part, value, problem string, kind error) error {
	return &Error{Status: status, Code: code, Message: problem, EC: ec,
		Err: &apisig.RequestError{Scheme: scheme, Code: code, Part: part, Value: value, Problem: problem, Kind: kind}}
}

// timeError builds the *Error for a time failure (skewed, expired), recording the time at
// which the request's signature claims to be valid, so a tool can check the signature itself
// as of then.
func timeError(scheme, code, ec, part, value, problem string, kind error, at time.Time) *Error {
	e := requestError(scheme, http.StatusForbidden, code, ec, part, value, problem, kind).(*Error)
	e.Err.(*apisig.RequestError).SignedAt = at
	return e
}

func malformed(scheme, code, ec, part, value, problem string) error {
	return requestError(scheme, http.StatusBadRequest, code, ec, part, value, problem, apisig.ErrMalformed)
}
