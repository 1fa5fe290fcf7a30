package httpsig

import (
	"slices"
	"strconv"
	"strings"
)

// SignatureParams are the covered components and parameters of one signature: the value of
// its Signature-Input member, and the @signature-params line of its signature base.
type SignatureParams struct {
	Components []Component
	// Created and Expires are Unix times; zero means absent.
	Created, Expires int64
	// Nonce, Alg, KeyID and Tag are the string parameters; empty means absent.
	Nonce, Alg, KeyID, Tag string
	// list is the inner list as received (or as built), whose serialisation, parameter order
	// included, is what the signature base carries.
	list InnerList
}

// paramOrder is the order in which a signer writes the parameters (as RFC 9421's examples do).
var paramOrder = []string{"created", "expires", "keyid", "alg", "nonce", "tag"}

// build fills p.list from the fields, in paramOrder.
func (p *SignatureParams) build() {
	il := InnerList{Items: make([]Item, len(p.Components))}
	for i, c := range p.Components {
		il.Items[i] = Item{Value: c.Name, Params: c.Params}
	}
	for _, k := range paramOrder {
		switch k {
		case "created":
			if p.Created != 0 {
				il.Params = append(il.Params, Param{k, p.Created})
			}
		case "expires":
			if p.Expires != 0 {
				il.Params = append(il.Params, Param{k, p.Expires})
			}
		case "keyid":
			if p.KeyID != "" {
				il.Params = append(il.Params, Param{k, p.KeyID})
			}
		case "alg":
			if p.Alg != "" {
				il.Params = append(il.Params, Param{k, p.Alg})
			}
		case "nonce":
			if p.Nonce != "" {
				il.Params = append(il.Params, Param{k, p.Nonce})
			}
		case "tag":
			if p.Tag != "" {
				il.Params = append(il.Params, Param{k, p.Tag})
			}
		}
	}
	p.list = il
}

// String serialises the parameters as a Signature-Input member value.
func (p *SignatureParams) String() string { return p.list.String() }

// ParseSignatureParams reads one Signature-Input member value (an inner list with parameters).
// Component identifiers must be lower-case strings without duplicates; created and expires
// must be integers; nonce, alg, keyid and tag strings. Unknown parameters are kept (they are
// part of the signed serialisation) and otherwise ignored.
func ParseSignatureParams(value string) (*SignatureParams, error) {
	il, err := ParseInnerList(value)
	if err != nil {
		return nil, err
	}
	return paramsFromList(il)
}

func paramsFromList(il InnerList) (*SignatureParams, error) {
	p := &SignatureParams{list: il}
	seen := make(map[string]bool, len(il.Items))
	for _, it := range il.Items {
		c, err := componentFromItem(it)
		if err != nil {
			return nil, err
		}
		id := c.String()
		if seen[id] {
			return nil, &SyntaxError{Problem: "covered component " + id + " appears twice"}
		}
		seen[id] = true
		p.Components = append(p.Components, c)
	}
	for _, prm := range il.Params {
		switch prm.Key {
		case "created", "expires":
			n, ok := prm.Value.(int64)
			if !ok {
				return nil, &SyntaxError{Problem: "parameter " + prm.Key + " is not an integer"}
			}
			if prm.Key == "created" {
				p.Created = n
			} else {
				p.Expires = n
			}
		case "nonce", "alg", "keyid", "tag":
			s, ok := prm.Value.(string)
			if !ok {
				return nil, &SyntaxError{Problem: "parameter " + prm.Key + " is not a string"}
			}
			switch prm.Key {
			case "nonce":
				p.Nonce = s
			case "alg":
				p.Alg = s
			case "keyid":
				p.KeyID = s
			case "tag":
				p.Tag = s
			}
		}
	}
	return p, nil
}

// signatureParamsLine returns the value of the @signature-params line, as the dialect writes
// it: the list's own serialisation (correct), parameters in a fixed order (R02), component
// identifiers unquoted (R03), or without a parameter (R04).
func (p *SignatureParams) signatureParamsLine(d *Dialect, drop string) string {
	il := p.list
	if drop != "" {
		il.Params = slices.DeleteFunc(slices.Clone(il.Params), func(pr Param) bool { return pr.Key == drop })
	}
	if d.FixedParamOrder {
		il.Params = slices.Clone(il.Params)
		slices.SortStableFunc(il.Params, func(a, b Param) int { return strings.Compare(a.Key, b.Key) })
	}
	if !d.UnquotedComponents {
		return il.String()
	}
	var b strings.Builder
	b.WriteByte('(')
	for i, it := range il.Items {
		if i > 0 {
			b.WriteByte(' ')
		}
		s, _ := it.Value.(string)
		b.WriteString(s)
		b.Write(appendParams(nil, it.Params))
	}
	b.WriteByte(')')
	b.Write(appendParams(nil, il.Params))
	return b.String()
}

// base builds the signature base of the message (RFC 9421 §2.5): one line per covered
// component, then the @signature-params line.
func (p *SignatureParams) base(m *message, d *Dialect, drop string) (string, error) {
	var b strings.Builder
	for _, c := range p.Components {
		if c.Name == SignatureParamsID {
			return "", componentError(c, "@signature-params cannot be covered")
		}
		v, err := m.value(c)
		if err != nil {
			return "", err
		}
		if strings.ContainsAny(v, "\r\n") {
			return "", componentError(c, "value contains a line break")
		}
		b.WriteString(c.String())
		b.WriteString(": ")
		b.WriteString(v)
		b.WriteByte('\n')
	}
	if d.OmitSignatureParams {
		return strings.TrimSuffix(b.String(), "\n"), nil
	}
	b.WriteString(strconv.Quote(SignatureParamsID))
	b.WriteString(": ")
	b.WriteString(p.signatureParamsLine(d, drop))
	return b.String(), nil
}
