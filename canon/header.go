package canon

import "strings"

// ValueFold is how a header value is cleaned up before it is signed.
type ValueFold uint8

const (
	// FoldTrimAll removes leading and trailing spaces and tabs and turns every run of spaces
	// inside the value into one space: the SigV4 "Trimall" function ("Convert sequential spaces
	// to a single space", AWS General Reference, Create a canonical request), which the AWS
	// test suite's get-header-value-trim vector checks.
	FoldTrimAll ValueFold = iota
	// FoldTrim removes leading and trailing spaces and tabs only (smithy-go aws-http-auth; a
	// mistake for SigV4 when a value has inner runs of spaces).
	FoldTrim
	// FoldNone signs the value exactly as given (a mistake for SigV4).
	FoldNone
	// FoldReplaceOnce trims and then replaces each "  " by " " in one pass, so three or more
	// spaces leave a run behind (a mistake, MISTAKES.md A22).
	FoldReplaceOnce
)

// String returns the fold's name.
func (f ValueFold) String() string { return enumName(f, "trimall", "trim", "none", "replace-once") }

// Fold returns v cleaned up by f. It allocates only when an inner run of spaces must shrink.
func (f ValueFold) Fold(v string) string {
	switch f {
	case FoldNone:
		return v
	case FoldTrim:
		return strings.Trim(v, " \t")
	case FoldReplaceOnce:
		return strings.ReplaceAll(strings.Trim(v, " \t"), "  ", " ")
	}
	v = strings.Trim(v, " \t")
	if !strings.Contains(v, "  ") {
		return v
	}
	b := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		if v[i] == ' ' && i > 0 && v[i-1] == ' ' {
			continue
		}
		b = append(b, v[i])
	}
	return string(b)
}

// AppendFolded appends v cleaned up by f to dst, without allocating.
func (f ValueFold) AppendFolded(dst []byte, v string) []byte {
	switch f {
	case FoldNone:
		return append(dst, v...)
	case FoldTrim:
		return append(dst, strings.Trim(v, " \t")...)
	case FoldReplaceOnce:
		v = strings.Trim(v, " \t")
		for i := 0; i < len(v); i++ {
			dst = append(dst, v[i])
			if v[i] == ' ' && i+1 < len(v) && v[i+1] == ' ' {
				i++ // one pass: each "  " becomes " ", and the scan goes on after it
			}
		}
		return dst
	}
	v = strings.Trim(v, " \t")
	for i := 0; i < len(v); i++ {
		if v[i] == ' ' && i > 0 && v[i-1] == ' ' {
			continue
		}
		dst = append(dst, v[i])
	}
	return dst
}

// AppendLower appends s to dst with the ASCII letters A-Z lower-cased and every other byte
// kept, as header names are lower-cased in canonical requests (field names are ASCII and
// case-insensitive, RFC 9110 §5.1). It never allocates when dst has room.
func AppendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
