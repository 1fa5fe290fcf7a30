package httpsig

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
)

// This file is a small implementation of RFC 8941 Structured Field Values: the parts RFC 9421
// needs (Dictionary, List, Item, Inner List, Parameters, and the bare items Integer, Decimal,
// String, Token, Byte Sequence and Boolean), parsed strictly and serialised canonically.

// Token is a Structured Field token (an unquoted identifier such as sha-512 or *).
type Token string

// Decimal is a Structured Field decimal, held in thousandths (RFC 8941 allows three fractional
// digits).
type Decimal int64

// Param is one parameter: a key and a bare item (int64, Decimal, string, Token, []byte, bool).
type Param struct {
	Key   string
	Value any
}

// Params is an ordered list of parameters. Parsing keeps the first position of a key and the
// last value, as RFC 8941 says.
type Params []Param

// Get returns the value of key and whether it is present.
func (ps Params) Get(key string) (any, bool) {
	for _, p := range ps {
		if p.Key == key {
			return p.Value, true
		}
	}
	return nil, false
}

// set overwrites key in place or appends it.
func (ps Params) set(key string, v any) Params {
	for i := range ps {
		if ps[i].Key == key {
			ps[i].Value = v
			return ps
		}
	}
	return append(ps, Param{Key: key, Value: v})
}

// Item is a bare item with parameters.
type Item struct {
	Value  any
	Params Params
}

// InnerList is a parenthesised list of items, with parameters.
type InnerList struct {
	Items  []Item
	Params Params
}

// Member is a Dictionary or List member: an Item or an InnerList (exactly one is set).
type Member struct {
	Key   string // empty in a List
	Item  *Item
	Inner *InnerList
}

// Dictionary is an ordered Structured Field dictionary.
type Dictionary []Member

// Get returns the member named key.
func (d Dictionary) Get(key string) (Member, bool) {
	for _, m := range d {
		if m.Key == key {
			return m, true
		}
	}
	return Member{}, false
}

// ErrStructuredField is wrapped by every Structured Field parse error.
var ErrStructuredField = errors.New("invalid structured field")

type sfParser struct {
	s   string
	pos int
}

func (p *sfParser) fail(what string) error {
	return &SyntaxError{Offset: p.pos, Problem: what}
}

// SyntaxError says where a Structured Field failed to parse.
type SyntaxError struct {
	Offset  int
	Problem string
}

// Error says what is wrong and where.
func (e *SyntaxError) Error() string {
	return "structured field: " + e.Problem + " at offset " + strconv.Itoa(e.Offset)
}

// Unwrap returns [ErrStructuredField].
func (e *SyntaxError) Unwrap() error { return ErrStructuredField }

func (p *sfParser) eof() bool  { return p.pos >= len(p.s) }
func (p *sfParser) peek() byte { return p.s[p.pos] }
func (p *sfParser) skipSP() {
	for !p.eof() && p.peek() == ' ' {
		p.pos++
	}
}
func (p *sfParser) skipOWS() {
	for !p.eof() && (p.peek() == ' ' || p.peek() == '\t') {
		p.pos++
	}
}

// ParseDictionary parses a Structured Field Dictionary (RFC 8941 §4.2.2).
func ParseDictionary(s string) (Dictionary, error) {
	p := &sfParser{s: s}
	p.skipSP()
	var d Dictionary
	for !p.eof() {
		key, err := p.key()
		if err != nil {
			return nil, err
		}
		m := Member{Key: key}
		if !p.eof() && p.peek() == '=' {
			p.pos++
			if err := p.member(&m); err != nil {
				return nil, err
			}
		} else {
			ps, err := p.params()
			if err != nil {
				return nil, err
			}
			m.Item = &Item{Value: true, Params: ps}
		}
		replaced := false
		for i := range d {
			if d[i].Key == key {
				d[i] = m
				replaced = true
			}
		}
		if !replaced {
			d = append(d, m)
		}
		p.skipOWS()
		if p.eof() {
			return d, nil
		}
		if p.peek() != ',' {
			return nil, p.fail("expected ',' between dictionary members")
		}
		p.pos++
		p.skipOWS()
		if p.eof() {
			return nil, p.fail("trailing ',' in dictionary")
		}
	}
	return d, nil
}

// ParseList parses a Structured Field List (RFC 8941 §4.2.1).
func ParseList(s string) ([]Member, error) {
	p := &sfParser{s: s}
	p.skipSP()
	var l []Member
	for !p.eof() {
		var m Member
		if err := p.member(&m); err != nil {
			return nil, err
		}
		l = append(l, m)
		p.skipOWS()
		if p.eof() {
			return l, nil
		}
		if p.peek() != ',' {
			return nil, p.fail("expected ',' between list members")
		}
		p.pos++
		p.skipOWS()
		if p.eof() {
			return nil, p.fail("trailing ',' in list")
		}
	}
	return l, nil
}

