package credentials

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
)

// maxSecretSize bounds a secret read from a file or stdin. Real secrets are under 100 bytes,
// session tokens under a few KiB.
const maxSecretSize = 64 << 10

// ReadSecret reads one secret from r: the whole input, with surrounding white space (such as
// the newline echo and editors add) trimmed. It is an error if the input is empty, longer than
// 64 KiB, or has more than one line (a credentials file given by mistake, say). Errors never
// contain the input. Errors about the input wrap [apisig.ErrInvalidInput].
func ReadSecret(r io.Reader) (apisig.Secret, error) { return readSecret(r, "stdin") }

// ReadSecretFile reads one secret, as [ReadSecret] does, from the named file, or from stdin when
// name is "-". Use it for a --secret-key-file flag: unlike a secret typed as an argument, a file
// or a pipe leaves no trace in shell history or the process list.
func ReadSecretFile(name string, stdin io.Reader) (apisig.Secret, error) {
	if name == "-" {
		if stdin == nil {
			return apisig.Secret{}, fmt.Errorf("credentials: no stdin to read the secret from: %w", apisig.ErrInvalidInput)
		}
		return readSecret(stdin, "stdin")
	}
	f, err := os.Open(name)
	if err != nil {
		return apisig.Secret{}, fmt.Errorf("credentials: secret file: %w", err)
	}
	defer f.Close()
	return readSecret(f, "secret file "+strconv.Quote(name))
}

func readSecret(r io.Reader, what string) (apisig.Secret, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxSecretSize+1))
	defer clear(b)
	if err != nil {
		return apisig.Secret{}, fmt.Errorf("credentials: reading %s: %w", what, err)
	}
	if len(b) > maxSecretSize {
		return apisig.Secret{}, fmt.Errorf("credentials: %s is longer than 64 KiB: %w", what, apisig.ErrInvalidInput)
	}
	s := strings.TrimSpace(string(b))
	switch {
	case s == "":
		return apisig.Secret{}, fmt.Errorf("credentials: %s is empty: %w", what, apisig.ErrInvalidInput)
	case strings.ContainsAny(s, "\r\n"):
		return apisig.Secret{}, fmt.Errorf("credentials: %s has more than one line; it must hold the secret alone: %w", what, apisig.ErrInvalidInput)
	}
	return apisig.NewSecret(s), nil
}
