package cos

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"net/http"
	"strings"

	"github.com/apisig/apisig"
)

// ServerError is the XML error body COS answers with. For SignatureDoesNotMatch it carries
// the server's StringToSign and its HttpString, named FormatString:
//
//	<?xml version='1.0' encoding='utf-8' ?>
//	<Error>
//		<Code>SignatureDoesNotMatch</Code>
//		<Message>The Signature you specified is invalid.</Message>
//		<StringToSign>sha1
//	1615113257;1615199657
//	c7503b92a8581b3f3f68c8f7f64a8917b03a1a95
//	</StringToSign>
//		<FormatString>put
//	/imagesresume-zh en_页面_1.png
//
//	host=o2-1258123310.cos.ap-beijing.myqcloud.com
//	</FormatString>
//		<Resource>...</Resource>
//		<RequestId>...</RequestId>
//		<TraceId>...</TraceId>
//	</Error>
//
// (a body quoted in Molunerfinn/PicGo#638).
type ServerError struct {
	XMLName      xml.Name `xml:"Error"`
	Code         string   `xml:"Code"`
	Message      string   `xml:"Message"`
	StringToSign string   `xml:"StringToSign,omitempty"`
	FormatString string   `xml:"FormatString,omitempty"`
	Resource     string   `xml:"Resource,omitempty"`
	RequestID    string   `xml:"RequestId,omitempty"`
	TraceID      string   `xml:"TraceId,omitempty"`
}

// Messages COS sends with its codes.
const (
	MessageSignatureDoesNotMatch = "The Signature you specified is invalid."
	MessageExpired               = "Request has expired"
	MessageAccessDenied          = "Access Denied."
)

// Error formats the code and message.
func (e *ServerError) Error() string { return SchemeID + ": server: " + e.Code + ": " + e.Message }

// ErrorFor turns an error of [Signer.Verify] into COS's error body and HTTP status: 403 for
// every verification failure, 500 (InternalError) for a technical one. Resource is the
// request's host and path (escapes decoded, '+' kept, as COS shows it); requestID fills
// RequestId and TraceId.
func ErrorFor(req *http.Request, err error, requestID string) (int, *ServerError) {
	e := &ServerError{RequestID: requestID, TraceID: requestID}
	if req != nil && req.URL != nil {
		e.Resource = resource(req)
	}
	var mm *apisig.MismatchError
	var re *apisig.RequestError
	switch {
	case errors.As(err, &mm):
		e.Code, e.Message = CodeSignatureDoesNotMatch, MessageSignatureDoesNotMatch
		if mm.Trace != nil {
			e.StringToSign, _ = mm.Trace.Lookup("StringToSign")
			e.FormatString, _ = mm.Trace.Lookup("HttpString")
			if r, ok := mm.Trace.Lookup("Resource"); ok {
				e.Resource = r
			}
		}
	case errors.As(err, &re):
		e.Code = re.Code
		if e.Code == "" {
			e.Code = CodeAccessDenied
		}
		switch {
		case errors.Is(err, apisig.ErrExpired):
			e.Message = MessageExpired
		case errors.Is(err, apisig.ErrNotSigned):
			e.Message = MessageAccessDenied
		default:
			e.Message = strings.TrimPrefix(re.Error(), SchemeID+": ")
		}
	default:
		return http.StatusInternalServerError, &ServerError{Code: "InternalError", Message: "We encountered an internal error. Please try again.",
			Resource: e.Resource, RequestID: requestID, TraceID: requestID}
	}
	return http.StatusForbidden, e
}

// ErrorResponse renders err as ErrorFor does, as the status and XML body to send.
func ErrorResponse(req *http.Request, err error, requestID string) (int, []byte) {
	status, e := ErrorFor(req, err, requestID)
	return status, e.XML()
}

// XML renders the body in COS's layout: single-quoted declaration, one tab-indented element a
// line, newlines inside StringToSign and FormatString kept as they are.
func (e *ServerError) XML() []byte {
	var b strings.Builder
	b.WriteString("<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n")
	elem := func(name, v string, always bool) {
		if v == "" && !always {
			return
		}
		b.WriteString("\t<" + name + ">")
		escapeText(&b, v)
		b.WriteString("</" + name + ">\n")
	}
	elem("Code", e.Code, true)
	elem("Message", e.Message, true)
	elem("StringToSign", e.StringToSign, false)
	elem("FormatString", e.FormatString, false)
	elem("Resource", e.Resource, true)
	elem("RequestId", e.RequestID, true)
	elem("TraceId", e.TraceID, true)
	b.WriteString("</Error>")
	return []byte(b.String())
}

// escapeText escapes the characters XML text cannot hold literally, keeping newlines (which
// encoding/xml would write as &#xA;).
func escapeText(b *strings.Builder, s string) {
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\r':
			b.WriteString("&#xD;")
		case r == '\n' || r == '\t' || r >= 0x20 && r != 0xFFFE && r != 0xFFFF:
			b.WriteRune(r)
		default:
			b.WriteString("\uFFFD")
		}
	}
}

// ParseError reads a COS XML error body. A body that is not an <Error> element is an error
// wrapping [apisig.ErrMalformed].
func ParseError(body []byte) (*ServerError, error) {
	var e ServerError
	if err := xml.Unmarshal(body, &e); err != nil {
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: "error body", Problem: "is not COS's XML <Error>: " + err.Error(), Kind: apisig.ErrMalformed}
	}
	if e.Code == "" {
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: "error body", Problem: "has no <Code>", Kind: apisig.ErrMalformed}
	}
	return &e, nil
}

// WriteError writes err as COS answers it: the status and XML body of [ErrorResponse], with
// Content-Type application/xml and a fresh request id in x-cos-request-id (and in RequestId and
// TraceId). Its signature fits [apisig.MiddlewareOptions].OnError.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var id [18]byte
	_, _ = rand.Read(id[:])
	requestID := base64.StdEncoding.EncodeToString(id[:])
	status, body := ErrorResponse(r, err, requestID)
	h := w.Header()
	h.Set("Content-Type", "application/xml")
	h.Set("x-cos-request-id", requestID)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
