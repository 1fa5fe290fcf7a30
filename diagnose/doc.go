// Package diagnose names the mistake behind a rejected request signature, with evidence.
//
// [Diagnose] takes the request as it was sent, the secret (which stays in the process), and
// optionally the server's error response, and does in order:
//
//  1. Static checks that need no re-signing: the credential scope's date against X-Amz-Date,
//     a temporary key id without a session token, a payload hash that is not the body's, a
//     signed header that was not sent, the region the server says it expects, clock skew from
//     the server's Date (a whole number of hours is a time zone, not drift).
//  2. The server's own trace, read by [ParseServerTrace] from S3-style XML (S3, versitygw,
//     OSS, COS's FormatString), AWS messages quoting "The Canonical String for this request
//     should have been", and Alibaba Cloud's "server string to sign is:", diffed against
//     apisig's trace down to the byte.
//  3. A knob search: every wrong value of every dialect knob of the scheme, then every pair,
//     each tried as a verifier; a setting under which the request verifies is the mistake that
//     produced the signature sent ("with the secret missing its trailing &, the signature is
//     exactly the one you sent"). Then the secret as people mangle it (a trailing newline, a
//     space).
//
// A knob is the same code the signers run, so the right signature and every catalogued wrong
// one come from one implementation. Catalogue ids refer to the team's MISTAKES.md.
//
// [Compare] shows the first stage at which a request and a known-good one diverge.
package diagnose
