// Package schemetest is the conformance suite every apisig scheme runs in a few lines.
//
// A scheme's test builds a [Suite]: its signer and verifier, credentials, and a set of
// requests (awkward ones included). [Run] then checks, for every request:
//
//   - round trip: a signed (or presigned) request verifies;
//   - explain == sign: Explain places exactly what Sign places, and its trace's signature is the
//     one placed;
//   - mutation: every single-field change of the signed request (method, host, path, each query
//     parameter's value, an added or removed parameter, each signed header's value, a removed
//     header, the body) fails verification with [apisig.ErrMismatch], or, for the fields the
//     suite names as structural (a date, a credential), with another verification sentinel.
//
// Published vectors are checked by each scheme's own test, which knows its vectors' shape; the
// vector files are read with package vectors.
package schemetest
