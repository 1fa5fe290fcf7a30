// Command apisig signs, verifies and explains HTTP API request signatures.
//
// Usage:
//
//	apisig demo         sign a request, send it to a local verifying server, show every step
//	apisig curl         send a signed request, with curl's flags
//	apisig sign         print the signed request, a curl command line, or a presigned URL
//	apisig explain      print every step of the signature, secrets redacted
//	apisig verify       check a captured request (raw HTTP, curl command line, HAR) against a secret
//	apisig diagnose     name the mistake behind a rejected signature, with evidence
//	apisig post-policy  build and sign an S3 POST policy: the form a browser uploads with
//	apisig credentials  show which credential sources were found, redacted
//	apisig schemes      list the schemes, or one scheme's parameters and knobs
//	apisig version, apisig completion bash|zsh|fish|powershell
//
// Exit status: 0 success; 1 a signature was rejected; 2 bad usage or input; 3 any other failure;
// 22 apisig curl --fail on an HTTP error.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/apisig/apisig"
)

// Exit codes, documented in every command's help.
const (
	exitOK       = 0
	exitRejected = 1
	exitUsage    = 2
	exitFailure  = 3
	// exitHTTPError is curl's own code for --fail: the server answered 400 or above.
	exitHTTPError = 22
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
	var quiet interface{ Quiet() bool }
	if !errors.As(err, &quiet) || !quiet.Quiet() {
		fmt.Fprintf(stderr, "apisig: error: %v\n", err)
		var h interface{ Hint() string }
		if errors.As(err, &h) && h.Hint() != "" {
			fmt.Fprintf(stderr, "apisig: hint: %s\n", h.Hint())
		}
	}
	var ue usageError
	switch {
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, errRejected):
		return exitRejected
	case errors.Is(err, errHTTPStatus):
		return exitHTTPError
	case errors.Is(err, apisig.ErrInvalidInput), errors.Is(err, apisig.ErrNoCredentials):
		return exitUsage
	}
	return exitFailure
}

// errRejected reports that a signature was rejected, for exit status 1.
var errRejected = errors.New("signature rejected")

// usageError marks a command-line mistake, for exit status 2.
type usageError struct{ error }

// Unwrap lets errors.Is see the error behind a usage error.
func (e usageError) Unwrap() error { return e.error }

// errHTTPStatus reports, with --fail, an HTTP error answer, for exit status 22 as curl.
var errHTTPStatus = errors.New("the requested URL returned error")

// hintError adds a line of advice to an error: run prints it after the error as
// "apisig: hint: ...". Quiet errors (curl's -s without -S) print neither.
type hintError struct {
	err   error
	hint  string
	quiet bool
}

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }
func (e *hintError) Hint() string  { return e.hint }
func (e *hintError) Quiet() bool   { return e.quiet }

// withHint adds advice to err; a nil err stays nil.
func withHint(err error, hint string) error {
	if err == nil {
		return nil
	}
	return &hintError{err: err, hint: hint}
}

// badInput returns a usage error (exit status 2) with a hint, which may be empty.
func badInput(hint, format string, args ...any) error {
	return &hintError{err: usageError{fmt.Errorf(format, args...)}, hint: hint}
}

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
  3  any other failure
  22 apisig curl --fail: the server answered 400 or above (curl's own code)`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	// An unknown command is bad usage (exit status 2), as every help text says; cobra's own
	// check would make it exit 3.
	root.Args = cobra.ArbitraryArgs
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return cmd.Help()
		}
		hint := "apisig --help lists the commands"
		cmd.SuggestionsMinimumDistance = 2
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			hint = "did you mean " + strings.Join(s, " or ") + "?"
		}
		return badInput(hint, "unknown command %q", args[0])
	}
	root.AddCommand(newDemoCommand(stdout))
	root.AddCommand(newCredentialsCommand(stdout))
	root.AddCommand(newSignCommand(stdout), newExplainCommand(stdout), newCurlCommand(stdout), newVerifyCommand(stdout), newDiagnoseCommand(stdout), newPostPolicyCommand(stdout), newSchemesCommand(stdout), newVersionCommand(stdout))
	root.InitDefaultCompletionCmd()
	usageArgs(root)
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Example = `  # bash, for this shell and every new one
  source <(apisig completion bash)
  apisig completion bash > /etc/bash_completion.d/apisig

  # zsh, fish, PowerShell
  apisig completion zsh > "${fpath[1]}/_apisig"
  apisig completion fish > ~/.config/fish/completions/apisig.fish
  apisig completion powershell | Out-String | Invoke-Expression`
		}
	}
	return root
}

// usageArgs makes too many or too few arguments, to c and every command under it, bad usage
// (exit status 2) rather than cobra's plain error (exit status 3).
func usageArgs(c *cobra.Command) {
	for _, sub := range c.Commands() {
		usageArgs(sub)
	}
	check := c.Args
	if check == nil || c == c.Root() {
		return
	}
	c.Args = func(cmd *cobra.Command, args []string) error {
		err := check(cmd, args)
		var ue usageError
		if err != nil && !errors.As(err, &ue) {
			return usageError{err}
		}
		return err
	}
}
