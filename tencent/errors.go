package tencent

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/apisig/apisig"
)

// Tencent Cloud API 3.0 error codes that verification reports, in [apisig.RequestError.Code]
// and [apisig.MismatchError.Code]. The descriptions are those of Tencent's public error-code
// table ("公共错误码").
const (
	// CodeSignatureFailure: the signature does not match (签名错误).
	CodeSignatureFailure = "AuthFailure.SignatureFailure"
	// CodeSignatureExpire: the timestamp is more than five minutes from the server's clock (签名过期).
	CodeSignatureExpire = "AuthFailure.SignatureExpire"
	// CodeSecretIDNotFound: the SecretId is not known (密钥不存在).
	CodeSecretIDNotFound = "AuthFailure.SecretIdNotFound"
	// CodeInvalidAuthorization: the Authorization header is malformed.
	CodeInvalidAuthorization = "AuthFailure.InvalidAuthorization"
	// CodeMissingParameter: a required header or parameter is missing.
	CodeMissingParameter = "MissingParameter"
	// CodeInvalidParameterValue: a header or parameter has a value outside its domain.
	CodeInvalidParameterValue = "InvalidParameterValue"
	// CodeInternalError: a technical failure of the verifier (key store, body).
	CodeInternalError = "InternalError"
)

// Messages for the codes. SignatureFailure's is the English text Tencent's servers send
// (quoted in public issues); SignatureExpire's and SecretIdNotFound's are the descriptions of
// Tencent's public error-code table; the others are apisig's own wording.
var codeMessages = map[string]string{
	CodeSignatureFailure:     "The provided credentials could not be validated. Please check your signature is correct.",
	CodeSignatureExpire:      "Signature expired. Timestamp and server time cannot differ by more than five minutes. Please ensure your current local time matches the standard time.",
	CodeSecretIDNotFound:     "Key does not exist. Check whether the key has been deleted or disabled in the console, and if not, check whether the key is correctly entered. Note that there shall be no space before or after the key.",
	CodeInvalidAuthorization: "The Authorization header is invalid.",
	CodeInternalError:        "An internal error has occurred. Retry your request, but if the problem persists, contact us.",
}

// ErrorCode returns the Tencent error code for an error returned by [TC3.Verify] or
// [V1.Verify]: the code the error carries, AuthFailure.SignatureFailure for a mismatch or a
// replay, and InternalError for a technical failure.
func ErrorCode(err error) string {
	var me *apisig.MismatchError
	var re *apisig.RequestError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &me) && me.Code != "":
		return me.Code
	case errors.As(err, &re) && re.Code != "":
		return re.Code
	case errors.Is(err, apisig.ErrMismatch), errors.Is(err, apisig.ErrReplayed):
		return CodeSignatureFailure
	case errors.Is(err, apisig.ErrSkewed), errors.Is(err, apisig.ErrExpired):
		return CodeSignatureExpire
	case errors.Is(err, apisig.ErrUnknownKey):
		return CodeSecretIDNotFound
	case errors.Is(err, apisig.ErrMalformed), errors.Is(err, apisig.ErrNotSigned):
		return CodeInvalidAuthorization
	}
	return CodeInternalError
}

// errorMessage is the Message Tencent would write for err.
func errorMessage(code string, err error) string {
	if m, ok := codeMessages[code]; ok {
		var re *apisig.RequestError
		if errors.As(err, &re) && re.Problem != "" && code != CodeSignatureFailure {
			return m + " (" + re.Part + ": " + re.Problem + ")"
		}
		return m
	}
	var re *apisig.RequestError
	if errors.As(err, &re) {
		return re.Part + ": " + re.Problem
	}
	return err.Error()
}

// ErrorBody renders a verification error as the JSON body Tencent Cloud API 3.0 answers with:
//
//	{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"..."},"RequestId":"..."}}
//
// It returns nil for a nil error. Secrets never appear: the errors carry none.
func ErrorBody(err error, requestID string) []byte {
	if err == nil {
		return nil
	}
	code := ErrorCode(err)
	type body struct {
		Response struct {
			Error struct {
				Code    string `json:"Code"`
				Message string `json:"Message"`
			} `json:"Error"`
			RequestID string `json:"RequestId"`
		} `json:"Response"`
	}
	var b body
	b.Response.Error.Code = code
	b.Response.Error.Message = errorMessage(code, err)
	b.Response.RequestID = requestID
	out, _ := json.Marshal(b)
	return out
}

// ParseErrorBody reads a Tencent Cloud API 3.0 error response, as a client receives it. It
// returns the code, the message and the request id; a body that is not such a response is an
// error wrapping [apisig.ErrMalformed].
func ParseErrorBody(data []byte) (code, message, requestID string, err error) {
	var b struct {
		Response *struct {
			Error *struct {
				Code    *string `json:"Code"`
				Message string  `json:"Message"`
			} `json:"Error"`
			RequestID string `json:"RequestId"`
		} `json:"Response"`
	}
	if err := json.Unmarshal(data, &b); err != nil {
		return "", "", "", &apisig.RequestError{Scheme: "tencent", Part: "error body", Problem: "is not JSON: " + err.Error(), Kind: apisig.ErrMalformed}
	}
	if b.Response == nil || b.Response.Error == nil || b.Response.Error.Code == nil || *b.Response.Error.Code == "" {
		return "", "", "", &apisig.RequestError{Scheme: "tencent", Part: "error body", Problem: `has no Response.Error.Code`, Kind: apisig.ErrMalformed}
	}
	return *b.Response.Error.Code, b.Response.Error.Message, b.Response.RequestID, nil
}

// WriteError writes a verification error as Tencent Cloud API 3.0 answers it: HTTP 200 with
// the JSON body of [ErrorBody] and a fresh RequestId. (Tencent's SDKs read the error code only
// from a 200 answer: tencentcloud-sdk-go's parseFromJson reports any other status as an HTTP
// failure.) Its signature fits [apisig.MiddlewareOptions.OnError].
func WriteError(w http.ResponseWriter, _ *http.Request, err error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(ErrorBody(err, newRequestID()))
}

// newRequestID returns a random UUID (version 4) for a RequestId.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
