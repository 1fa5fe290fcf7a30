package main

import (
	"crypto/rand"
	"fmt"
	"path"
	"regexp"
	"strings"
)

// form.go builds multipart/form-data bodies from -F arguments, byte for byte as curl does.

// curlBoundary makes a boundary as libcurl does (lib/mime.c curl_mime_init): 24 dashes, then
// 22 random letters and digits.
func curlBoundary() string {
	const alnum = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := []byte(strings.Repeat("-", 24) + strings.Repeat("x", 22))
	r := make([]byte, 22)
	_, _ = rand.Read(r)
	for i, c := range r {
		b[24+i] = alnum[int(c)%len(alnum)]
	}
	return string(b)
}

// basename is libcurl's: the last element of a path, '/' or '\' separated.
func basename(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return path.Base(p)
}

// formPart is one -F field, as src/tool_formparse.c reads it.
type formPart struct {
	name        string
	value       string // a text field's value
	file        string // the file the content comes from ("-": standard input), for @ and <
	upload      bool   // name=@file: a file upload, which has a filename
	typ         string // ;type=
	filename    string // ;filename=, or the file's base name for an upload
	hasFilename bool
	headers     []string // ;headers=
}

// parseForm reads one -F (or, literal, --form-string) argument.
func parseForm(a formArg, warn func(string)) (formPart, error) {
	name, content, ok := strings.Cut(a.spec, "=")
	if !ok {
		return formPart{}, badInput(`write -F name=value, -F "name=@file;type=text/plain", or -F "name=<file"`,
			"-F %q: a form field needs a name and '='", a.spec)
	}
	p := formPart{name: name}
	if a.literal {
		p.value = content
		return p, nil
	}
	sc := formScanner{s: content, warn: warn}
	var err error
	switch {
	case strings.HasPrefix(content, "("), name == "" && content == ")":
		return p, badInput("", "-F %q: nested multipart parts are not supported", a.spec)
	case strings.HasPrefix(content, "@"):
		sc.i = 1
		if p.file, err = sc.part(&p, ','); err != nil {
			return p, badInput("", "-F %q: %v", a.spec, err)
		}
		if sc.i < len(sc.s) && sc.s[sc.i] == ',' {
			return p, badInput("send each file in a -F of its own", "-F %q: several files in one field are not supported", a.spec)
		}
		p.upload = true
		if !p.hasFilename && p.file != "" {
			p.filename, p.hasFilename = basename(p.file), true
		}
	case strings.HasPrefix(content, "<"):
		sc.i = 1
		if p.file, err = sc.part(&p, 0); err != nil {
			return p, badInput("", "-F %q: %v", a.spec, err)
		}
		if p.hasFilename {
			warn(fmt.Sprintf("-F %q: filename is not allowed for a field read with <; ignored", a.spec))
			p.filename, p.hasFilename = "", false
		}
	default:
		if p.value, err = sc.part(&p, 0); err != nil {
			return p, badInput("", "-F %q: %v", a.spec, err)
		}
	}
	if (p.upload || strings.HasPrefix(content, "<")) && p.file == "" {
		return p, badInput("", "-F %q: no file name after %c", a.spec, content[0])
	}
	return p, nil
}

