package httpsig

import (
	"encoding/base64"
	"errors"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"sync"

	"github.com/apisig/apisig"
)

// Component identifies one covered component: a field name ("content-type") or a derived
// component ("@method"), with its parameters (sf, key, bs, req, tr; name for @query-param).
type Component struct {
	Name   string
	Params Params
}

// The derived components of RFC 9421 §2.2.
const (
	Method            = "@method"
	TargetURI         = "@target-uri"
	Authority         = "@authority"
	Scheme            = "@scheme"
	RequestTarget     = "@request-target"
	Path              = "@path"
	Query             = "@query"
	QueryParam        = "@query-param"
	Status            = "@status"
	SignatureParamsID = "@signature-params" // the last line of every signature base
)

// ParseComponent parses a component identifier as written in a covered list, with or without
// the quotes: `"@query-param";name="pet"`, `@query-param;name="pet"`, `content-digest`,
// `"example-dict";key="a"`. Field names are lower-cased.
func ParseComponent(s string) (Component, error) {
	s = strings.TrimSpace(s)
	if s != "" && s[0] != '"' {
		name, rest, _ := strings.Cut(s, ";")
		s = strconv.Quote(name)
		if rest != "" {
			s += ";" + rest
		}
	}
	it, err := ParseItem(s)
	if err != nil {
		return Component{}, err
	}
	return componentFromItem(it)
}

// parsedComponents caches the components of signer configurations (ids come from code and
// flags, not from requests), so signing does not re-parse them every time.
var parsedComponents = struct {
	sync.RWMutex
	m map[string]Component
}{m: make(map[string]Component)}

func parseComponentCached(id string) (Component, error) {
	parsedComponents.RLock()
	c, ok := parsedComponents.m[id]
	parsedComponents.RUnlock()
	if ok {
		return c, nil
	}
	c, err := ParseComponent(id)
	if err != nil {
		return c, err
	}
	parsedComponents.Lock()
	if len(parsedComponents.m) < 1024 {
		parsedComponents.m[id] = c
	}
	parsedComponents.Unlock()
	return c, nil
}

func componentFromItem(it Item) (Component, error) {
	name, ok := it.Value.(string)
	if !ok || name == "" {
		return Component{}, &SyntaxError{Problem: "component identifier is not a non-empty string"}
	}
	if name != strings.ToLower(name) {
		return Component{}, &SyntaxError{Problem: "component name " + strconv.Quote(name) + " is not lower-case"}
	}
	return Component{Name: name, Params: it.Params}, nil
}

// String serialises the identifier as it appears in the signature base and the covered list.
func (c Component) String() string { return Item{Value: c.Name, Params: c.Params}.String() }

func (c Component) flag(key string) bool {
	v, ok := c.Params.Get(key)
	return ok && v == true
}

func (c Component) stringParam(key string) (string, bool) {
	v, ok := c.Params.Get(key)
	s, isStr := v.(string)
	return s, ok && isStr
}

// FieldType is the Structured Field type of a header, for the ;sf and ;key parameters.
type FieldType uint8

// The field types.
const (
	FieldUnknown FieldType = iota
	FieldDictionary
	FieldList
	FieldItem
)

// knownFieldTypes lists the structured fields RFC 9421 and its examples use.
var knownFieldTypes = map[string]FieldType{
	"signature": FieldDictionary, "signature-input": FieldDictionary, "accept-signature": FieldDictionary,
	"content-digest": FieldDictionary, "repr-digest": FieldDictionary, "want-content-digest": FieldDictionary,
	"want-repr-digest": FieldDictionary, "priority": FieldDictionary, "example-dict": FieldDictionary,
	"cache-status": FieldList, "proxy-status": FieldList, "example-list": FieldList,
	"example-integer": FieldItem, "example-boolean": FieldItem,
}

// message is the signature context: the target message and what the signer or verifier knows
// about it.
type message struct {
	req  *http.Request
	resp *http.Response
	// scheme overrides the request's scheme (a server behind a TLS-terminating proxy).
	scheme string
	// authority selects where @authority comes from (dialect knob, R05).
	authority AuthoritySource
	types     map[string]FieldType
}

// AuthoritySource says where @authority and the authority of @target-uri come from.
type AuthoritySource uint8

// The authority sources.
const (
	AuthorityHost          AuthoritySource = iota // the Host the client sent: req.Host, else req.URL.Host (correct)
	AuthorityURL                                  // req.URL.Host, ignoring a different Host header
	AuthorityForwardedHost                        // X-Forwarded-Host, as proxies set it (R05)
)

// componentErr is a component that cannot be computed. The signer reports it as invalid
// input; the verifier as a malformed signature, or, when the covered field or query parameter
// is absent from the message, as a mismatch (the message is not the one signed).
type componentErr struct {
	c       Component
	problem string
	missing bool
}

