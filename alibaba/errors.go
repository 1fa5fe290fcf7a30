package alibaba

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/apisig/apisig"
)

// Error codes and messages of Alibaba Cloud's API gateway, as its error responses spell them.
const (
	CodeSignatureDoesNotMatch  = "SignatureDoesNotMatch"
	CodeSignatureNonceUsed     = "SignatureNonceUsed"
	CodeInvalidTimeStampExpire = "InvalidTimeStamp.Expired"
	CodeInvalidTimeStampFormat = "InvalidTimeStamp.Format"
	CodeMissingTimestamp       = "MissingTimestamp"
	CodeMissingSignatureNonce  = "MissingSignatureNonce"
	CodeMissingAccessKeyID     = "MissingAccessKeyId"
	CodeMissingSignature       = "MissingSignature"
	CodeInvalidAccessKeyID     = "InvalidAccessKeyId.NotFound"
	CodeIncompleteSignature    = "IncompleteSignature"
	CodeInvalidSignatureMethod = "InvalidSignatureMethod"
	CodeInvalidSignatureVer    = "InvalidSignatureVersion"
	CodeInvalidParameter       = "InvalidParameter"
	CodeInvalidAuthorization   = "InvalidAuthorization"

	// MessageSignatureDoesNotMatch is the gateway's mismatch message; the server's string to
	// sign follows it.
	MessageSignatureDoesNotMatch = "Specified signature is not matched with our calculation. server string to sign is:"
	MessageSignatureNonceUsed    = "Specified signature nonce was used already."
	MessageTimeStampExpired      = "Specified time stamp or date value is expired."
	MessageTimeStampFormat       = "Specified time stamp or date value is not well formatted."
	MessageAccessKeyNotFound     = "Specified access key is not found."
)

// Error is a verification failure as Alibaba Cloud's gateway reports it: an HTTP status and
// a JSON body {"Code": ..., "Message": ...}. It wraps the apisig error that says the same in
// apisig's terms (a [*apisig.MismatchError] with the verifier's trace, or a
// [*apisig.RequestError]), so errors.Is with apisig's sentinels works on it.
type Error struct {
	// Status is the HTTP status the gateway answers with (400, 404).
	Status int `json:"-"`
	// Code is the gateway's error code, e.g. SignatureDoesNotMatch.
	Code string `json:"Code"`
	// Message is the gateway's message; for a mismatch it ends with the server's string to sign.
	Message string `json:"Message"`
	// Err is the apisig error underneath.
	Err error `json:"-"`
}

// Error returns "Code: Message", followed for a malformed or refused request by what apisig
// found wrong, "(part "value": problem)", e.g. (x-acs-date header "yesterday": want UTC as
// ...): the gateway's message alone does not say which header or parameter it means.
func (e *Error) Error() string {
	s := e.Code + ": " + e.Message
	var re *apisig.RequestError
	if errors.As(e.Err, &re) && re.Part != "" {
		s += " (" + re.Part
		if re.Value != "" {
			s += " " + strconv.Quote(re.Value)
		}
		if re.Problem != "" {
			s += ": " + re.Problem
		}
		s += ")"
	}
	return s
}

// Unwrap returns the apisig error underneath.
func (e *Error) Unwrap() error { return e.Err }

// MarshalJSON encodes the gateway's body, {"Code": ..., "Message": ...}.
func (e *Error) MarshalJSON() ([]byte, error) {
	type body struct {
		Code    string `json:"Code"`
		Message string `json:"Message"`
	}
	return json.Marshal(body{e.Code, e.Message})
}

// gatewayError wraps a RequestError with the gateway's code and message.
func gatewayError(status int, message string, err *apisig.RequestError) *Error {
	return &Error{Status: status, Code: err.Code, Message: message, Err: err}
}

// badRequest builds a 400 gateway error around a RequestError.
func badRequest(scheme, code, message, part, value, problem string, kind error) *Error {
	return gatewayError(http.StatusBadRequest, message, &apisig.RequestError{Scheme: scheme, Code: code, Part: part, Value: value, Problem: problem, Kind: kind})
}