// formScanner walks the content of a -F argument with curl's grammar: words that may be
// double-quoted (with \" and \\ escapes), separated by ';', followed by type=, filename=,
// headers= and encoder= settings.
type formScanner struct {
	s    string
	i    int
	warn func(string)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func (sc *formScanner) skipSpace() {
	for sc.i < len(sc.s) && isSpace(sc.s[sc.i]) {
		sc.i++
	}
}

func (sc *formScanner) at(c byte) bool { return sc.i < len(sc.s) && sc.s[sc.i] == c }

// word reads a word up to ';' or end, unquoting a quoted one and trimming an unquoted one's
// trailing spaces (tool_formparse.c get_param_word and its callers).
func (sc *formScanner) word(end byte) string {
	if sc.at('"') {
		var b strings.Builder
		for j := sc.i + 1; j < len(sc.s); j++ {
			c := sc.s[j]
			if c == '\\' && j+1 < len(sc.s) && (sc.s[j+1] == '\\' || sc.s[j+1] == '"') {
				b.WriteByte(sc.s[j+1])
				j++
				continue
			}
			if c == '"' {
				for sc.i = j + 1; sc.i < len(sc.s) && sc.s[sc.i] != ';' && sc.s[sc.i] != end; sc.i++ {
				}
				return b.String()
			}
			b.WriteByte(c)
		}
		// No closing quote: an unquoted word.
	}
	start := sc.i
	for sc.i < len(sc.s) && sc.s[sc.i] != ';' && sc.s[sc.i] != end {
		sc.i++
	}
	return strings.TrimRightFunc(sc.s[start:sc.i], func(r rune) bool { return r < 0x80 && isSpace(byte(r)) })
}

var contentType = regexp.MustCompile(`^[^/ ]{1,127}/[^;, \n]{1,127}`)

// part reads the field's data word and its settings (tool_formparse.c get_param_part). A
// type= runs on, with any parameters, to the next known setting.
func (sc *formScanner) part(p *formPart, end byte) (string, error) {
	sc.skipSpace()
	data := sc.word(end)
	typeStart, typeEnd, typeOpen := -1, -1, false
	extendType := func() {
		for ; sc.i < len(sc.s) && sc.s[sc.i] != ';' && sc.s[sc.i] != end; sc.i++ {
			if !isSpace(sc.s[sc.i]) {
				typeEnd = sc.i + 1
			}
		}
	}
	for sc.at(';') {
		sc.i++
		sc.skipSpace()
		rest := strings.ToLower(sc.s[sc.i:])
		switch {
		case !typeOpen && strings.HasPrefix(rest, "type="):
			sc.i += len("type=")
			sc.skipSpace()
			m := contentType.FindString(sc.s[sc.i:])
			if m == "" {
				return "", fmt.Errorf("type=%s is not a content type (want major/minor)", sc.word(end))
			}
			typeStart, typeOpen = sc.i, true
			sc.i += len(m)
			typeEnd = sc.i
			extendType()
		case strings.HasPrefix(rest, "filename="):
			typeOpen = false
			sc.i += len("filename=")
			sc.skipSpace()
			p.filename, p.hasFilename = sc.word(end), true
		case strings.HasPrefix(rest, "headers="):
			typeOpen = false
			sc.i += len("headers=")
			if sc.at('@') || sc.at('<') {
				sc.i++
				sc.skipSpace()
				file := sc.word(end)
				data, err := readArgFile(file)
				if err != nil {
					return "", fmt.Errorf("headers=@%s: %w", file, err)
				}
				p.headers = append(p.headers, headerFileLines(string(data))...)
				continue
			}
			sc.skipSpace()
			p.headers = append(p.headers, sc.word(end))
		case strings.HasPrefix(rest, "encoder="):
			sc.i += len("encoder=")
			return "", fmt.Errorf("encoder=%s is not supported", sc.word(end))
		case typeOpen:
			extendType() // a parameter of the type: "type=text/plain; charset=utf-8"
		default:
			if w := sc.word(end); w != "" && sc.warn != nil {
				sc.warn(fmt.Sprintf("skipping unknown form setting %q", w))
			}
		}
	}
	if typeStart >= 0 {
		p.typ = sc.s[typeStart:typeEnd]
	}
	return data, nil
}

// headerFileLines reads a headers=@file: one header a line, '#' comments, lines that start
// with a space continuing the previous one (tool_formparse.c read_field_headers).
func headerFileLines(s string) []string {
	var out []string
	for l := range strings.Lines(strings.ReplaceAll(s, "\r", "")) {
		l = strings.TrimSuffix(l, "\n")
		switch {
		case strings.HasPrefix(l, "#"):
		case l != "" && isSpace(l[0]) && len(out) > 0:
			out[len(out)-1] += l
		default:
			out = append(out, l)
		}
	}
	kept := out[:0]
	for _, h := range out {
		if h = strings.TrimRightFunc(h, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) }); h != "" {
			kept = append(kept, h)
		}
	}
	return kept
}

