package credentials

import (
	"strconv"
	"strings"
)

// iniFile is a parsed INI file in the dialect of ~/.aws/credentials, ~/.aws/config and
// ~/.tencentcloud/credentials. The rules, each proven in ini_test.go:
//
//   - "[name]" starts a section; whitespace inside the brackets is trimmed, and a comment may
//     follow the "]". Text other than a comment after it is an error, as is an empty name.
//   - "key = value" sets a property of the current section. Keys are case-insensitive (stored
//     lower-case) and trimmed, values trimmed. A property before any section is an error, as
//     is a line that is neither a section, a property nor a comment.
//   - Lines whose first non-blank character is '#' or ';' are comments. In a value, '#' or ';'
//     preceded by a space or tab starts a comment ("key = value ; comment"); elsewhere it is
//     part of the value.
//   - A line indented more than the property before it continues that property's value (this
//     is how ~/.aws/config nests "s3 =" settings); its text is appended after a newline.
//     Indented lines that follow a section header are ordinary properties.
//   - A section repeated in one file is merged into the first; a repeated key keeps its last
//     value.
//
// Sources: the AWS SDKs and Tools reference guide, "Shared config and credentials files"
// (https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html: "[profile name]" in
// config, "[name]" in credentials, '#' and ';' comments), and Python's configparser, which the
// AWS CLI uses (relative indentation for continuation lines, case-insensitive keys).
type iniFile struct {
	sections []*iniSection // distinct names, in order of first appearance
}

type iniSection struct {
	name  string
	line  int // line of the first header
	props map[string]iniProp
	keys  []string // in order of first appearance
}

type iniProp struct {
	value string
	line  int
}

// iniError is a syntax error at a line.
type iniError struct {
	Line    int
	Key     string // the key concerned, "" if none
	Problem string
}

func (e *iniError) Error() string { return "line " + strconv.Itoa(e.Line) + ": " + e.Problem }

func (f *iniFile) section(name string) *iniSection {
	for _, s := range f.sections {
		if s.name == name {
			return s
		}
	}
	return nil
}

func (s *iniSection) get(key string) (value string, line int) {
	p := s.props[key]
	return p.value, p.line
}

func (s *iniSection) set(key, value string, line int) {
	if _, ok := s.props[key]; !ok {
		s.keys = append(s.keys, key)
	}
	s.props[key] = iniProp{value: value, line: line}
}

// merged returns a section with the properties of a, then b's over them. Either may be nil.
func merged(a, b *iniSection) *iniSection {
	if a == nil || b == nil {
		if a == nil {
			return b
		}
		return a
	}
	m := &iniSection{name: b.name, line: b.line, props: map[string]iniProp{}}
	for _, s := range []*iniSection{a, b} {
		for _, k := range s.keys {
			p := s.props[k]
			m.set(k, p.value, p.line)
		}
	}
	return m
}

func parseINI(data []byte) (*iniFile, error) {
	f := &iniFile{}
	var cur *iniSection
	last, lastIndent := "", 0 // the current section's last property and its indentation
	text := strings.TrimPrefix(string(data), "\uFEFF")
	for n := 1; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		line = strings.TrimSuffix(line, "\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';' {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		if cur != nil && last != "" && indent > lastIndent {
			p := cur.props[last]
			p.value += "\n" + strings.TrimSpace(stripComment(line))
			cur.props[last] = p
			continue
		}
		if trimmed[0] == '[' {
			end := strings.IndexByte(trimmed, ']')
			if end < 0 {
				return nil, &iniError{Line: n, Problem: `section header has no closing "]"`}
			}
			if rest := strings.TrimSpace(trimmed[end+1:]); rest != "" && rest[0] != '#' && rest[0] != ';' {
				return nil, &iniError{Line: n, Problem: `unexpected text after "]"`}
			}
			name := strings.TrimSpace(trimmed[1:end])
			if name == "" {
				return nil, &iniError{Line: n, Problem: "empty section name"}
			}
			cur = f.section(name)
			if cur == nil {
				cur = &iniSection{name: name, line: n, props: map[string]iniProp{}}
				f.sections = append(f.sections, cur)
			}
			last = ""
			continue
		}
		k, v, ok := strings.Cut(trimmed, "=")
		if !ok {
			// The line is not quoted: it may be a secret missing its "key =".
			return nil, &iniError{Line: n, Problem: `expected "key = value" or "[section]"`}
		}
		key := strings.ToLower(strings.TrimSpace(k))
		if key == "" {
			return nil, &iniError{Line: n, Problem: `missing key before "="`}
		}
		if cur == nil {
			return nil, &iniError{Line: n, Key: key, Problem: strconv.Quote(key) + " is outside any [section]"}
		}
		cur.set(key, strings.TrimSpace(stripComment(v)), n)
		last, lastIndent = key, indent
	}
	return f, nil
}

// stripComment cuts s at the first '#' or ';' that follows a space or a tab.
func stripComment(s string) string {
	for i := 1; i < len(s); i++ {
		if (s[i] == '#' || s[i] == ';') && (s[i-1] == ' ' || s[i-1] == '\t') {
			return s[:i]
		}
	}
	return s
}
