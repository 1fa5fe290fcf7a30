package canon

import "strings"

// RemoveDotSegments normalises a path as RFC 3986 §5.2.4 does ("." and ".." segments removed)
// and also merges runs of '/' into one, as the AWS SigV4 test suite's normalize-path vectors
// (get-slashes, get-slash-dot-slash) require for every service but S3. The result always starts
// with '/', and keeps a trailing '/'.
func RemoveDotSegments(p string) string {
	if p == "" {
		return "/"
	}
	if !needsNormalising(p) {
		return p
	}
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case "", ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	return "/" + strings.Join(out, "/")
}

func needsNormalising(p string) bool {
	if p[0] != '/' {
		return true
	}
	for i := 0; i < len(p); i++ {
		if p[i] != '/' {
			continue
		}
		rest := p[i+1:]
		if strings.HasPrefix(rest, "/") || rest == "." || rest == ".." ||
			strings.HasPrefix(rest, "./") || strings.HasPrefix(rest, "../") {
			return true
		}
	}
	return false
}
