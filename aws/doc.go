// Package aws signs, presigns, verifies and explains AWS request signatures, bit for bit as
// AWS computes them.
//
//   - [SigV4]: AWS Signature Version 4 (AWS4-HMAC-SHA256) in the Authorization header or
//     presigned into the URL, with S3's canonicalisation rules for S3 services. It implements
//     the AWS General Reference "Signature Version 4 signing process" and the Amazon S3 API
//     Reference "Authenticating Requests (AWS Signature Version 4)", and reproduces the AWS
//     SigV4 test suite and the S3 API Reference examples (testdata/vectors/aws-sigv4,
//     aws-s3-sigv4).
//   - [Chunked]: S3 aws-chunked uploads (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, with a signed
//     trailer, and STREAMING-UNSIGNED-PAYLOAD-TRAILER with CRC32, CRC32C, SHA-256 or
//     CRC64NVME checksums), signed in constant memory and verified chunk by chunk. It
//     implements the S3 API Reference "Transferring Payload in Multiple Chunks" and "Including
//     Trailing Headers", and reproduces the published chunked PUT Object example
//     (testdata/vectors/aws-s3-sigv4-chunked), the trailing-header example with a CRC32C
//     trailer (aws-s3-sigv4-chunked-trailer) and aws-sdk-go-v2's unsigned-trailer body
//     (aws-s3-unsigned-trailer).
//   - [PostSigner]: S3 POST policies for browser uploads, signed with SigV4 or SigV2, and a
//     verifier that reads a multipart/form-data POST as S3 does. It implements the S3 API
//     Reference "Browser-Based Uploads Using POST (AWS Signature Version 4)" and "Creating a
//     POST Policy", and reproduces the published SigV4 and SigV2 examples
//     (testdata/vectors/aws-s3-sigv4-post-policy, aws-sigv2-s3-post-policy).
//   - [FineUploader]: the server side of Fine Uploader S3's signing protocol, which checks a
//     browser's policy or string to sign against server-side rules before signing it.
//
// SigV2 (aws/sigv2) and SigV4a (aws/sigv4a) are their own packages.
//
// Every place where real clients get a signature wrong is a knob ([SigV4.Knobs],
// [Chunked.Knobs]) whose default is what AWS specifies; the ids in each knob's Mistakes are
// those of the team's mistake catalogue.
package aws
