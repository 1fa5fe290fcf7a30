package aws

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// Condition operators of an S3 POST policy.
const (
	OpEq                 = "eq"
	OpStartsWith         = "starts-with"
	OpContentLengthRange = "content-length-range"
)

// Condition is one condition of a POST policy: a form field equal to a value, a form field
// starting with a prefix, or the file's size within a range.
type Condition struct {
	// Op is [OpEq], [OpStartsWith] or [OpContentLengthRange].
	Op string
	// Field is the form field's name without the "$" ("key", "Content-Type", "x-amz-meta-uuid");
	// empty for content-length-range.
	Field string
	// Value is the value (eq) or prefix (starts-with).
	Value string
	// Min and Max bound the file's size in bytes, for content-length-range.
	Min, Max int64
}

// String renders the condition as S3 quotes it in "Policy Condition failed: ...":
// ["eq", "$key", "user/a.jpg"] or ["content-length-range", 0, 1048576].
func (c Condition) String() string {
	if c.Op == OpContentLengthRange {
		return `["content-length-range", ` + strconv.FormatInt(c.Min, 10) + ", " + strconv.FormatInt(c.Max, 10) + "]"
	}
	return "[" + jsonString(c.Op) + ", " + jsonString("$"+c.Field) + ", " + jsonString(c.Value) + "]"
}

func jsonString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

// PostPolicy is an S3 POST policy: when it expires and the conditions the form must meet. Build
// one with the methods below, then sign it with a [PostSigner], which adds the conditions on
// the signature's own fields.
type PostPolicy struct {
	// Expiration is when S3 stops accepting the form. Required.
	Expiration time.Time
	// Conditions, in the order they are written.
	Conditions []Condition
}

// Eq adds the condition that form field name equals value.
func (p *PostPolicy) Eq(name, value string) *PostPolicy {
	p.Conditions = append(p.Conditions, Condition{Op: OpEq, Field: name, Value: value})
	return p
}

// StartsWith adds the condition that form field name starts with prefix ("" allows any value).
func (p *PostPolicy) StartsWith(name, prefix string) *PostPolicy {
	p.Conditions = append(p.Conditions, Condition{Op: OpStartsWith, Field: name, Value: prefix})
	return p
}

// Bucket adds the condition on the bucket.
func (p *PostPolicy) Bucket(bucket string) *PostPolicy { return p.Eq("bucket", bucket) }

// Key adds the condition that the key is exactly key.
func (p *PostPolicy) Key(key string) *PostPolicy { return p.Eq("key", key) }

// KeyPrefix adds the condition that the key starts with prefix.
func (p *PostPolicy) KeyPrefix(prefix string) *PostPolicy { return p.StartsWith("key", prefix) }

// ContentType adds the condition that the Content-Type field is contentType.
func (p *PostPolicy) ContentType(contentType string) *PostPolicy {
	return p.Eq("Content-Type", contentType)
}

// ContentTypePrefix adds the condition that the Content-Type field starts with prefix ("image/").
func (p *PostPolicy) ContentTypePrefix(prefix string) *PostPolicy {
	return p.StartsWith("Content-Type", prefix)
}

// ContentLengthRange adds the condition that the file is from min to max bytes long.
func (p *PostPolicy) ContentLengthRange(min, max int64) *PostPolicy {
	p.Conditions = append(p.Conditions, Condition{Op: OpContentLengthRange, Min: min, Max: max})
	return p
}

// SuccessActionStatus adds the condition that success_action_status is status (200, 201 or 204).
func (p *PostPolicy) SuccessActionStatus(status int) *PostPolicy {
	return p.Eq("success_action_status", strconv.Itoa(status))
}

// SuccessActionRedirect adds the condition that success_action_redirect is url.
func (p *PostPolicy) SuccessActionRedirect(url string) *PostPolicy {
	return p.Eq("success_action_redirect", url)
}

// check rejects a policy S3 would refuse.
func (p *PostPolicy) check(scheme string) error {
	bad := func(part, value, problem string) error {
		return &apisig.RequestError{Scheme: scheme, Part: part, Value: value, Problem: problem, Kind: apisig.ErrInvalidInput}
	}
	if p.Expiration.IsZero() {
		return bad("POST policy expiration", "", "is not set")
	}
	for _, c := range p.Conditions {
		switch c.Op {
		case OpEq, OpStartsWith:
			if c.Field == "" || strings.HasPrefix(c.Field, "$") {
				return bad("POST policy condition", c.String(), "field name is empty or starts with '$' (it is added)")
			}
		case OpContentLengthRange:
			if c.Min < 0 || c.Max < c.Min {
				return bad("POST policy condition", c.String(), "want 0 <= min <= max")
			}
		default:
			return bad("POST policy condition", c.Op, "operator is not eq, starts-with or content-length-range")
		}
	}
	return nil
}

