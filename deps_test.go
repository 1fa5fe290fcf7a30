package apisig_test

import (
	"os/exec"
	"strings"
	"testing"
)

// depsPolicy states which non-standard imports each package may have. Core packages (the
// contracts, canon, the scheme families, internal helpers) import only the standard library
// and apisig's own packages, so a library user links nothing else. This is a statement of
// policy, in the manner of go/build's deps_test.go: do not change it to fix a build.
var depsPolicy = map[string][]string{
	// The command line: cobra and pflag for the commands, mvdan.cc/sh to read curl command
	// lines with the shell's quoting, x/term and progressbar for the upload/download progress.
	"github.com/apisig/apisig/cmd/apisig": {"github.com/spf13/cobra", "github.com/spf13/pflag", "mvdan.cc/sh/v3",
		"golang.org/x/term", "github.com/schollz/progressbar/v3"},
}

func TestImportPolicy(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		pkg, imports := fields[0], fields[1:]
		for _, imp := range imports {
			first, _, _ := strings.Cut(imp, "/")
			switch {
			case !strings.Contains(first, "."): // standard library
			case imp == "github.com/apisig/apisig" || strings.HasPrefix(imp, "github.com/apisig/apisig/"):
			case allowed(pkg, imp):
			default:
				t.Errorf("%s imports %s: core packages may import only the standard library and apisig", pkg, imp)
			}
		}
	}
}

func allowed(pkg, imp string) bool {
	for _, p := range depsPolicy[pkg] {
		if imp == p || strings.HasPrefix(imp, p+"/") {
			return true
		}
	}
	return false
}
