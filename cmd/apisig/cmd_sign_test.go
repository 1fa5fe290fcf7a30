package main

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/credentials"
)

// TestCredentialsForScheme resolves signing credentials through the scheme's ecosystem chain,
// or from flags alone for a scheme of no cloud.
func TestCredentialsForScheme(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(dir+"/secret", []byte("s3cr3t\n"), 0o600)
	os.WriteFile(dir+"/empty", []byte("\n"), 0o600)
	os.MkdirAll(dir+"/home/.aws", 0o700)
	os.WriteFile(dir+"/home/.aws/credentials", []byte("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n"), 0o600)
	os.WriteFile(dir+"/home/.aws/config", []byte("[profile dev]\nregion = eu-west-3\n"), 0o600)
	env := map[string]string{"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "tok", "AWS_REGION": "us-west-2"}
	tests := []struct {
		name, scheme, stdin string
		opts                credentialOptions
		env                 map[string]string
		want                apisig.Credentials
		region, warning     string
		err                 error
	}{
		{name: "environment", scheme: "aws-sigv4", env: env, region: "us-west-2",
			want: apisig.Credentials{AccessKeyID: "AKIDENV", Secret: apisig.NewSecret("envsecret"), SessionToken: apisig.NewSecret("tok")}},
		{name: "flags win, without the environment's token", scheme: "aws-sigv4", opts: credentialOptions{accessKey: "AKIDFLAG", secretKeyFile: dir + "/secret"}, env: env, region: "us-west-2",
			want: apisig.Credentials{AccessKeyID: "AKIDFLAG", Secret: apisig.NewSecret("s3cr3t")}},
		{name: "secret from standard input", scheme: "aws-sigv4", opts: credentialOptions{accessKey: "AKIDFLAG", secretKeyFile: "-"}, stdin: "fromstdin\n",
			want: apisig.Credentials{AccessKeyID: "AKIDFLAG", Secret: apisig.NewSecret("fromstdin")}},
		{name: "secret as a flag is warned about", scheme: "aws-sigv4", opts: credentialOptions{accessKey: "AKIDFLAG", secretKey: "typed"},
			want: apisig.Credentials{AccessKeyID: "AKIDFLAG", Secret: apisig.NewSecret("typed")}, warning: "--secret-key-file"},
		// As with the AWS CLI: --profile skips the environment's keys, but AWS_REGION still
		// wins over the profile's region.
		{name: "a profile skips the environment's keys", scheme: "aws-sigv4", opts: credentialOptions{profile: "dev"}, env: env, region: "us-west-2",
			want: apisig.Credentials{AccessKeyID: "AKIDDEV", Secret: apisig.NewSecret("devsecret")}},
		{name: "the profile's region", scheme: "aws-sigv4", opts: credentialOptions{profile: "dev"}, region: "eu-west-3",
			want: apisig.Credentials{AccessKeyID: "AKIDDEV", Secret: apisig.NewSecret("devsecret")}},
		{name: "a scheme of no cloud takes flags only", scheme: "oauth1", opts: credentialOptions{accessKey: "consumer", secretKeyFile: dir + "/secret"}, env: env,
			want: apisig.Credentials{AccessKeyID: "consumer", Secret: apisig.NewSecret("s3cr3t")}},
		{name: "a scheme of no cloud ignores the environment", scheme: "oauth1", env: env, err: apisig.ErrNoCredentials},
		{name: "nothing", scheme: "aws-sigv4", err: apisig.ErrNoCredentials},
		{name: "half the environment", scheme: "aws-sigv4", env: map[string]string{"AWS_ACCESS_KEY_ID": "AKIDENV"}, err: credentials.ErrIncomplete},
		{name: "a key without a secret", scheme: "aws-sigv4", opts: credentialOptions{accessKey: "AKIDFLAG"}, env: env, err: credentials.ErrIncomplete},
		{name: "an empty secret file", scheme: "aws-sigv4", opts: credentialOptions{accessKey: "AKIDFLAG", secretKeyFile: dir + "/empty"}},
		{name: "an unknown profile", scheme: "aws-sigv4", opts: credentialOptions{profile: "nope"}, err: credentials.ErrProfileNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := credentials.Env{Getenv: func(k string) string { return tt.env[k] }, HomeDir: dir + "/home"}
			var stderr strings.Builder
			got, region, err := tt.opts.forScheme(tt.scheme, e, strings.NewReader(tt.stdin), &stderr)
			if tt.err != nil || (tt.want.Secret.IsZero() && err != nil) {
				if tt.err != nil && !errors.Is(err, tt.err) {
					t.Errorf("forScheme = %v; want %v", err, tt.err)
				}
				if err != nil && strings.Contains(err.Error(), "s3cr3t") {
					t.Errorf("the error shows the secret: %v", err)
				}
				return
			}
			if tt.want.Secret.IsZero() {
				t.Fatalf("forScheme = %v, nil; want an error", got)
			}
			if err != nil || got.AccessKeyID != tt.want.AccessKeyID || !got.Secret.Equal(tt.want.Secret) || !got.SessionToken.Equal(tt.want.SessionToken) {
				t.Errorf("forScheme = %v, %v; want %v", got, err, tt.want)
			}
			if region != tt.region {
				t.Errorf("region = %q; want %q", region, tt.region)
			}
			if !strings.Contains(stderr.String(), tt.warning) || (tt.warning == "" && stderr.Len() > 0) {
				t.Errorf("stderr = %q; want it to mention %q", stderr.String(), tt.warning)
			}
		})
	}
	_, _, err := (&credentialOptions{accessKey: "AKIDFLAG", secretKeyFile: dir + "/nope"}).forScheme("aws-sigv4", credentials.Env{}, nil, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--secret-key-file") || !strings.Contains(err.Error(), dir+"/nope") || !errors.As(err, new(usageError)) {
		t.Errorf("forScheme(a missing file) = %v; want a usage error naming it", err)
	}
}

