package diagnose

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/apisig/apisig"
)

// ServerTrace is what a provider's error response reveals of its own computation.
type ServerTrace struct {
	// Code and Message are the provider's error code and text.
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	// CanonicalRequest and StringToSign are the server's, where it returns them (S3 and
	// S3-compatible servers' XML, API Gateway's message, Alibaba's "server string to sign is:",
	// OSS and COS XML; COS calls its canonical request FormatString).
	CanonicalRequest string `json:"canonicalRequest,omitempty"`
	StringToSign     string `json:"stringToSign,omitempty"`
	// SignatureProvided is the signature the server received.
	SignatureProvided string `json:"signatureProvided,omitempty"`
	// ExpectedRegion is the region an AuthorizationHeaderMalformed message names.
	ExpectedRegion string `json:"expectedRegion,omitempty"`
	// Incomplete says why only part of the body could be read (an XML body cut short, JSON
	// that does not parse); the fields above then hold only what was read in full.
	Incomplete string `json:"incomplete,omitempty"`
}

// maxErrorBody bounds what is parsed: error bodies are small.
const maxErrorBody = 1 << 20

// ParseServerTrace reads a provider's error body: S3-style XML (S3, MinIO, versitygw, OSS,
// COS), Alibaba Cloud and Tencent Cloud JSON, and AWS JSON or query-protocol messages that
// quote the canonical string. It returns nil when the body holds nothing it knows (an HTML
// page, binary, nothing). A body cut short yields only the elements read in full, and says so
// in Incomplete: nothing is guessed.
func ParseServerTrace(body []byte) *ServerTrace {
	if len(body) > maxErrorBody {
		body = body[:maxErrorBody]
	}
	t := bytes.TrimSpace(body)
	var st *ServerTrace
	switch {
	case bytes.HasPrefix(t, []byte("<")):
		var html bool
		if st, html = parseXMLError(t); html {
			return nil
		}
		if st == nil {
			if !bytes.Contains(t, []byte("ignature")) {
				return nil
			}
			return &ServerTrace{Incomplete: "the XML body is cut short or malformed before any element closes: nothing of it is read"}
		}
	case bytes.HasPrefix(t, []byte("{")):
		st = parseJSONError(t)
	}
	if st == nil {
		if !utf8.Valid(t) {
			return nil
		}
		st = &ServerTrace{Message: string(t)}
	}
	st.fromMessage()
	if *st == (ServerTrace{Message: st.Message}) && !strings.Contains(st.Message, "ignature") {
		return nil
	}
	return st
}

// parseXMLError collects the leaf elements of an <Error> document. A document cut short keeps
// the elements closed before the cut; html reports an HTML page, which holds no error fields.
func parseXMLError(b []byte) (st *ServerTrace, html bool) {
	fields := map[string]string{}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var name, incomplete string
	var text strings.Builder
	started := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(fields) == 0 {
				return nil, false
			}
			incomplete = fmt.Sprintf("the XML body is cut short or malformed at byte %d (%v): only the elements read in full are used", dec.InputOffset(), err)
			break
		}
		switch tk := tok.(type) {
		case xml.Directive:
			if !started && bytes.HasPrefix(bytes.ToLower(tk), []byte("doctype html")) {
				return nil, true
			}
		case xml.StartElement:
			if !started && strings.EqualFold(tk.Name.Local, "html") {
				return nil, true
			}
			started = true
			name = tk.Name.Local
			text.Reset()
		case xml.CharData:
			text.Write(tk)
		case xml.EndElement:
			if name == tk.Name.Local {
				fields[name] = text.String()
			}
			name = ""
		}
	}
	st = &ServerTrace{
		Code:              fields["Code"],
		Message:           fields["Message"],
		CanonicalRequest:  fields["CanonicalRequest"],
		StringToSign:      fields["StringToSign"],
		SignatureProvided: fields["SignatureProvided"],
		Incomplete:        incomplete,
	}
	// The byte listings are exact where the text is not: XML turns CR LF into LF, and people
	// edit the text when they quote it (an OSS body has been quoted with its text redacted and
	// its newlines lost, the bytes intact).
	if s := fromHexBytes(fields["CanonicalRequestBytes"]); s != "" {
		st.CanonicalRequest = s
	}
	if s := fromHexBytes(fields["StringToSignBytes"]); s != "" {
		st.StringToSign = s
	}
	if st.CanonicalRequest == "" {
		st.CanonicalRequest = fields["FormatString"] // COS
	}
	if r := fields["Region"]; r != "" {
		st.ExpectedRegion = r // AuthorizationHeaderMalformed carries <Region>
	}
	return st, false
}

// fromHexBytes decodes S3's "47 45 54 0a ..." byte listings.
func fromHexBytes(s string) string {
	if s == "" {
		return ""
	}
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		return ""
	}
	return string(b)
}

