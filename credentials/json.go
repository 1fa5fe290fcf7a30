package credentials

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
)

// The JSON files (the Alibaba CLI's config.json, the Tencent CLI's profile files, apisig's own
// config) are read token by token rather than unmarshalled, so that every error names the line
// and the key at fault, which encoding/json's errors do not (an unknown field has no offset).

type jsonKind byte

const (
	jsonObject jsonKind = iota + 1
	jsonArray
	jsonString
	jsonNumber
	jsonBool
	jsonNull
)

var jsonKindNames = [...]string{jsonObject: "an object", jsonArray: "an array", jsonString: "a string", jsonNumber: "a number", jsonBool: "a boolean", jsonNull: "null"}

func (k jsonKind) String() string { return jsonKindNames[k] }

// jsonNode is one value in a document, in document order.
type jsonNode struct {
	path []string // object keys and array indices ("0", "1", ...) from the root; nil for the root
	line int      // line of the value's key (of the value itself in an array or at the root)
	kind jsonKind
	str  string // the value of a string; the text of a number or boolean
}

// jsonError is a syntax or structure error at a line.
type jsonError struct {
	Line    int
	Path    []string // where, or nil
	Problem string
}

func (e *jsonError) key() string { return strings.Join(e.Path, ".") }

func (e *jsonError) Error() string {
	s := "line " + strconv.Itoa(e.Line) + ": "
	if len(e.Path) > 0 {
		s += strconv.Quote(e.key()) + ": "
	}
	return s + e.Problem
}

// maxJSONDepth bounds nesting; none of the files nests deeper than four.
const maxJSONDepth = 32

// walkJSON returns every value in data, which must hold exactly one JSON value. When
// rejectDuplicates is set, a key repeated in an object is an error; otherwise both occurrences
// are returned and the consumer keeps the last, as encoding/json does.
func walkJSON(data []byte, rejectDuplicates bool) ([]jsonNode, error) {
	type frame struct {
		object  bool
		path    []string
		n       int // array: index of the next element
		key     string
		keyLine int
		haveKey bool
		seen    map[string]bool
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	lines := lineCounter{data: data}
	var (
		nodes []jsonNode
		stack []*frame
		done  bool
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if !done {
				return nil, &jsonError{Line: lines.at(int64(len(data))), Problem: "unexpected end of file"}
			}
			return nodes, nil
		}
		if err != nil {
			off := dec.InputOffset()
			var se *json.SyntaxError
			if errors.As(err, &se) {
				off = se.Offset
			}
			// The message of a syntax error names a character, never a value.
			return nil, &jsonError{Line: lines.at(off), Problem: strings.TrimPrefix(err.Error(), "json: ")}
		}
		line := lines.at(dec.InputOffset())
		if done {
			return nil, &jsonError{Line: line, Problem: "unexpected data after the top-level value"}
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			done = len(stack) == 0
			continue
		}
		if top != nil && top.object && !top.haveKey {
			key := tok.(string) // the decoder guarantees object keys are strings
			if top.seen[key] && rejectDuplicates {
				return nil, &jsonError{Line: line, Path: append(clone(top.path), key), Problem: "duplicate key"}
			}
			top.seen[key] = true
			top.key, top.keyLine, top.haveKey = key, line, true
			continue
		}
		node := jsonNode{line: line}
		if top != nil {
			if top.object {
				node.path = append(clone(top.path), top.key)
				node.line = top.keyLine
				top.haveKey = false
			} else {
				node.path = append(clone(top.path), strconv.Itoa(top.n))
				top.n++
			}
		}
		switch t := tok.(type) {
		case json.Delim:
			if len(stack) >= maxJSONDepth {
				return nil, &jsonError{Line: line, Path: node.path, Problem: "nested too deeply"}
			}
			f := &frame{object: t == '{', path: node.path}
			if f.object {
				node.kind = jsonObject
				f.seen = map[string]bool{}
			} else {
				node.kind = jsonArray
			}
			stack = append(stack, f)
		case string:
			node.kind, node.str = jsonString, t
		case json.Number:
			node.kind, node.str = jsonNumber, t.String()
		case bool:
			node.kind, node.str = jsonBool, strconv.FormatBool(t)
		case nil:
			node.kind = jsonNull
		}
		nodes = append(nodes, node)
		if len(stack) == 0 {
			done = true
		}
	}
}

// walkJSONObject is walkJSON for a file that must hold one JSON object, as every file apisig
// reads does.
func walkJSONObject(data []byte, rejectDuplicates bool) ([]jsonNode, error) {
	nodes, err := walkJSON(data, rejectDuplicates)
	if err != nil {
		return nil, err
	}
	if top := nodes[0]; top.kind != jsonObject { // walkJSON returns at least the top-level value
		return nil, &jsonError{Line: top.line, Problem: "expected a JSON object, found " + top.kind.String()}
	}
	return nodes, nil
}

func clone(p []string) []string { return append([]string(nil), p...) }

// lineCounter turns increasing byte offsets into 1-based line numbers in linear time.
type lineCounter struct {
	data []byte
	off  int64
	line int
}

func (c *lineCounter) at(off int64) int {
	if c.line == 0 {
		c.line = 1
	}
	off = min(off, int64(len(c.data)))
	if off < c.off {
		c.off, c.line = 0, 1
	}
	c.line += bytes.Count(c.data[c.off:off], []byte{'\n'})
	c.off = off
	return c.line
}

// stringAt checks that n is a string (or null, read as ""), for a field apisig reads.
func stringAt(n jsonNode) (string, error) {
	switch n.kind {
	case jsonString:
		return n.str, nil
	case jsonNull:
		return "", nil
	}
	return "", &jsonError{Line: n.line, Path: n.path, Problem: "expected a string, found " + n.kind.String()}
}
