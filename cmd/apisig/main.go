// Command apisig signs, verifies and explains HTTP API request signatures.
//
// Usage:
//
//	apisig demo      sign a request, send it to a local verifying server, show every step
//
// Exit status: 0 success; 1 a signature was rejected; 2 bad usage or input; 3 any other failure.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/apisig/apisig"
)

// Exit codes, documented in every command's help.
const (
	exitOK       = 0
	exitRejected = 1
	exitUsage    = 2
	exitFailure  = 3
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and maps its error to an exit code, in this one place.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCommand(stdout)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "apisig: error: %v\n", err)
	var ue usageError
	switch {
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, errRejected):
		return exitRejected
	case errors.Is(err, apisig.ErrInvalidInput), errors.Is(err, apisig.ErrNoCredentials):
		return exitUsage
	}
	return exitFailure
}

// errRejected reports that a signature was rejected, for exit status 1.
var errRejected = errors.New("signature rejected")

// usageError marks a command-line mistake, for exit status 2.
type usageError struct{ error }

func newRootCommand(stdout io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "apisig",
		Short: "Sign, verify and explain HTTP API request signatures",
		Long: `apisig signs, verifies and explains HTTP API request signatures (AWS Signature V4 and more),
and says exactly why a signature is wrong.

EXIT STATUS
  0  success
  1  a signature was rejected
  2  bad usage or input
  3  any other failure`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newDemoCommand(stdout))
	return root
}
