package canon_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/apisig/apisig/canon"
)

var allFolds = []canon.ValueFold{canon.FoldTrimAll, canon.FoldTrim, canon.FoldNone, canon.FoldReplaceOnce}

func foldName(f canon.ValueFold) string {
	names := []string{"FoldTrimAll", "FoldTrim", "FoldNone", "FoldReplaceOnce"}
	if int(f) < len(names) {
		return names[f]
	}
	return fmt.Sprintf("ValueFold(%d)", uint8(f))
}

func TestValueFold(t *testing.T) {
	// want is in allFolds order: TrimAll, Trim, None, ReplaceOnce. TrimAll is SigV4 "Trimall";
	// ReplaceOnce is a single left-to-right pass of "  " -> " " (Python's str.replace), so n
	// inner spaces become ceil(n/2).
	tests := []struct {
		name string
		in   string
		want [4]string
	}{
		{"plain", "value", [4]string{"value", "value", "value", "value"}},
		{"empty", "", [4]string{"", "", "", ""}},
		{"all spaces", "   ", [4]string{"", "", "   ", ""}},
		{"all tabs and spaces", " \t \t", [4]string{"", "", " \t \t", ""}},
		{"leading space", " value1", [4]string{"value1", "value1", " value1", "value1"}},
		{"trailing spaces", "value  ", [4]string{"value", "value", "value  ", "value"}},
		{"leading and trailing tabs", "\tvalue\t\t", [4]string{"value", "value", "\tvalue\t\t", "value"}},
		{"mixed edges", " \t value \t ", [4]string{"value", "value", " \t value \t ", "value"}},
		{"one inner space", "a b", [4]string{"a b", "a b", "a b", "a b"}},
		{"two inner spaces", "a  b", [4]string{"a b", "a  b", "a  b", "a b"}},
		{"three inner spaces", "a   b", [4]string{"a b", "a   b", "a   b", "a  b"}},
		{"four inner spaces", "a    b", [4]string{"a b", "a    b", "a    b", "a  b"}},
		{"five inner spaces", "a     b", [4]string{"a b", "a     b", "a     b", "a   b"}},
		{"inner tab kept", "a\tb", [4]string{"a\tb", "a\tb", "a\tb", "a\tb"}},
		{"inner tabs kept", "a\t\tb", [4]string{"a\t\tb", "a\t\tb", "a\t\tb", "a\t\tb"}},
		{"space tab space", "a \t b", [4]string{"a \t b", "a \t b", "a \t b", "a \t b"}},
		{"spaces around tab", "a  \t  b", [4]string{"a \t b", "a  \t  b", "a  \t  b", "a \t b"}},
		{"several runs", "a  b   c    d", [4]string{"a b c d", "a  b   c    d", "a  b   c    d", "a b  c  d"}},
		// AWS test suite get-header-value-trim: My-Header2 is ` "a   b   c"`.
		{"aws trim vector", ` "a   b   c"`, [4]string{`"a b c"`, `"a   b   c"`, ` "a   b   c"`, `"a  b  c"`}},
		{"other whitespace kept", "\na  b\r", [4]string{"\na b\r", "\na  b\r", "\na  b\r", "\na b\r"}},
	}
	for _, tt := range tests {
		for i, f := range allFolds {
			t.Run(tt.name+"/"+foldName(f), func(t *testing.T) {
				want := tt.want[i]
				if got := f.Fold(tt.in); got != want {
					t.Errorf("%s.Fold(%q) = %q; want %q", foldName(f), tt.in, got, want)
				}
				if got := string(f.AppendFolded([]byte("h:"), tt.in)); got != "h:"+want {
					t.Errorf("%s.AppendFolded(\"h:\", %q) = %q; want %q", foldName(f), tt.in, got, "h:"+want)
				}
			})
		}
	}
}

var (
	edgeBlanks  = regexp.MustCompile(`^[ \t]+|[ \t]+$`)
	twoSpaces   = regexp.MustCompile(`  `)
	spaceRunMin = regexp.MustCompile(` {2,}`)
)

// refFold is each fold written from its definition, with regular expressions.
func refFold(f canon.ValueFold, v string) string {
	switch f {
	case canon.FoldNone:
		return v
	case canon.FoldTrim:
		return edgeBlanks.ReplaceAllString(v, "")
	case canon.FoldReplaceOnce:
		return twoSpaces.ReplaceAllLiteralString(refFold(canon.FoldTrim, v), " ")
	case canon.FoldTrimAll:
		return spaceRunMin.ReplaceAllLiteralString(refFold(canon.FoldTrim, v), " ")
	}
	panic("no reference for " + foldName(f))
}

// TestValueFoldExhaustive checks Fold and AppendFolded against each other and against refFold
// for every string of up to 7 bytes over {' ', '\t', 'a'}.
func TestValueFoldExhaustive(t *testing.T) {
	inputs := []string{""}
	for n := 1; n <= 7; n++ {
		for _, prev := range inputs {
			if len(prev) != n-1 {
				continue
			}
			for _, c := range []string{" ", "\t", "a"} {
				inputs = append(inputs, prev+c)
			}
		}
	}
	for _, f := range allFolds {
		for _, in := range inputs {
			want := refFold(f, in)
			got := f.Fold(in)
			if got != want {
				t.Errorf("%s.Fold(%q) = %q; want %q", foldName(f), in, got, want)
			}
			if app := string(f.AppendFolded([]byte("x"), in)); app != "x"+got {
				t.Errorf("%s.AppendFolded(\"x\", %q) = %q; Fold gave %q", foldName(f), in, app, got)
			}
		}
	}
}

// TestValueFoldIdempotent: every fold but ReplaceOnce is idempotent; that one is the mistake
// that leaves runs behind.
func TestValueFoldIdempotent(t *testing.T) {
	for _, f := range []canon.ValueFold{canon.FoldTrimAll, canon.FoldTrim, canon.FoldNone} {
		for _, in := range []string{" a  b   c ", "\t\t", "a \t  b", strings.Repeat(" x  ", 10)} {
			once := f.Fold(in)
			if twice := f.Fold(once); twice != once {
				t.Errorf("%s.Fold(%q) = %q; want %q (Fold(v) again)", foldName(f), once, twice, once)
			}
		}
	}
}

func TestFoldNoAlloc(t *testing.T) {
	// Fold allocates only when an inner run of spaces must shrink.
	for _, f := range allFolds {
		for _, in := range []string{"value", "  a b\t"} {
			if allocs := testing.AllocsPerRun(100, func() { _ = f.Fold(in) }); allocs != 0 {
				t.Errorf("%s.Fold(%q) allocates %v times; want 0", foldName(f), in, allocs)
			}
		}
	}
}

// TestAppendFoldedNoAlloc: AppendFolded is documented as not allocating, for every fold.
func TestAppendFoldedNoAlloc(t *testing.T) {
	dst := make([]byte, 0, 64)
	for _, f := range allFolds {
		for _, in := range []string{"value", " a  b   c "} {
			if allocs := testing.AllocsPerRun(100, func() { dst = f.AppendFolded(dst[:0], in) }); allocs != 0 {
				t.Errorf("%s.AppendFolded(dst, %q) allocates %v times; want 0", foldName(f), in, allocs)
			}
		}
	}
}