// parseJSONError reads Alibaba's {"Code","Message"}, Tencent's {"Response":{"Error":{...}}},
// AWS JSON protocols' {"__type","message"}, and SP-API's {"errors":[{"message","code"}]}. JSON
// that does not parse yields only a canonical string quoted in full (its quotes delimit it, so
// a cut body cannot lengthen it); an Alibaba string to sign runs to the end of its message,
// which a cut body does not show, so it is not read.
func parseJSONError(b []byte) *ServerTrace {
	var v struct {
		Code     string `json:"Code"`
		Message  string `json:"Message"`
		Type     string `json:"__type"`
		LMessage string `json:"message"`
		Response struct {
			Error struct {
				Code    string `json:"Code"`
				Message string `json:"Message"`
			} `json:"Error"`
		} `json:"Response"`
		Errors []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		st := &ServerTrace{}
		if utf8.Valid(b) {
			st.CanonicalRequest, st.StringToSign = quotedCanonical(string(b))
		}
		if st.CanonicalRequest != "" || bytes.Contains(b, []byte("ignature")) {
			st.Incomplete = "the JSON body does not parse (" + err.Error() + "): only a canonical string quoted in full is read"
		}
		return st
	}
	st := &ServerTrace{Code: v.Code, Message: v.Message}
	switch {
	case len(v.Errors) > 0:
		st.Code, st.Message = v.Errors[0].Code, v.Errors[0].Message
	case v.Response.Error.Code != "":
		st.Code, st.Message = v.Response.Error.Code, v.Response.Error.Message
	case v.Type != "" || v.LMessage != "":
		st.Code, st.Message = v.Type, v.LMessage
		if i := strings.LastIndexByte(st.Code, '#'); i >= 0 {
			st.Code = st.Code[i+1:]
		}
	}
	return st
}

var (
	// API Gateway, OpenSearch and other AWS services quote the canonical string in the message.
	reCanonical = regexp.MustCompile(`(?s)The Canonical String for this request should have been\s*'(.*?)'\s*(?:The String-to-Sign should have been\s*'(.*?)'|$)`)
	// S3's AuthorizationHeaderMalformed: "the region 'us-east-1' is wrong; expecting 'eu-central-1'".
	reRegion = regexp.MustCompile(`expecting '([a-z0-9-]+)'`)
	// Alibaba's gateway appends its string to sign to the message.
	alibabaSTS = "server string to sign is:"
)

// quotedCanonical returns the canonical string (and string to sign) an AWS message quotes. A
// message cut inside the string to sign's quote gives neither: the canonical string's closing
// quote cannot be told from an apostrophe inside it.
func quotedCanonical(m string) (cr, sts string) {
	g := reCanonical.FindStringSubmatch(m)
	if g == nil || strings.Contains(g[1], "The String-to-Sign should have been") {
		return "", ""
	}
	return g[1], g[2]
}

// fromMessage fills what the message text reveals.
func (st *ServerTrace) fromMessage() {
	m := st.Message
	if st.CanonicalRequest == "" {
		if cr, sts := quotedCanonical(m); cr != "" {
			st.CanonicalRequest = cr
			if st.StringToSign == "" {
				st.StringToSign = sts
			}
		}
	}
	if st.StringToSign == "" {
		if _, after, ok := strings.Cut(m, alibabaSTS); ok {
			st.StringToSign = strings.TrimSpace(after)
		}
	}
	if st.ExpectedRegion == "" {
		if g := reRegion.FindStringSubmatch(m); g != nil {
			st.ExpectedRegion = g[1]
		}
	}
}

// diffServer compares the server's canonical request and string to sign with the verifier's
// trace and reports the first stage that differs, byte by byte.
func diffServer(st *ServerTrace, tr *apisig.Trace) (Finding, bool) {
	type pair struct {
		kind   apisig.StepKind
		name   string
		server string
	}
	var compared []string
	for _, p := range []pair{{apisig.StepCanonicalRequest, "canonical request", st.CanonicalRequest}, {apisig.StepStringToSign, "string to sign", st.StringToSign}} {
		if p.server == "" {
			continue
		}
		ours, ok := fullestStep(tr, p.kind)
		if !ok {
			continue
		}
		if ours == p.server {
			compared = append(compared, p.name)
			continue
		}
		line, col, a, b := firstDifference(p.server, ours)
		return Finding{
			Method: "server-trace",
			Cause:  fmt.Sprintf("the server's %s differs from the one for your request at line %d, byte %d", p.name, line, col),
			Fix:    "whatever produced that line differs between what you signed and what the server received: sign the request exactly as it is sent",
			Evidence: fmt.Sprintf("server's line: %s\napisig's line (from the request as sent): %s",
				visible(a), visible(b)),
		}, true
	}
	if len(compared) == 0 {
		return Finding{}, false
	}
	return Finding{
		Method:   "server-trace",
		Mistakes: []string{"A36", "A31", "C10"},
		// Equal to apisig's, not to the signer's: apisig computes them from the request as sent,
		// so this shows the request arrived unchanged; the signer's own canonical request (a
		// dialect knob) may still differ, which only the knob search can tell from the key.
		Cause: "the server computed the same " + strings.Join(compared, " and ") + " as apisig does for the request as sent: it arrived unchanged, " +
			"so what differs is what your signer computed, its canonical request (see the knob search) or its key",
		Fix:      "if the knob search names no setting, check the secret (whitespace, the wrong key's secret) and the key derivation",
		Evidence: "the server's " + strings.Join(compared, " and ") + " equal apisig's byte for byte",
	}, true
}

// fullestStep returns the longest step value of a kind: the whole canonical request rather
// than one of its parts.
func fullestStep(tr *apisig.Trace, kind apisig.StepKind) (string, bool) {
	best, ok := "", false
	for _, s := range tr.Steps {
		if s.Kind == kind && len(s.Value) >= len(best) && s.Value != apisig.Redacted {
			best, ok = s.Value, true
		}
	}
	return best, ok
}

// firstDifference returns the first differing line of a and b (line from 1, byte from 1).
func firstDifference(a, b string) (line, col int, la, lb string) {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < max(len(al), len(bl)); i++ {
		x, y := at(al, i), at(bl, i)
		if x != y {
			return i + 1, commonPrefixLen(x, y) + 1, x, y
		}
	}
	return 0, 0, "", ""
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(no such line)"
}

func commonPrefixLen(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// visible quotes s so that invisible bytes show as escapes.
func visible(s string) string { return fmt.Sprintf("%q", s) }
