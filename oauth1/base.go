package oauth1

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// work holds the buffers of one signature computation; they are pooled, so signing does not
// allocate them again.
type work struct {
	pairs []canon.Pair // collected parameters: query, then body, then protocol
	kept  []canon.Pair // after the repeated-parameter rule
	enc   []byte       // encoded names and values, located by spans
	spans []span
	uri   []byte // base string URI
	norm  []byte // normalized parameters
	base  []byte // signature base string
	key   []byte // HMAC key
	body  []byte // form body
	sig   []byte // signature, base64
	out   []byte // placed value
	mac   [64]byte
}

type span struct{ k0, k1, v1, raw int32 }

var workPool = sync.Pool{New: func() any { return new(work) }}

func getWork() *work { return workPool.Get().(*work) }

func putWork(w *work) {
	if cap(w.body) > 64<<10 || cap(w.enc) > 64<<10 {
		return // do not keep huge buffers alive
	}
	clear(w.pairs[:cap(w.pairs)]) // drop references to request strings
	w.pairs, w.kept = w.pairs[:0], w.kept[:0]
	workPool.Put(w)
}

// appendBaseURI appends the base string URI of req, RFC 5849 §3.4.1.2: scheme and host in
// lower case, the port unless it is the scheme's default, the path as sent ("/" when empty),
// no query. The host is req.Host when set (what a server sees, and what a Go client sends),
// else req.URL.Host; the scheme is req.URL.Scheme, or on a server "https" under TLS and
// "http" otherwise.
func appendBaseURI(dst []byte, req *http.Request, d *Dialect) []byte {
	scheme := req.URL.Scheme
	if scheme == "" {
		scheme = "http"
		if req.TLS != nil {
			scheme = "https"
		}
	}
	start := len(dst)
	dst = canon.AppendLower(dst, scheme)
	lscheme := dst[start:]
	def := ""
	switch {
	case string(lscheme) == "http":
		def = "80"
	case string(lscheme) == "https":
		def = "443"
	}
	dst = append(dst, "://"...)
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	h, port := splitHostPort(host)
	dst = canon.AppendLower(dst, h)
	switch d.Port {
	case PortDropDefault:
		if port != "" && port != def {
			dst = append(dst, ':')
			dst = append(dst, port...)
		}
	case PortAddDefault:
		if port == "" {
			port = def
		}
		if port != "" {
			dst = append(dst, ':')
			dst = append(dst, port...)
		}
	}
	path := req.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	if d.PathDoubleEncoded {
		for i := 0; i < len(path); i++ {
			dst = append(dst, path[i])
			if path[i] == '%' {
				dst = append(dst, '2', '5')
			}
		}
	} else {
		dst = append(dst, path...)
	}
	if d.QueryInBaseURI && req.URL.RawQuery != "" {
		dst = append(dst, '?')
		dst = append(dst, req.URL.RawQuery...)
	}
	return dst
}

// splitHostPort splits "host:port" and "[v6]:port"; a host without a port has port "".
func splitHostPort(hostport string) (host, port string) {
	i := strings.LastIndexByte(hostport, ':')
	if i < 0 || strings.IndexByte(hostport[i:], ']') >= 0 {
		return hostport, ""
	}
	return hostport[:i], hostport[i+1:]
}

// isForm reports whether the body's parameters are signed: the request declares
// application/x-www-form-urlencoded (RFC 5849 §3.4.1.3.1), or the dialect says otherwise.
func isForm(req *http.Request, d *Dialect) bool {
	if req.Body == nil || req.Body == http.NoBody {
		return false
	}
	switch d.Body {
	case BodyLeftOut:
		return false
	case BodyAlways:
		return true
	}
	return isFormType(req.Header.Get("Content-Type"))
}

func isFormType(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "application/x-www-form-urlencoded")
}

// readBody appends the body of req to dst and leaves the body ready to be read again, through
// GetBody or an io.Seeker. A body that cannot be re-read is an error wrapping
// [apisig.ErrBodyNotReplayable]: signing a form body must not consume it.
func readBody(dst []byte, req *http.Request) ([]byte, error) {
	buf := bytes.NewBuffer(dst)
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return dst, err
		}
		defer rc.Close()
		_, err = buf.ReadFrom(rc)
		return buf.Bytes(), err
	}
	if sk, ok := req.Body.(io.Seeker); ok {
		pos, err := sk.Seek(0, io.SeekCurrent)
		if err != nil {
			return dst, &apisig.RequestError{Scheme: SchemeID, Part: "request body", Problem: "is an io.Seeker but Seek failed: " + err.Error(), Kind: apisig.ErrBodyNotReplayable}
		}
		if _, err := buf.ReadFrom(req.Body); err != nil {
			return dst, err
		}
		if _, err := sk.Seek(pos, io.SeekStart); err != nil {
			return dst, &apisig.RequestError{Scheme: SchemeID, Part: "request body", Problem: "could not be sought back after reading: " + err.Error(), Kind: apisig.ErrBodyNotReplayable}
		}
		return buf.Bytes(), nil
	}
	return dst, &apisig.RequestError{Scheme: SchemeID, Part: "request body",
		Problem: "is form-encoded, so its parameters are signed, but it cannot be re-read: set req.GetBody (http.NewRequest does for bytes and strings readers) or use an io.Seeker", Kind: apisig.ErrBodyNotReplayable}
}