// ParseItem parses a Structured Field Item (RFC 8941 §4.2.3).
func ParseItem(s string) (Item, error) {
	p := &sfParser{s: s}
	p.skipSP()
	it, err := p.item()
	if err != nil {
		return Item{}, err
	}
	p.skipSP()
	if !p.eof() {
		return Item{}, p.fail("unexpected characters after item")
	}
	return it, nil
}

// ParseInnerList parses a lone inner list with its parameters, as the value of a
// Signature-Input member is written: ("@method" "@path");created=1.
func ParseInnerList(s string) (InnerList, error) {
	p := &sfParser{s: s}
	p.skipSP()
	il, err := p.innerList()
	if err != nil {
		return InnerList{}, err
	}
	p.skipSP()
	if !p.eof() {
		return InnerList{}, p.fail("unexpected characters after inner list")
	}
	return il, nil
}

func (p *sfParser) member(m *Member) error {
	if !p.eof() && p.peek() == '(' {
		il, err := p.innerList()
		if err != nil {
			return err
		}
		m.Inner = &il
		return nil
	}
	it, err := p.item()
	if err != nil {
		return err
	}
	m.Item = &it
	return nil
}

func (p *sfParser) innerList() (InnerList, error) {
	if p.eof() || p.peek() != '(' {
		return InnerList{}, p.fail("expected '('")
	}
	p.pos++
	var il InnerList
	for !p.eof() {
		p.skipSP()
		if p.eof() {
			break
		}
		if p.peek() == ')' {
			p.pos++
			ps, err := p.params()
			if err != nil {
				return InnerList{}, err
			}
			il.Params = ps
			return il, nil
		}
		it, err := p.item()
		if err != nil {
			return InnerList{}, err
		}
		il.Items = append(il.Items, it)
		if p.eof() || (p.peek() != ' ' && p.peek() != ')') {
			return InnerList{}, p.fail("expected ' ' or ')' in inner list")
		}
	}
	return InnerList{}, p.fail("unterminated inner list")
}

func (p *sfParser) item() (Item, error) {
	v, err := p.bareItem()
	if err != nil {
		return Item{}, err
	}
	ps, err := p.params()
	if err != nil {
		return Item{}, err
	}
	return Item{Value: v, Params: ps}, nil
}

func (p *sfParser) params() (Params, error) {
	var ps Params
	for !p.eof() && p.peek() == ';' {
		p.pos++
		p.skipSP()
		key, err := p.key()
		if err != nil {
			return nil, err
		}
		var v any = true
		if !p.eof() && p.peek() == '=' {
			p.pos++
			if v, err = p.bareItem(); err != nil {
				return nil, err
			}
		}
		ps = ps.set(key, v)
	}
	return ps, nil
}

func (p *sfParser) key() (string, error) {
	start := p.pos
	if p.eof() || !(isLCAlpha(p.peek()) || p.peek() == '*') {
		return "", p.fail("expected a key (lower-case letter or '*')")
	}
	for !p.eof() {
		c := p.peek()
		if !(isLCAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*') {
			break
		}
		p.pos++
	}
	return p.s[start:p.pos], nil
}

func (p *sfParser) bareItem() (any, error) {
	if p.eof() {
		return nil, p.fail("expected an item")
	}
	switch c := p.peek(); {
	case c == '-' || isDigit(c):
		return p.number()
	case c == '"':
		return p.str()
	case c == '*' || isAlpha(c):
		return p.token()
	case c == ':':
		return p.bytes()
	case c == '?':
		return p.boolean()
	}
	return nil, p.fail("unknown item type")
}

func (p *sfParser) number() (any, error) {
	start := p.pos
	neg := false
	if p.peek() == '-' {
		neg = true
		p.pos++
	}
	if p.eof() || !isDigit(p.peek()) {
		return nil, p.fail("expected a digit")
	}
	intStart := p.pos
	for !p.eof() && isDigit(p.peek()) {
		p.pos++
	}
	intDigits := p.pos - intStart
	if p.eof() || p.peek() != '.' {
		if intDigits > 15 {
			return nil, p.fail("integer longer than 15 digits")
		}
		n, _ := strconv.ParseInt(p.s[start:p.pos], 10, 64)
		return n, nil
	}
	if intDigits > 12 {
		return nil, p.fail("decimal with more than 12 integer digits")
	}
	p.pos++
	fracStart := p.pos
	for !p.eof() && isDigit(p.peek()) {
		p.pos++
	}
	frac := p.s[fracStart:p.pos]
	if len(frac) == 0 || len(frac) > 3 {
		return nil, p.fail("decimal needs 1 to 3 fractional digits")
	}
	whole, _ := strconv.ParseInt(p.s[intStart:fracStart-1], 10, 64)
	f, _ := strconv.ParseInt((frac + "00")[:3], 10, 64)
	d := whole*1000 + f
	if neg {
		d = -d
	}
	return Decimal(d), nil
}

