module github.com/apisig/apisig

go 1.26.0

// The CLI (cmd/apisig) only; core packages import the standard library alone (deps_test.go).
require (
	github.com/spf13/cobra v1.10.2
	github.com/spf13/pflag v1.0.9
	mvdan.cc/sh/v3 v3.14.1 // reads curl command lines with the shell's quoting (apisig verify)
)

// Test dependencies.
require (
	github.com/google/go-cmp v0.7.0
	github.com/rogpeppe/go-internal v1.16.0 // testscript, for cmd/apisig/testdata/*.txtar
)

require (
	github.com/schollz/progressbar/v3 v3.19.1
	golang.org/x/term v0.47.0
)

require (
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/mitchellh/colorstring v0.0.0-20190213212951-d06e56a500db // indirect
	github.com/rivo/uniseg v0.4.7 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/tools v0.38.0 // indirect
)
