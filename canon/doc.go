// Package canon holds the canonicalisation rules that signature schemes share: percent-encoding
// sets, query-string parsing and sorting, header-value folding and path escaping and
// normalisation.
//
// Every rule has a name and a doc comment citing the clause it implements. Where real
// implementations diverge (the sort order of query keys, '+' or "%20" for a space, the case of
// percent-escape hex digits, trimming header values or collapsing their inner spaces), the rule
// is a named choice, not a hard-coded behaviour: the correct value for a scheme is its zero
// value or is chosen by the scheme, and the wrong values exist so that apisig can reproduce a
// client's mistake.
//
// # Percent-encoding sets
//
// A [Set] is a class of bytes that are written literally; every other byte is written as %XY.
// All sets live in one generated [256]byte table (escape_table.go, made by gen_escape_table.go
// from a readable definition of each set), checked by a table test against the RFC text.
//
//	Set               literal bytes                                   used by
//	Unreserved        A-Z a-z 0-9 - . _ ~   (RFC 3986 §2.3)           AWS SigV4 query, OAuth 1.0a (RFC 5849 §3.6), Alibaba, Tencent TC3
//	UnreservedSlash   Unreserved and '/'                              AWS SigV4 canonical URI
//	JSComponent       Unreserved and ! ' ( ) *  (ECMA-262 encodeURIComponent)   a common mistake
//	GoPath            what Go's URL.EscapedPath leaves in a path        a common mistake
//
// # Query strings
//
// [ParseQuery] splits a raw query into [Pair] values without losing repeated keys, empty
// values or the difference between "k" and "k=". [QueryRule] writes the canonical form with a
// named [SortOrder].
package canon
