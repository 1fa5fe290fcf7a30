package credentials_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/credentials"
)

// Test keys. The AWS pair is the one in AWS's documentation; the others are made up in the same
// shape. None grants anything.
const (
	awsID      = "AKIAIOSFODNN7EXAMPLE"
	awsSecret  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	awsID2     = "AKIAI44QH8DHBEXAMPLE"
	awsSecret2 = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
	aliID      = "LTAI5tEXAMPLEKEYIDxyz"
	aliSecret  = "EXAMPLEaliyunSECRETkey0123456789"
	tcID       = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	tcSecret   = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
	token      = "EXAMPLEsessionTOKEN"
)

// fakeEnv returns an Env whose home is a fresh temporary directory holding files (paths relative
// to home, with /), and whose variables are vars, with "$HOME" replaced by the home directory.
// Nothing of the real environment is read.
func fakeEnv(t *testing.T, files, vars map[string]string) credentials.Env {
	t.Helper()
	home := t.TempDir()
	for name, content := range files {
		p := filepath.Join(home, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return credentials.Env{
		HomeDir: home,
		Getenv:  func(k string) string { return strings.ReplaceAll(vars[k], "$HOME", home) },
	}
}

// want is what a resolution should give. Zero fields are not checked, except that an empty
// errText means no error.
type want struct {
	source       string // Result.Source.String()
	id, secret   string
	token        string
	region       string
	regionSource string
	profile      string
	warnings     []credentials.WarningKind
	errText      string  // the whole error message
	errIs        []error // sentinels the error must wrap
}

type testCase struct {
	files, vars map[string]string
	profile     string
	explicit    credentials.Explicit
	want        want
}

func runCases(t *testing.T, eco credentials.Ecosystem, cases map[string]testCase) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := credentials.Chain{Ecosystem: eco, Profile: tc.profile, Explicit: tc.explicit, Env: fakeEnv(t, tc.files, tc.vars)}
			check(t, c, tc.want)
		})
	}
}

func check(t *testing.T, c credentials.Chain, w want) {
	t.Helper()
	got, err := c.Resolve()
	if w.errText != "" || len(w.errIs) > 0 {
		if err == nil {
			t.Fatalf("Resolve() = %v from %v; want error %q", got.Credentials, got.Source, w.errText)
		}
		if w.errText != "" && err.Error() != w.errText {
			t.Errorf("Resolve() error = %q\n                  want %q", err, w.errText)
		}
		for _, target := range w.errIs {
			if !errors.Is(err, target) {
				t.Errorf("Resolve() error %q does not wrap %q", err, target)
			}
		}
		leak(t, err.Error())
		return
	}
	if err != nil {
		t.Fatalf("Resolve() error = %v", err)
	}
	if w.source != "" && got.Source.String() != w.source {
		t.Errorf("Resolve() source = %q; want %q", got.Source, w.source)
	}
	if w.id != "" && got.Credentials.AccessKeyID != w.id {
		t.Errorf("Resolve() access key id = %q; want %q", got.Credentials.AccessKeyID, w.id)
	}
	if w.secret != "" && !got.Credentials.Secret.Equal(apisig.NewSecret(w.secret)) {
		t.Errorf("Resolve() secret is not the expected one")
	}
	if got.Credentials.SessionToken.Reveal() != w.token {
		t.Errorf("Resolve() session token set = %v; want %v", !got.Credentials.SessionToken.IsZero(), w.token != "")
	}
	if got.Region != w.region {
		t.Errorf("Resolve() region = %q; want %q", got.Region, w.region)
	}
	if w.regionSource != "" && got.RegionSource.String() != w.regionSource {
		t.Errorf("Resolve() region source = %q; want %q", got.RegionSource, w.regionSource)
	}
	if w.profile != "" && got.Profile != w.profile {
		t.Errorf("Resolve() profile = %q; want %q", got.Profile, w.profile)
	}
	var kinds []credentials.WarningKind
	for _, wa := range got.Warnings {
		kinds = append(kinds, wa.Kind)
		leak(t, wa.String())
	}
	if !slices.Equal(kinds, w.warnings) {
		t.Errorf("Resolve() warnings = %v; want %v", got.Warnings, w.warnings)
	}
}

// leak fails if s shows a secret, a session token, or a full access key id.
func leak(t *testing.T, s string) {
	t.Helper()
	for _, v := range []string{awsSecret, awsSecret2, aliSecret, tcSecret, token, awsID, awsID2, aliID, tcID} {
		if strings.Contains(s, v) {
			t.Errorf("%q shows a secret or a full key id", s)
		}
	}
}