func (e *componentErr) Error() string { return "covered component " + e.c.String() + ": " + e.problem }

func componentError(c Component, problem string) error { return &componentErr{c: c, problem: problem} }

func missingError(c Component, problem string) error {
	return &componentErr{c: c, problem: problem, missing: true}
}

// requestError converts a componentErr (or a SyntaxError) to the apisig error of the role.
func requestError(err error, signing bool, part string) error {
	var ce *componentErr
	var se *SyntaxError
	switch {
	case errors.As(err, &ce):
		kind := apisig.ErrMalformed
		switch {
		case signing:
			kind = apisig.ErrInvalidInput
		case ce.missing:
			kind = apisig.ErrMismatch
		}
		return &apisig.RequestError{Scheme: SchemeID, Part: "covered component " + ce.c.String(), Problem: ce.problem, Kind: kind}
	case errors.As(err, &se):
		kind := apisig.ErrMalformed
		if signing {
			kind = apisig.ErrInvalidInput
		}
		return &apisig.RequestError{Scheme: SchemeID, Part: part, Problem: se.Error(), Kind: kind}
	}
	return err
}

// value returns the component's value in the message.
func (m *message) value(c Component) (string, error) {
	target := m
	if c.flag("req") {
		if m.resp == nil {
			return "", componentError(c, ";req is only for responses")
		}
		if m.resp.Request == nil {
			return "", componentError(c, "the response has no related request (set http.Response.Request)")
		}
		target = &message{req: m.resp.Request, scheme: m.scheme, authority: m.authority, types: m.types}
	}
	if strings.HasPrefix(c.Name, "@") {
		return target.derived(c)
	}
	return target.field(c)
}

func (m *message) derived(c Component) (string, error) {
	for _, p := range c.Params {
		switch p.Key {
		case "req":
		case "name":
			if c.Name != QueryParam {
				return "", componentError(c, ";name is only for @query-param")
			}
		default:
			return "", componentError(c, "parameter ;"+p.Key+" does not apply to a derived component")
		}
	}
	if c.Name == Status {
		if m.resp == nil {
			return "", componentError(c, "@status is only for responses")
		}
		if m.resp.StatusCode < 100 || m.resp.StatusCode > 999 {
			return "", componentError(c, "status code "+strconv.Itoa(m.resp.StatusCode)+" is not three digits")
		}
		return strconv.Itoa(m.resp.StatusCode), nil
	}
	if m.req == nil {
		return "", componentError(c, "is a request component; a response signature covers it with ;req")
	}
	r := m.req
	switch c.Name {
	case Method:
		if r.Method == "" {
			return http.MethodGet, nil
		}
		return r.Method, nil
	case TargetURI:
		return m.schemeOf() + "://" + m.authorityOf() + m.requestTarget(), nil
	case Authority:
		return m.authorityOf(), nil
	case Scheme:
		return m.schemeOf(), nil
	case RequestTarget:
		if r.RequestURI != "" {
			return r.RequestURI, nil
		}
		return m.requestTarget(), nil
	case Path:
		p := r.URL.EscapedPath()
		if p == "" {
			p = "/"
		}
		return p, nil
	case Query:
		return "?" + r.URL.RawQuery, nil
	case QueryParam:
		return m.queryParam(c)
	}
	return "", componentError(c, "is not a derived component of RFC 9421")
}

func (m *message) requestTarget() string {
	p := m.req.URL.EscapedPath()
	if p == "" {
		p = "/"
	}
	if m.req.URL.RawQuery != "" || m.req.URL.ForceQuery {
		p += "?" + m.req.URL.RawQuery
	}
	return p
}

func (m *message) schemeOf() string {
	switch {
	case m.scheme != "":
		return strings.ToLower(m.scheme)
	case m.req.URL.Scheme != "":
		return strings.ToLower(m.req.URL.Scheme)
	case m.req.TLS != nil:
		return "https"
	}
	return "http"
}

func (m *message) authorityOf() string {
	r := m.req
	host := r.Host
	switch m.authority {
	case AuthorityURL:
		host = r.URL.Host
	case AuthorityForwardedHost:
		if fh := r.Header.Get("X-Forwarded-Host"); fh != "" {
			host = fh
		}
	}
	if host == "" {
		host = r.URL.Host
	}
	host = strings.ToLower(host)
	switch s := m.schemeOf(); {
	case s == "https" && strings.HasSuffix(host, ":443"):
		host = strings.TrimSuffix(host, ":443")
	case s == "http" && strings.HasSuffix(host, ":80"):
		host = strings.TrimSuffix(host, ":80")
	}
	return host
}