// normalize writes the normalized parameters of w.pairs into w.norm, RFC 5849 §3.4.1.3.2:
// each name and value encoded, sorted by name then value, joined as name=value with '&'.
// nq and nb are the numbers of query and body pairs at the front of w.pairs.
func (w *work) normalize(e encoder, d *Dialect, nq, nb int) {
	pairs := w.collapse(d.Repeated, nq, nb)
	w.enc, w.spans = w.enc[:0], w.spans[:0]
	for i, p := range pairs {
		k0 := len(w.enc)
		w.enc = e.append(w.enc, p.Key)
		k1 := len(w.enc)
		w.enc = e.append(w.enc, p.Value)
		w.spans = append(w.spans, span{int32(k0), int32(k1), int32(len(w.enc)), int32(i)})
	}
	buf := w.enc
	switch d.Sort {
	case SortEncoded:
		slices.SortStableFunc(w.spans, func(a, b span) int {
			if c := bytes.Compare(buf[a.k0:a.k1], buf[b.k0:b.k1]); c != 0 {
				return c
			}
			return bytes.Compare(buf[a.k1:a.v1], buf[b.k1:b.v1])
		})
	case SortRaw:
		slices.SortStableFunc(w.spans, func(a, b span) int {
			pa, pb := pairs[a.raw], pairs[b.raw]
			if c := strings.Compare(pa.Key, pb.Key); c != 0 {
				return c
			}
			return strings.Compare(pa.Value, pb.Value)
		})
	}
	w.norm = w.norm[:0]
	for i, sp := range w.spans {
		if i > 0 {
			w.norm = append(w.norm, '&')
		}
		w.norm = append(w.norm, buf[sp.k0:sp.k1]...)
		w.norm = append(w.norm, '=')
		w.norm = append(w.norm, buf[sp.k1:sp.v1]...)
	}
}

// collapse applies the repeated-parameter rule.
func (w *work) collapse(r RepeatedForm, nq, nb int) []canon.Pair {
	switch r {
	case RepeatedFirst:
		// Protocol parameters win over body ones, body over query; within a source the first
		// value wins: dghubble/oauth1's map, filled from url.Values' first values.
		w.kept = w.kept[:0]
		add := func(ps []canon.Pair) {
			for _, p := range ps {
				if !slices.ContainsFunc(w.kept, func(q canon.Pair) bool { return q.Key == p.Key }) {
					w.kept = append(w.kept, p)
				}
			}
		}
		add(w.pairs[nq+nb:])
		add(w.pairs[nq : nq+nb])
		add(w.pairs[:nq])
		return w.kept
	case RepeatedLast:
		w.kept = w.kept[:0]
		for _, p := range w.pairs {
			if i := slices.IndexFunc(w.kept, func(q canon.Pair) bool { return q.Key == p.Key }); i >= 0 {
				w.kept[i] = p
			} else {
				w.kept = append(w.kept, p)
			}
		}
		return w.kept
	}
	return w.pairs
}

// buildBase writes the signature base string into w.base, RFC 5849 §3.4.1.1: the method in
// upper case, '&', the encoded base string URI, '&', the encoded normalized parameters.
func (w *work) buildBase(e encoder, method string) {
	w.base = appendUpper(w.base[:0], method)
	w.base = append(w.base, '&')
	w.base = e.appendBytes(w.base, w.uri)
	w.base = append(w.base, '&')
	w.base = e.appendBytes(w.base, w.norm)
}

func appendUpper(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// appendKey writes the HMAC key (and PLAINTEXT signature), RFC 5849 §3.4.2: the encoded
// consumer secret, '&', the encoded token secret, as the dialect's key form says.
func appendKey(dst []byte, e encoder, f KeyForm, cs, ts string) []byte {
	switch f {
	case KeyUnencoded:
		dst = append(dst, cs...)
		dst = append(dst, '&')
		return append(dst, ts...)
	case KeyConsumerOnly:
		dst = e.append(dst, cs)
		return append(dst, '&')
	}
	dst = e.append(dst, cs)
	if f == KeyNoAmpWhenEmpty && ts == "" {
		return dst
	}
	dst = append(dst, '&')
	return e.append(dst, ts)
}

// traceInputs records the collected parameters and the normalized ones.
func (w *work) traceInputs(tr *apisig.Trace, nq, nb int) {
	if tr == nil {
		return
	}
	tr.Add(apisig.StepInput, "base string URI", string(w.uri))
	var b strings.Builder
	for i, p := range w.pairs {
		if i > 0 {
			b.WriteByte('\n')
		}
		switch {
		case i < nq:
			b.WriteString("query     ")
		case i < nq+nb:
			b.WriteString("body      ")
		default:
			b.WriteString("protocol  ")
		}
		b.WriteString(p.Key)
		b.WriteByte('=')
		b.WriteString(p.Value)
	}
	tr.Add(apisig.StepInput, "parameters (decoded, as collected)", b.String())
	tr.Add(apisig.StepCanonicalRequest, "normalized parameters", string(w.norm))
}
