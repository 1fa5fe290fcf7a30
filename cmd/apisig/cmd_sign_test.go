package main

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/apisig/apisig"
)

func TestLoadCredentials(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(dir+"/secret", []byte("s3cr3t\n"), 0o600)
	os.WriteFile(dir+"/empty", []byte("\n"), 0o600)
	env := map[string]string{"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "tok"}
	tests := []struct {
		name, key, file, stdin string
		env                    map[string]string
		want                   apisig.Credentials
		err                    error
	}{
		{name: "environment", env: env, want: apisig.Credentials{AccessKeyID: "AKIDENV", Secret: apisig.NewSecret("envsecret"), SessionToken: apisig.NewSecret("tok")}},
		{name: "flags win, without the environment's token", key: "AKIDFLAG", file: dir + "/secret", env: env,
			want: apisig.Credentials{AccessKeyID: "AKIDFLAG", Secret: apisig.NewSecret("s3cr3t")}},
		{name: "secret from standard input", key: "AKIDFLAG", file: "-", stdin: "fromstdin\n",
			want: apisig.Credentials{AccessKeyID: "AKIDFLAG", Secret: apisig.NewSecret("fromstdin")}},
		{name: "nothing", err: apisig.ErrNoCredentials},
		{name: "half the environment", env: map[string]string{"AWS_ACCESS_KEY_ID": "AKIDENV"}, err: apisig.ErrNoCredentials},
		{name: "a key without a secret", key: "AKIDFLAG", env: env, err: apisig.ErrNoCredentials},
		{name: "an empty secret file", key: "AKIDFLAG", file: dir + "/empty", err: apisig.ErrNoCredentials},
	}
	_, err := loadCredentials("AKIDFLAG", dir+"/nope", os.Getenv, nil)
	if err == nil || !strings.Contains(err.Error(), "--secret-key-file: open "+dir+"/nope: no such file or directory") || !errors.As(err, new(usageError)) {
		t.Errorf("loadCredentials(a missing file) = %v; want a usage error naming it", err)
	}
	for _, tt := range tests {
		got, err := loadCredentials(tt.key, tt.file, func(k string) string { return tt.env[k] }, strings.NewReader(tt.stdin))
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("%s: loadCredentials = %v; want %v", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || got.AccessKeyID != tt.want.AccessKeyID || !got.Secret.Equal(tt.want.Secret) || !got.SessionToken.Equal(tt.want.SessionToken) {
			t.Errorf("%s: loadCredentials = %v, %v; want %v", tt.name, got, err, tt.want)
		}
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
		"AKID/20130524/us-e1": "AKID/20130524/us-e1",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s; want %s", in, got, want)
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
