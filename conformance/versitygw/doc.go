// Package versitygw is the real-server proof of package diagnose (issue 8): every wrong value
// of every SigV4 dialect knob is signed into a request, sent to a real versitygw S3 gateway
// (v1.8.0, started by scripts/versitygw.sh on 127.0.0.1 with its own temporary directory),
// rejected by it, and diagnosed from versitygw's own error body: the diagnosis must name the
// knob that produced the signature, and versitygw's canonical request (which it returns, as AWS
// S3 does) must be the one apisig computes for the request as sent.
//
// The tests read the server from the environment, as scripts/versitygw.sh sets it:
//
//	APISIG_VERSITYGW_ENDPOINT    http://127.0.0.1:PORT
//	APISIG_VERSITYGW_ACCESS_KEY  root access key (default vgwadmin, as in ../shared PEERS.md)
//	APISIG_VERSITYGW_SECRET_KEY  root secret key (default vgwsecret1234)
//	APISIG_VERSITYGW_REGION      the gateway's region (default us-east-1)
//
// and skip, saying so, when APISIG_VERSITYGW_ENDPOINT is unset, so `go test ./...` passes
// without a server. Run them with
//
//	scripts/versitygw.sh go test ./versitygw/...        (from conformance/)
//
// The same is done for presigned URLs. Also: a request changed on the way (a Content-Type
// charset appended, X-Amz-Date overwritten) is diagnosed from the request as signed by the
// server-trace diff, at the line that changed; a body whose hash header is the empty body's is
// named (A26); and versitygw's one divergence found, a canonical query sorted by raw rather
// than encoded names, shows as a diff at line 3.
//
// versitygw is never linked, only spoken to over HTTP.
package versitygw
