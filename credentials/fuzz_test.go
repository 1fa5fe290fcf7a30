package credentials

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The seed corpora are in testdata/fuzz/<target>/: files as the clouds' CLIs write them, the
// dialect's corner cases, and broken files.

// formatINI writes a parsed file back in the dialect: one "key=value" per line, continuation
// lines indented.
func formatINI(f *iniFile) string {
	var b strings.Builder
	for _, s := range f.sections {
		b.WriteString("[" + s.name + "]\n")
		for _, k := range s.keys {
			first, rest, _ := strings.Cut(s.props[k].value, "\n")
			b.WriteString(k + "=" + first + "\n")
			for _, part := range strings.Split(rest, "\n") {
				if part != "" {
					b.WriteString("  " + part + "\n")
				}
			}
		}
	}
	return b.String()
}

// FuzzParseINI checks that no input panics the INI parser, that an error names a line of the
// input, and that what it accepts, written back, parses to the same sections, keys and values.
func FuzzParseINI(f *testing.F) {
	f.Add("[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
	f.Fuzz(func(t *testing.T, in string) {
		file, err := parseINI([]byte(in))
		if err != nil {
			var ie *iniError
			if !errors.As(err, &ie) || file != nil {
				t.Fatalf("parseINI error = %#v, file %v; want an *iniError and no file", err, file)
			}
			if ie.Line < 1 || ie.Line > strings.Count(in, "\n")+1 {
				t.Fatalf("parseINI error at line %d, outside the input's %d lines", ie.Line, strings.Count(in, "\n")+1)
			}
			return
		}
		out := formatINI(file)
		again, err := parseINI([]byte(out))
		if err != nil {
			t.Fatalf("parseINI(formatINI(%q)) = %q, error %v", in, out, err)
		}
		if diff := cmp.Diff(iniMap(file), iniMap(again)); diff != "" {
			t.Fatalf("round trip of %q through %q (-first +second):\n%s", in, out, diff)
		}
	})
}

// FuzzParseAliyunConfig checks that no input panics the parser of the Alibaba Cloud CLI's
// config.json, that errors name a line, and that what it accepts, encoded back as JSON, parses
// to the same profiles.
func FuzzParseAliyunConfig(f *testing.F) {
	f.Add(`{"current": "default", "profiles": [{"name": "default", "mode": "AK", "access_key_id": "id", "access_key_secret": "s", "region_id": "cn-hangzhou"}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		c, err := parseAliyunConfig([]byte(in))
		if err != nil {
			var je *jsonError
			if !errors.As(err, &je) || c != nil || je.Line < 1 {
				t.Fatalf("parseAliyunConfig error = %#v, config %v; want a *jsonError at a line and no config", err, c)
			}
			return
		}
		type profile struct {
			Name            string `json:"name"`
			Mode            string `json:"mode"`
			AccessKeyID     string `json:"access_key_id"`
			AccessKeySecret string `json:"access_key_secret"`
			StsToken        string `json:"sts_token"`
			RegionID        string `json:"region_id"`
		}
		enc := struct {
			Current  string    `json:"current"`
			Profiles []profile `json:"profiles"`
		}{Current: c.Current}
		for _, p := range c.Profiles {
			enc.Profiles = append(enc.Profiles, profile{p.Name, p.Mode, p.AccessKeyID, p.AccessKeySecret, p.StsToken, p.RegionID})
		}
		out, err := json.Marshal(enc)
		if err != nil {
			t.Fatal(err)
		}
		again, err := parseAliyunConfig(out)
		if err != nil {
			t.Fatalf("parseAliyunConfig(%s) error = %v", out, err)
		}
		strip := func(c *aliyunConfig) []aliyunProfile {
			ps := []aliyunProfile{}
			for _, p := range c.Profiles {
				ps = append(ps, aliyunProfile{Name: p.Name, Mode: p.Mode, AccessKeyID: p.AccessKeyID, AccessKeySecret: p.AccessKeySecret, StsToken: p.StsToken, RegionID: p.RegionID})
			}
			return ps
		}
		if c.Current != again.Current {
			t.Fatalf("round trip of %q: current %q, then %q", in, c.Current, again.Current)
		}
		if diff := cmp.Diff(strip(c), strip(again), cmp.AllowUnexported(aliyunProfile{})); diff != "" {
			t.Fatalf("round trip of %q through %s (-first +second):\n%s", in, out, diff)
		}
	})
}

// FuzzParseConfig checks that no input panics the parser of apisig's own config file, that
// errors name a line, and that what it accepts, encoded back, parses to the same profiles.
func FuzzParseConfig(f *testing.F) {
	f.Add(`{"aws": {"default": {"access_key_id": "AKIA", "secret": "s", "region": "us-east-1"}}}`)
	f.Fuzz(func(t *testing.T, in string) {
		c, err := parseConfig([]byte(in))
		if err != nil {
			var je *jsonError
			if !errors.As(err, &je) || c != nil || je.Line < 1 {
				t.Fatalf("parseConfig error = %#v, config %v; want a *jsonError at a line and no config", err, c)
			}
			return
		}
		flat := func(c *apisigConfig) map[Ecosystem]map[string][4]string {
			m := map[Ecosystem]map[string][4]string{}
			for e, ps := range c.profiles {
				m[e] = map[string][4]string{}
				for name, p := range ps {
					m[e][name] = [4]string{p.AccessKeyID, p.Secret, p.SessionToken, p.Region}
				}
			}
			return m
		}
		enc := map[Ecosystem]map[string]map[string]string{}
		for e, ps := range flat(c) {
			enc[e] = map[string]map[string]string{}
			for name, p := range ps {
				enc[e][name] = map[string]string{"access_key_id": p[0], "secret": p[1], "session_token": p[2], "region": p[3]}
			}
		}
		out, err := json.Marshal(enc)
		if err != nil {
			t.Fatal(err)
		}
		again, err := parseConfig(out)
		if err != nil {
			t.Fatalf("parseConfig(%s) error = %v", out, err)
		}
		if diff := cmp.Diff(flat(c), flat(again)); diff != "" {
			t.Fatalf("round trip of %q through %s (-first +second):\n%s", in, out, diff)
		}
	})
}

// FuzzParseTccli checks that no input panics the readers of tccli's JSON files (a profile's
// .credential and .configure), and that their errors name a line.
func FuzzParseTccli(f *testing.F) {
	f.Add(`{"secretId": "AKIDEXAMPLE", "secretKey": "s", "token": "", "type": ""}`)
	f.Add(`{"_sys_param": {"region": "ap-guangzhou", "output": "json"}, "cvm": {"version": "2017-03-12"}}`)
	f.Add(`{"region": "ap-beijing"}`)
	f.Add(`["secretId"]`)
	f.Add(`{"secretId": 7}`)
	f.Fuzz(func(t *testing.T, in string) {
		check := func(what string, err error) {
			var je *jsonError
			if err != nil && (!errors.As(err, &je) || je.Line < 1) {
				t.Fatalf("%s(%q) error = %#v; want a *jsonError at a line", what, in, err)
			}
		}
		c, err := parseTccliCredential([]byte(in))
		check("parseTccliCredential", err)
		if err == nil && c == nil {
			t.Fatalf("parseTccliCredential(%q) = nil, nil", in)
		}
		_, err = parseTccliRegion([]byte(in))
		check("parseTccliRegion", err)
	})
}