func (p *sfParser) str() (any, error) {
	p.pos++ // opening quote
	var b strings.Builder
	for !p.eof() {
		c := p.peek()
		p.pos++
		switch {
		case c == '\\':
			if p.eof() {
				return nil, p.fail("unterminated escape in string")
			}
			n := p.peek()
			if n != '"' && n != '\\' {
				return nil, p.fail("invalid escape in string")
			}
			b.WriteByte(n)
			p.pos++
		case c == '"':
			return b.String(), nil
		case c < 0x20 || c > 0x7e:
			p.pos--
			return nil, p.fail("invalid character in string")
		default:
			b.WriteByte(c)
		}
	}
	return nil, p.fail("unterminated string")
}

func (p *sfParser) token() (any, error) {
	start := p.pos
	p.pos++
	for !p.eof() && isTChar(p.peek()) {
		p.pos++
	}
	return Token(p.s[start:p.pos]), nil
}

func (p *sfParser) bytes() (any, error) {
	p.pos++
	start := p.pos
	for !p.eof() && p.peek() != ':' {
		c := p.peek()
		if !(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=') {
			return nil, p.fail("invalid character in byte sequence")
		}
		p.pos++
	}
	if p.eof() {
		return nil, p.fail("unterminated byte sequence")
	}
	seq := p.s[start:p.pos]
	b, err := base64.StdEncoding.DecodeString(seq)
	if err != nil && !strings.Contains(seq, "=") {
		// RFC 8941 §4.2.7: parsers SHOULD NOT fail when the "=" padding is missing.
		b, err = base64.RawStdEncoding.DecodeString(seq)
	}
	if err != nil {
		return nil, p.fail("byte sequence is not base64")
	}
	p.pos++
	return b, nil
}

func (p *sfParser) boolean() (any, error) {
	p.pos++
	if p.eof() {
		return nil, p.fail("unterminated boolean")
	}
	c := p.peek()
	p.pos++
	switch c {
	case '1':
		return true, nil
	case '0':
		return false, nil
	}
	p.pos--
	return nil, p.fail("boolean must be ?0 or ?1")
}

func isLCAlpha(c byte) bool { return 'a' <= c && c <= 'z' }
func isAlpha(c byte) bool   { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool   { return '0' <= c && c <= '9' }
func isTChar(c byte) bool {
	if isAlpha(c) || isDigit(c) {
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~:/", c) >= 0
}

// --- serialisation (RFC 8941 §4.1) ---

// String serialises the dictionary.
func (d Dictionary) String() string {
	var b []byte
	for i, m := range d {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, m.Key...)
		if m.Item != nil && m.Item.Value == true {
			b = appendParams(b, m.Item.Params)
			continue
		}
		b = append(b, '=')
		b = appendMember(b, m)
	}
	return string(b)
}

// String serialises the inner list with its parameters.
func (il InnerList) String() string { return string(appendInnerList(nil, il)) }

// String serialises the item with its parameters.
func (it Item) String() string { return string(appendItem(nil, it)) }

func appendMember(b []byte, m Member) []byte {
	if m.Inner != nil {
		return appendInnerList(b, *m.Inner)
	}
	if m.Item != nil {
		return appendItem(b, *m.Item)
	}
	return b
}

func appendInnerList(b []byte, il InnerList) []byte {
	b = append(b, '(')
	for i, it := range il.Items {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendItem(b, it)
	}
	b = append(b, ')')
	return appendParams(b, il.Params)
}

func appendItem(b []byte, it Item) []byte {
	return appendParams(appendBare(b, it.Value), it.Params)
}

func appendParams(b []byte, ps Params) []byte {
	for _, p := range ps {
		b = append(b, ';')
		b = append(b, p.Key...)
		if p.Value != true {
			b = append(b, '=')
			b = appendBare(b, p.Value)
		}
	}
	return b
}

func appendBare(b []byte, v any) []byte {
	switch v := v.(type) {
	case int64:
		return strconv.AppendInt(b, v, 10)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case Decimal:
		if v < 0 {
			b = append(b, '-')
			v = -v
		}
		b = strconv.AppendInt(b, int64(v/1000), 10)
		b = append(b, '.')
		frac := strconv.FormatInt(int64(v%1000)+1000, 10)[1:]
		frac = strings.TrimRight(frac, "0")
		if frac == "" {
			frac = "0"
		}
		return append(b, frac...)
	case string:
		b = append(b, '"')
		for i := 0; i < len(v); i++ {
			if v[i] == '"' || v[i] == '\\' {
				b = append(b, '\\')
			}
			b = append(b, v[i])
		}
		return append(b, '"')
	case Token:
		return append(b, v...)
	case []byte:
		b = append(b, ':')
		b = base64.StdEncoding.AppendEncode(b, v)
		return append(b, ':')
	case bool:
		if v {
			return append(b, "?1"...)
		}
		return append(b, "?0"...)
	}
	return b
}

// validString reports whether s can be serialised as a Structured Field string.
func validString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