// MarshalJSON writes the policy document:
//
//	{"expiration":"2015-12-30T12:00:00.000Z","conditions":[{"bucket":"b"},["starts-with","$key","u/"],...]}
//
// An eq condition is written as an object, as in AWS's examples.
func (p *PostPolicy) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"expiration":`)
	b.WriteString(jsonString(p.Expiration.UTC().Format("2006-01-02T15:04:05.000Z")))
	b.WriteString(`,"conditions":[`)
	for i, c := range p.Conditions {
		if i > 0 {
			b.WriteByte(',')
		}
		switch c.Op {
		case OpEq:
			b.WriteString("{" + jsonString(c.Field) + ":" + jsonString(c.Value) + "}")
		case OpStartsWith:
			b.WriteString("[" + jsonString(OpStartsWith) + "," + jsonString("$"+c.Field) + "," + jsonString(c.Value) + "]")
		case OpContentLengthRange:
			b.WriteString(`["content-length-range",` + strconv.FormatInt(c.Min, 10) + "," + strconv.FormatInt(c.Max, 10) + "]")
		}
	}
	b.WriteString("]}")
	return b.Bytes(), nil
}

// CodeInvalidPolicyDocument is S3's error code for a policy it cannot read.
const CodeInvalidPolicyDocument = "InvalidPolicyDocument"

// maxPolicySize bounds the policy document a verifier decodes: 20 KiB, as S3's form fields.
const maxPolicySize = 20 << 10

// ParsePostPolicy parses a POST policy document. It accepts what S3 accepts: an "expiration"
// in ISO 8601, and "conditions" each an object {"field": "value"} (eq) or an array
// ["eq"|"starts-with", "$field", "value"] or ["content-length-range", min, max]. Anything else
// (not JSON, an unknown operator or top-level key, a field without "$", a range that is not two
// non-negative integers) is a [*apisig.RequestError] with code InvalidPolicyDocument wrapping
// [apisig.ErrMalformed].
func ParsePostPolicy(doc []byte) (*PostPolicy, error) {
	bad := func(value, problem string) error {
		if len(value) > 120 {
			value = value[:120] + "..."
		}
		return &apisig.RequestError{Scheme: PostSchemeID, Code: CodeInvalidPolicyDocument, Part: "POST policy", Value: value, Problem: problem, Kind: apisig.ErrMalformed}
	}
	if len(doc) > maxPolicySize {
		return nil, bad("", "is longer than "+strconv.Itoa(maxPolicySize)+" bytes")
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(doc, &top); err != nil {
		return nil, bad("", "Invalid Policy: Invalid JSON: "+err.Error())
	}
	var p PostPolicy
	for k, v := range top {
		switch k {
		case "expiration":
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return nil, bad(string(v), "expiration must be a string")
			}
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return nil, bad(s, "expiration must be an ISO 8601 time, e.g. 2015-12-30T12:00:00.000Z")
			}
			p.Expiration = t
		case "conditions":
			var conds []json.RawMessage
			if err := json.Unmarshal(v, &conds); err != nil {
				return nil, bad(string(v), "conditions must be an array")
			}
			for _, raw := range conds {
				c, err := parseCondition(raw)
				if err != nil {
					return nil, bad(string(raw), err.Error())
				}
				p.Conditions = append(p.Conditions, c)
			}
		default:
			return nil, bad(k, "Invalid Policy: Unexpected field; the document has only expiration and conditions")
		}
	}
	if p.Expiration.IsZero() {
		return nil, bad("", "Invalid Policy: Policy missing expiration.")
	}
	if _, ok := top["conditions"]; !ok {
		return nil, bad("", "Invalid Policy: Policy missing conditions.")
	}
	return &p, nil
}

type condError string

func (e condError) Error() string { return string(e) }

func parseCondition(raw json.RawMessage) (Condition, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return Condition{}, condError("empty condition")
	}
	switch raw[0] {
	case '{':
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil || len(m) != 1 {
			return Condition{}, condError("Invalid Simple-Condition: an object condition has exactly one field")
		}
		for k, v := range m {
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return Condition{}, condError("Invalid Simple-Condition: value must be a string")
			}
			if k == "" || strings.HasPrefix(k, "$") {
				return Condition{}, condError("Invalid Simple-Condition: field name is empty or starts with '$'")
			}
			return Condition{Op: OpEq, Field: k, Value: s}, nil
		}
	case '[':
		var a []json.RawMessage
		if err := json.Unmarshal(raw, &a); err != nil || len(a) != 3 {
			return Condition{}, condError("Invalid Condition: an array condition has 3 elements")
		}
		var op string
		if err := json.Unmarshal(a[0], &op); err != nil {
			return Condition{}, condError("Invalid Condition: operator must be a string")
		}
		switch strings.ToLower(op) {
		case OpEq, OpStartsWith:
			var field, value string
			if json.Unmarshal(a[1], &field) != nil || json.Unmarshal(a[2], &value) != nil {
				return Condition{}, condError("Invalid Condition: field and value must be strings")
			}
			if len(field) < 2 || field[0] != '$' {
				return Condition{}, condError("Invalid Condition: field must be \"$name\"")
			}
			return Condition{Op: strings.ToLower(op), Field: field[1:], Value: value}, nil
		case OpContentLengthRange:
			lo, err1 := rangeBound(a[1])
			hi, err2 := rangeBound(a[2])
			if err1 != nil || err2 != nil || hi < lo {
				return Condition{}, condError("Invalid Condition: content-length-range takes two integers 0 <= min <= max")
			}
			return Condition{Op: OpContentLengthRange, Min: lo, Max: hi}, nil
		default:
			return Condition{}, condError("Invalid Condition: unknown operator " + strconv.Quote(op) + "; want eq, starts-with or content-length-range")
		}
	}
	return Condition{}, condError("Invalid Condition: a condition is an object or an array")
}

// rangeBound reads a content-length-range bound: a JSON integer, or a string of digits (which
// S3 and MinIO also accept).
func rangeBound(raw json.RawMessage) (int64, error) {
	s := string(bytes.TrimSpace(raw))
	if len(s) >= 2 && s[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, err
		}
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, condError("not a non-negative integer")
	}
	return strconv.ParseInt(s, 10, 64)
}