// contentTypeByName is libcurl's short list of types guessed from a file name's extension
// (lib/mime.c Curl_mime_contenttype); anything else uploaded as a file is
// application/octet-stream.
var contentTypeByName = []struct{ ext, typ string }{
	{".gif", "image/gif"},
	{".jpg", "image/jpeg"},
	{".jpeg", "image/jpeg"},
	{".png", "image/png"},
	{".svg", "image/svg+xml"},
	{".txt", "text/plain"},
	{".htm", "text/html"},
	{".html", "text/html"},
	{".pdf", "application/pdf"},
	{".xml", "application/xml"},
}

func typeByName(name string) string {
	for _, c := range contentTypeByName {
		if len(name) >= len(c.ext) && strings.EqualFold(name[len(name)-len(c.ext):], c.ext) {
			return c.typ
		}
	}
	return ""
}

// mimeHeaders returns the part's header lines as libcurl writes them
// (lib/mime.c Curl_mime_prepare_headers): Content-Disposition, Content-Type, then the
// ;headers= ones but Content-Type.
func (p formPart) mimeHeaders(disposition string) []string {
	ct, custom := p.typ, p.typ != ""
	for _, h := range p.headers {
		if n, v, ok := strings.Cut(h, ":"); ok && strings.EqualFold(n, "Content-Type") && !custom {
			ct, custom = strings.TrimLeft(v, " "), true
		}
	}
	if !custom {
		fromFile := p.file != "" && p.file != "-" // stdin parts are guessed from their filename only
		switch {
		case p.hasFilename && typeByName(p.filename) != "":
			ct = typeByName(p.filename)
		case fromFile && typeByName(p.file) != "":
			ct = typeByName(p.file)
		case fromFile && p.hasFilename:
			ct = "application/octet-stream"
		}
		if !p.hasFilename && ct == "text/plain" {
			ct = ""
		}
	}
	var out []string
	if !p.hasUserHeader("Content-Disposition") {
		if disposition == "" && (p.name != "" || p.hasFilename || ct != "") {
			disposition = "attachment"
		}
		if disposition != "" {
			d := "Content-Disposition: " + disposition
			if p.name != "" {
				d += `; name="` + mimeEscape(p.name) + `"`
			}
			if p.hasFilename {
				d += `; filename="` + mimeEscape(p.filename) + `"`
			}
			out = append(out, d)
		}
	}
	if ct != "" {
		out = append(out, "Content-Type: "+ct)
	}
	for _, h := range p.headers {
		if n, _, ok := strings.Cut(h, ":"); !ok || !strings.EqualFold(n, "Content-Type") {
			out = append(out, h)
		}
	}
	return out
}

func (p formPart) hasUserHeader(name string) bool {
	for _, h := range p.headers {
		if n, _, ok := strings.Cut(h, ":"); ok && strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// mimeEscape escapes a field name or filename as the HTML standard says and libcurl does:
// '"' as %22, CR as %0D, LF as %0A, nothing else.
var mimeEscape = strings.NewReplacer(`"`, "%22", "\r", "%0D", "\n", "%0A").Replace

// buildMultipart builds the multipart body of the -F fields (lib/mime.c mime_subparts_read):
// "--boundary" CRLF, each part's headers and a blank line, its content, CRLF, and after the
// last part "--boundary--" CRLF.
func buildMultipart(args []formArg, topType, boundary string, in *stdinOnce, warn func(string)) (*body, error) {
	disposition := ""
	if t, _, _ := strings.Cut(topType, ";"); strings.EqualFold(strings.TrimSpace(t), "multipart/form-data") {
		disposition = "form-data"
	}
	b := &body{}
	for i, a := range args {
		p, err := parseForm(a, warn)
		if err != nil {
			return nil, err
		}
		var head strings.Builder
		if i > 0 {
			head.WriteString("\r\n")
		}
		head.WriteString("--" + boundary + "\r\n")
		for _, h := range p.mimeHeaders(disposition) {
			head.WriteString(h + "\r\n")
		}
		head.WriteString("\r\n")
		b.addBytes([]byte(head.String()))
		switch {
		case p.file == "-":
			b.addBytes(in.read())
		case p.file != "":
			if err := b.addFile(p.file, nil); err != nil {
				return nil, badInput("", "-F %q: %w", a.spec, err)
			}
		default:
			b.addBytes([]byte(p.value))
		}
	}
	b.addBytes([]byte("\r\n--" + boundary + "--\r\n"))
	return b, nil
}
