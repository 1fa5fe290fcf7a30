package credentials_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/credentials"
)

func TestReadSecret(t *testing.T) {
	cases := map[string]struct {
		in      string
		want    string
		wantErr string
	}{
		"a trailing newline is trimmed":   {in: awsSecret + "\n", want: awsSecret},
		"CRLF and blanks are trimmed":     {in: "  " + awsSecret + " \r\n", want: awsSecret},
		"no newline":                      {in: awsSecret, want: awsSecret},
		"empty":                           {in: "\n", wantErr: "credentials: stdin is empty: invalid input"},
		"two lines, such as a whole file": {in: "[default]\naws_secret_access_key = " + awsSecret + "\n", wantErr: "credentials: stdin has more than one line; it must hold the secret alone: invalid input"},
		"too long":                        {in: strings.Repeat("x", 64<<10+1), wantErr: "credentials: stdin is longer than 64 KiB: invalid input"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := credentials.ReadSecret(strings.NewReader(tc.in))
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("ReadSecret() error = %v; want %q", err, tc.wantErr)
				}
				if !errors.Is(err, apisig.ErrInvalidInput) {
					t.Errorf("ReadSecret() error does not wrap apisig.ErrInvalidInput")
				}
				leak(t, err.Error())
				return
			}
			if err != nil || got.Reveal() != tc.want {
				t.Fatalf("ReadSecret() = %v, %v; want the secret", got, err)
			}
		})
	}
	if _, err := credentials.ReadSecret(iotest.ErrReader(errors.New("boom"))); err == nil || err.Error() != "credentials: reading stdin: boom" {
		t.Errorf("ReadSecret(failing reader) error = %v", err)
	}
}

func TestReadSecretFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "secret")
	if err := os.WriteFile(name, []byte(awsSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := credentials.ReadSecretFile(name, nil); err != nil || got.Reveal() != awsSecret {
		t.Errorf("ReadSecretFile(file) = %v, %v; want the secret", got, err)
	}
	if got, err := credentials.ReadSecretFile("-", strings.NewReader(awsSecret)); err != nil || got.Reveal() != awsSecret {
		t.Errorf("ReadSecretFile(-) = %v, %v; want the secret from stdin", got, err)
	}
	if _, err := credentials.ReadSecretFile("-", nil); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("ReadSecretFile(-, nil stdin) error = %v; want invalid input", err)
	}
	if _, err := credentials.ReadSecretFile(filepath.Join(dir, "missing"), nil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadSecretFile(missing) error = %v; want not exist", err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := credentials.ReadSecretFile(empty, nil); err == nil || !strings.Contains(err.Error(), `secret file "`+empty+`" is empty`) {
		t.Errorf("ReadSecretFile(empty) error = %v; want it to name the file", err)
	}
}
