package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func newVersionCommand(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print apisig's version",
		Long: `version prints the version of the apisig module this program was built from (as the Go
toolchain recorded it: a release tag, a pseudo-version, or "(devel)" for a plain checkout
build), the Go version and the platform.

EXIT STATUS
  0  always`,
		Example: `  apisig version`,
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(stdout, "apisig %s (%s, %s/%s)\n", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}

// version returns the module version the binary was built from, "(devel)" when unknown.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// userAgent is the User-Agent apisig sends, as curl sends "curl/<version>".
func userAgent() string {
	v := version()
	if v == "(devel)" {
		v = "dev"
	}
	return "apisig/" + v
}
