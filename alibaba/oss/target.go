package oss

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// Addressing says where a request names its bucket.
type Addressing uint8

// The addressing styles.
const (
	// AddressingAuto: virtual-hosted ("bucket.oss-cn-hangzhou.aliyuncs.com/key") when the host
	// is under aliyuncs.com and has a label in front of an endpoint (oss-cn-hangzhou.aliyuncs.com,
	// cn-hangzhou.oss.aliyuncs.com), path style ("/bucket/key") for the endpoints themselves, IP
	// addresses, localhost and other hosts. With
	// Bucket set: virtual-hosted when the host starts with "bucket.", path style when the path
	// starts with "/bucket", and otherwise a CNAME.
	AddressingAuto Addressing = iota
	// AddressingVirtualHosted: the bucket is the first label of the host.
	AddressingVirtualHosted
	// AddressingPathStyle: the bucket is the first segment of the path.
	AddressingPathStyle
	// AddressingCNAME: the host is a custom domain bound to the bucket named by Bucket; the
	// whole path is the object key.
	AddressingCNAME
)

var addressingNames = []string{"auto", "virtual-hosted", "path-style", "cname"}

// target is the bucket and object key a request addresses.
type target struct {
	bucket, key string
	// hasBucket is false for service-level requests (ListBuckets), whose resource is "/".
	hasBucket bool
}

// resolveTarget finds the bucket and object key of req. The key is the decoded path after the
// bucket, with exactly one leading '/' removed, so "//a" is the key "/a" and "a/" keeps its '/'.
func resolveTarget(scheme string, req *http.Request, bucket string, addr Addressing) (target, error) {
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	host = stripPort(host)
	p := req.URL.Path
	if p == "" {
		p = "/"
	}
	if p[0] != '/' {
		return target{}, &apisig.RequestError{Scheme: scheme, Part: "URL path", Value: p, Problem: "must start with '/'", Kind: apisig.ErrInvalidInput}
	}
	if addr == AddressingAuto {
		addr = autoAddressing(host, p, bucket)
	}
	switch addr {
	case AddressingVirtualHosted:
		if bucket == "" {
			bucket, _, _ = strings.Cut(host, ".")
		}
		return target{bucket: bucket, key: p[1:], hasBucket: bucket != ""}, nil
	case AddressingPathStyle:
		rest := p[1:]
		first, key, _ := strings.Cut(rest, "/")
		if bucket == "" {
			bucket = first
		}
		return target{bucket: bucket, key: key, hasBucket: bucket != ""}, nil
	case AddressingCNAME:
		if bucket == "" {
			return target{}, &apisig.RequestError{Scheme: scheme, Part: "bucket", Problem: "is empty; a CNAME request's bucket cannot be read from its host: set Bucket", Kind: apisig.ErrInvalidInput}
		}
		return target{bucket: bucket, key: p[1:], hasBucket: true}, nil
	}
	return target{}, &apisig.RequestError{Scheme: scheme, Part: "Addressing", Value: strconv.Itoa(int(addr)), Problem: "is not one of " + strings.Join(addressingNames, ", "), Kind: apisig.ErrInvalidInput}
}

// stripPort removes a ":port" suffix and IPv6 brackets without allocating (net.SplitHostPort
// allocates an error for a host without a port).
func stripPort(host string) string {
	if strings.HasPrefix(host, "[") {
		if i := strings.IndexByte(host, ']'); i > 0 {
			return host[1:i]
		}
		return host
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 && strings.IndexByte(host, ':') == i {
		return host[:i]
	}
	return host
}

func autoAddressing(host, path, bucket string) Addressing {
	if bucket != "" {
		switch {
		case strings.HasPrefix(host, bucket+"."):
			return AddressingVirtualHosted
		case path == "/"+bucket || strings.HasPrefix(path, "/"+bucket+"/"):
			return AddressingPathStyle
		}
		return AddressingCNAME
	}
	if !strings.HasSuffix(host, ".aliyuncs.com") {
		return AddressingPathStyle
	}
	// An endpoint is oss-<region>[-internal].aliyuncs.com (three labels) or
	// <region>.oss.aliyuncs.com; a bucket's host has the bucket in front of one of them. A
	// bucket may itself be called "oss-...", so the number of labels decides, not the prefix.
	switch labels := strings.Count(host, ".") + 1; {
	case labels <= 3:
		return AddressingPathStyle
	case labels == 4 && strings.HasSuffix(host, ".oss.aliyuncs.com"):
		return AddressingPathStyle
	}
	return AddressingVirtualHosted
}

// appendResourcePath appends "/bucket/key" (or "/" for a service-level request) to dst.
func (t target) appendResourcePath(dst []byte) []byte {
	dst = append(dst, '/')
	if t.hasBucket {
		dst = append(dst, t.bucket...)
		dst = append(dst, '/')
	}
	return append(dst, t.key...)
}

// setRawPath makes the request send its path escaped as OSS's SDKs escape it (RFC 3986
// unreserved bytes and '/' literal), so that a '+' in a key is never read as a space.
func setRawPath(req *http.Request) { setRawPathURL(req.URL) }

func setRawPathURL(u *url.URL) {
	p := u.Path
	literal := true
	for i := 0; i < len(p) && literal; i++ {
		literal = p[i] == '/' || canon.Unreserved.Literal(p[i])
	}
	if literal {
		u.RawPath = ""
		return
	}
	u.RawPath = string(canon.Encoding{Set: canon.Unreserved}.AppendPath(nil, p))
}