func (m *message) queryParam(c Component) (string, error) {
	name, ok := c.stringParam("name")
	if !ok {
		return "", componentError(c, "@query-param needs a ;name=\"...\" string parameter")
	}
	found, value := 0, ""
	for pair := range strings.SplitSeq(m.req.URL.RawQuery, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		dk, dv := formDecode(k), formDecode(v)
		if formEncode(dk) == name {
			found++
			value = formEncode(dv)
		}
	}
	switch found {
	case 0:
		return "", missingError(c, "the query has no parameter "+strconv.Quote(name))
	case 1:
		return value, nil
	}
	return "", componentError(c, "the query parameter "+strconv.Quote(name)+" appears "+strconv.Itoa(found)+" times; RFC 9421 §2.2.8 forbids signing it (sign @query instead)")
}

// formDecode decodes s as the WHATWG application/x-www-form-urlencoded parser does: '+' is a
// space, %XX with two hex digits is a byte, and any other '%' stays as it is.
func formDecode(s string) string {
	if !strings.ContainsAny(s, "+%") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b = append(b, ' ')
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func isHexDigit(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case isDigit(c):
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// formEncode percent-encodes s with the application/x-www-form-urlencoded percent-encode set,
// writing a space as %20 (RFC 9421 §2.2.8).
func formEncode(s string) string {
	const hexd = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isAlpha(c) || isDigit(c) || c == '*' || c == '-' || c == '.' || c == '_' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexd[c>>4])
		b.WriteByte(hexd[c&15])
	}
	return b.String()
}

// fieldLines returns the field's lines, each trimmed, obs-folds replaced by a space.
func (m *message) fieldLines(c Component) ([]string, bool) {
	var h http.Header
	switch {
	case m.resp != nil && c.flag("tr"):
		h = m.resp.Trailer
	case m.resp != nil:
		h = m.resp.Header
	case c.flag("tr"):
		h = m.req.Trailer
	default:
		h = m.req.Header
	}
	vals, ok := h[textproto.CanonicalMIMEHeaderKey(c.Name)]
	if !ok {
		for k, v := range h {
			if strings.EqualFold(k, c.Name) {
				vals, ok = v, true
				break
			}
		}
	}
	if !ok && c.Name == "host" && m.req != nil && m.resp == nil {
		// net/http moves Host out of the header map.
		if m.req.Host != "" {
			return []string{m.req.Host}, true
		}
	}
	if !ok {
		return nil, false
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		if strings.ContainsAny(v, "\r\n") {
			v = strings.Join(strings.Fields(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(v)), " ")
		}
		out[i] = strings.Trim(v, " \t")
	}
	return out, true
}

func (m *message) field(c Component) (string, error) {
	var sf, bs, hasKey bool
	var key string
	for _, p := range c.Params {
		switch p.Key {
		case "sf":
			sf = p.Value == true
		case "bs":
			bs = p.Value == true
		case "req", "tr":
		case "key":
			k, ok := p.Value.(string)
			if !ok {
				return "", componentError(c, ";key must be a string")
			}
			key, hasKey = k, true
		default:
			return "", componentError(c, "parameter ;"+p.Key+" is not defined for fields")
		}
	}
	if bs && (sf || hasKey) {
		return "", componentError(c, ";bs cannot be combined with ;sf or ;key")
	}
	lines, ok := m.fieldLines(c)
	if !ok {
		return "", missingError(c, "is covered by the signature but the message has no "+c.Name+" field")
	}
	if bs {
		parts := make([]string, len(lines))
		for i, l := range lines {
			parts[i] = ":" + base64.StdEncoding.EncodeToString([]byte(l)) + ":"
		}
		return strings.Join(parts, ", "), nil
	}
	combined := strings.Join(lines, ", ")
	switch {
	case hasKey:
		d, err := ParseDictionary(combined)
		if err != nil {
			return "", componentError(c, "the field is not a structured dictionary: "+err.Error())
		}
		mem, ok := d.Get(key)
		if !ok {
			return "", missingError(c, "the dictionary has no member "+strconv.Quote(key))
		}
		return string(appendMember(nil, mem)), nil
	case sf:
		t := m.types[c.Name]
		if t == FieldUnknown {
			t = knownFieldTypes[c.Name]
		}
		switch t {
		case FieldDictionary:
			d, err := ParseDictionary(combined)
			if err != nil {
				return "", componentError(c, "the field is not a structured dictionary: "+err.Error())
			}
			return d.String(), nil
		case FieldList:
			l, err := ParseList(combined)
			if err != nil {
				return "", componentError(c, "the field is not a structured list: "+err.Error())
			}
			parts := make([]string, len(l))
			for i, mem := range l {
				parts[i] = string(appendMember(nil, mem))
			}
			return strings.Join(parts, ", "), nil
		case FieldItem:
			it, err := ParseItem(combined)
			if err != nil {
				return "", componentError(c, "the field is not a structured item: "+err.Error())
			}
			return it.String(), nil
		}
		return "", componentError(c, "the structured type of "+c.Name+" is not known; set FieldTypes")
	}
	return combined, nil
}