func TestExpiresValue(t *testing.T) {
	for in, want := range map[string]time.Duration{"86400": 24 * time.Hour, "15m": 15 * time.Minute, "1h30m": 90 * time.Minute} {
		var e expiresValue
		if err := e.Set(in); err != nil || time.Duration(e) != want {
			t.Errorf("expiresValue.Set(%q) = %v, %v; want %v", in, time.Duration(e), err, want)
		}
	}
	var e expiresValue
	if err := e.Set("8d"); err == nil {
		t.Errorf("expiresValue.Set(8d) = nil; want an error")
	}
}

func TestParseTime(t *testing.T) {
	want := time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)
	for _, in := range []string{"20150830T123600Z", "2015-08-30T12:36:00Z", "2015-08-30T14:36:00+02:00"} {
		if got, err := parseTime(in); err != nil || !got.Equal(want) {
			t.Errorf("parseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := parseTime("2015-08-30"); err == nil {
		t.Errorf("parseTime(2015-08-30) = nil error; want one")
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"https://h/p?a=1":     "'https://h/p?a=1'",
		"-X":                  "-X",
		"@file.txt":           "@file.txt",
		"it's":                `'it'\''s'`,
		"":                    "''",
		"a b":                 "'a b'",
		"$HOME":               "'$HOME'",
		"Content-Type:":       "Content-Type:",
		"Accept: */*":         "'Accept: */*'",
		"line1\nline2":        "'line1\nline2'",
		"a\r\nb\\'c\x00":      `$'a\r\nb\\\'c\x00'`,
		"AKID/20130524/us-e1": "AKID/20130524/us-e1",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s; want %s", in, got, want)
		}
	}
}

// TestShellQuoteBash runs what shellQuote writes through bash, the shell the printed curl
// lines are for: each string must come back byte for byte.
func TestShellQuoteBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	for _, in := range []string{
		"plain", "it's", "a b", "$HOME `x` \\n", "line1\nline2\ttab",
		"7;chunk-signature=ab\r\nupload\n\r\n0;chunk-signature=cd\r\n\r\n",
		"\x01\x1f\x7f\\'\"", "ünï\r",
	} {
		out, err := exec.Command(bash, "-c", "printf %s "+shellQuote(in)).Output()
		if err != nil {
			t.Errorf("bash on shellQuote(%q) = %s: %v", in, shellQuote(in), err)
			continue
		}
		if string(out) != in {
			t.Errorf("bash read shellQuote(%q) = %s as %q", in, shellQuote(in), out)
		}
	}
}

func TestHeadLines(t *testing.T) {
	v := &signedView{method: "PUT", url: &url.URL{Path: "/k"}, host: "h", length: 5, body: &body{}, header: http.Header{
		"X-B": {"2"}, "User-Agent": {"ua"}, "Authorization": {"sig"}, "X-A": {"1", "1b"},
	}}
	want := []string{"Host: h", "User-Agent: ua", "Content-Length: 5", "Authorization: sig", "X-A: 1", "X-A: 1b", "X-B: 2"}
	if diff := cmp.Diff(want, headLines(v)); diff != "" {
		t.Errorf("headLines (-want +got):\n%s", diff)
	}
	// A Content-Length the signer set (it signed it) is written once, from the length.
	v = &signedView{method: "PUT", url: &url.URL{Path: "/k"}, host: "h", length: 183, body: &body{}, header: http.Header{"Content-Length": {"183"}}}
	if diff := cmp.Diff([]string{"Host: h", "Content-Length: 183"}, headLines(v)); diff != "" {
		t.Errorf("headLines (-want +got):\n%s", diff)
	}
	// A GET without a body has no Content-Length; an empty User-Agent is not sent.
	v = &signedView{method: "GET", url: &url.URL{Path: "/"}, host: "h", header: http.Header{"User-Agent": {""}}}
	if diff := cmp.Diff([]string{"Host: h"}, headLines(v)); diff != "" {
		t.Errorf("headLines (-want +got):\n%s", diff)
	}
}

func TestWriteCurlBodies(t *testing.T) {
	u, _ := url.Parse("https://h/p")
	var b strings.Builder
	big := &body{}
	big.addBytes(make([]byte, maxInlineBody+1))
	err := writeCurl(&b, &signedView{method: "POST", url: u, host: "h", header: http.Header{}, body: big})
	if err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("writeCurl(a large body) = %v; want an error", err)
	}
	nul := &body{}
	nul.addBytes([]byte("a\x00b"))
	if err := writeCurl(&b, &signedView{method: "POST", url: u, host: "h", header: http.Header{}, body: nul}); err == nil {
		t.Errorf("writeCurl(a body with NUL) = nil; want an error")
	}
}
