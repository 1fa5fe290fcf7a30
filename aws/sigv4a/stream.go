package sigv4a

import (
	"crypto/ecdsa"
	"net/http"
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// aws-chunked with SigV4a, as aws-c-auth implements it (aws_signing.c, the S3 client of the AWS
// CRT) and the Amazon S3 API Reference names it ("Signature Calculations for the Authorization
// Header: Transferring Payload in Multiple Chunks"): the chunks are chained and framed as with
// SigV4, each signed with ECDSA, and every chunk and trailer signature is padded with '*' to 144
// characters on the wire.
const (
	// StreamingPayload is the X-Amz-Content-Sha256 value of an upload in ECDSA-signed chunks.
	StreamingPayload = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD"
	// StreamingPayloadTrailer is the X-Amz-Content-Sha256 value of an upload in ECDSA-signed
	// chunks with a signed trailer.
	StreamingPayloadTrailer = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER"
	// ChunkSignatureLength is the length of a chunk or trailer signature on the wire: the hex
	// of the longest DER-encoded P-256 signature (72 bytes), shorter ones padded with '*'.
	ChunkSignatureLength = 144

	chunkAlgorithm   = "AWS4-ECDSA-P256-SHA256-PAYLOAD"
	trailerAlgorithm = "AWS4-ECDSA-P256-SHA256-TRAILER"
)

// StreamsBody reports whether the request's body is an aws-chunked stream (X-Amz-Content-Sha256
// STREAMING-...), which Verify checks chunk by chunk as it is read, or rejects:
// [apisig.Middleware] then hands it over unbuffered.
func (s *SigV4a) StreamsBody(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get(aws.HeaderContentSHA256), "STREAMING-")
}

// checkStreaming rejects the streaming payloads SigV4a does not verify: SigV4's HMAC-signed
// chunks, unknown ones, and any streaming payload of a presigned URL.
func checkStreaming(claimed string, presign bool) error {
	if presign {
		return &apisig.RequestError{Scheme: SchemeID, Code: "InvalidRequest", Part: "X-Amz-Content-Sha256 header", Value: claimed,
			Problem: "an aws-chunked upload is signed in the Authorization header, not presigned: its chunks could not be checked", Kind: apisig.ErrMalformed}
	}
	switch claimed {
	case StreamingPayload, StreamingPayloadTrailer, aws.StreamingUnsignedTrailer:
		return nil
	}
	return &apisig.RequestError{Scheme: SchemeID, Code: "InvalidArgument", Part: "X-Amz-Content-Sha256 header", Value: claimed,
		Problem: "is not an aws-chunked payload SigV4a signs: want " + StreamingPayload + ", " + StreamingPayloadTrailer + " or " + aws.StreamingUnsignedTrailer,
		Kind:    apisig.ErrMalformed}
}

// wrapStream replaces req.Body with a reader that checks every chunk's ECDSA signature, chained
// from the verified seed signature, before handing its bytes on.
func (s *SigV4a) wrapStream(req *http.Request, c Credential, date, seed string, pub *ecdsa.PublicKey) error {
	r, err := aws.NewChunkedReader(req, &aws.ChunkSignatures{
		Scheme:           SchemeID,
		Payload:          StreamingPayload,
		PayloadTrailer:   StreamingPayloadTrailer,
		ChunkAlgorithm:   chunkAlgorithm,
		TrailerAlgorithm: trailerAlgorithm,
		Date:             date,
		Scope:            c.Date + "/" + c.Service + "/aws4_request",
		Seed:             seed,
		AccessKeyID:      c.AccessKeyID,
		PadTo:            ChunkSignatureLength,
		Verify:           func(sts []byte, sig string) bool { return verifySignature(pub, sts, sig) },
	}, s.MaxChunkSize)
	if err != nil {
		return err
	}
	req.Body = r
	return nil
}
