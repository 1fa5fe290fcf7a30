package aws

import (
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"strings"
)

// Checksum is an S3 additional checksum algorithm, sent as the trailing header
// x-amz-checksum-<name> of an aws-chunked upload: the base64 of the big-endian digest of the
// object data.
type Checksum uint8

// The checksum algorithms.
const (
	// ChecksumNone sends no checksum.
	ChecksumNone Checksum = iota
	// ChecksumCRC32 is CRC-32 (IEEE), x-amz-checksum-crc32.
	ChecksumCRC32
	// ChecksumCRC32C is CRC-32C (Castagnoli), x-amz-checksum-crc32c.
	ChecksumCRC32C
	// ChecksumSHA256 is SHA-256, x-amz-checksum-sha256.
	ChecksumSHA256
	// ChecksumCRC64NVME is CRC-64/NVME, x-amz-checksum-crc64nvme.
	ChecksumCRC64NVME
)

var checksumNames = [...]string{"", "crc32", "crc32c", "sha256", "crc64nvme"}

var (
	castagnoli = crc32.MakeTable(crc32.Castagnoli)
	// crc64NVME is CRC-64/NVME (poly 0xad93d23594c93659, reflected, init and xorout all ones),
	// which hash/crc64 computes given the reversed polynomial.
	crc64NVME = crc64.MakeTable(0x9a6c9329ac4bc9b5)
)

// String returns the algorithm's name as S3 writes it in x-amz-checksum-<name>, or "" for none.
func (c Checksum) String() string {
	if int(c) < len(checksumNames) {
		return checksumNames[c]
	}
	return "unknown"
}

// Header returns the trailing header name, e.g. "x-amz-checksum-crc32", or "" for none.
func (c Checksum) Header() string {
	if c == ChecksumNone || int(c) >= len(checksumNames) {
		return ""
	}
	return "x-amz-checksum-" + checksumNames[c]
}

func (c Checksum) valid() bool { return int(c) < len(checksumNames) }

// newHash returns a fresh hash for c, nil for none.
func (c Checksum) newHash() hash.Hash {
	switch c {
	case ChecksumCRC32:
		return crc32.NewIEEE()
	case ChecksumCRC32C:
		return crc32.New(castagnoli)
	case ChecksumSHA256:
		return sha256.New()
	case ChecksumCRC64NVME:
		return crc64.New(crc64NVME)
	}
	return nil
}

// checksumFromHeader maps a trailing header name (any case) to its algorithm.
func checksumFromHeader(name string) (Checksum, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	rest, ok := strings.CutPrefix(name, "x-amz-checksum-")
	if !ok {
		return ChecksumNone, false
	}
	for i, n := range checksumNames {
		if i > 0 && n == rest {
			return Checksum(i), true
		}
	}
	return ChecksumNone, false
}

// checksumValue returns base64 of the digest h holds.
func checksumValue(h hash.Hash) string {
	var buf [sha256.Size]byte
	return base64.StdEncoding.EncodeToString(h.Sum(buf[:0]))
}
