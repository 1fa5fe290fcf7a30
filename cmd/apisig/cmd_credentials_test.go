package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apisig/apisig/credentials"
)

// The AWS documentation's example keys, and made-up ones for the other clouds; none grants
// anything.
const (
	credTestID     = "AKIAIOSFODNN7EXAMPLE"
	credTestSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	credTestToken  = "EXAMPLEsessionTOKENvalue"
	credTestAliID  = "LTAI5tEXAMPLEKEYIDxyz"
	credTestAliSec = "EXAMPLEaliyunSECRETkey0123456789"
)

// credentialsHome makes a fake home directory holding files (paths relative to it, with /),
// points HOME at it, and clears every variable the credentials package reads, so that the
// command sees nothing of the real environment.
func credentialsHome(t *testing.T, files map[string]string) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	for _, e := range credentials.Ecosystems() {
		for _, v := range credentials.Variables(e) {
			t.Setenv(v, "")
		}
	}
	for name, content := range files {
		p := filepath.Join(home, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return home
}

func TestCredentialsCommand(t *testing.T) {
	awsFiles := map[string]string{
		".aws/credentials": "[default]\naws_access_key_id = " + credTestID + "\naws_secret_access_key = " + credTestSecret + "\n" +
			"[dev]\naws_access_key_id = " + credTestID + "\naws_secret_access_key = " + credTestSecret + "\naws_session_token = " + credTestToken + "\n",
		".aws/config": "[default]\nregion = us-west-2\n[profile dev]\nregion = eu-west-1\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = default\n",
	}
	cases := map[string]struct {
		files      map[string]string
		vars       map[string]string
		secretFile string // written to secret.txt in the home directory
		args       []string
		code       int
		stdout     []string // lines or parts of lines expected, in order
		stderr     []string
	}{
		"one ecosystem, found in the credentials file": {
			files: awsFiles,
			args:  []string{"credentials", "--ecosystem", "aws"},
			stdout: []string{
				`aws: profile "default" (the default)`,
				"1. flags                                   not given",
				"2. env AWS_ACCESS_KEY_ID                   not set",
				"3. file ~/.aws/credentials [default]       access key id ****MPLE, secret  <- credentials",
				"4. file ~/.aws/config [default]            no keys; region us-west-2  <- region",
				"5. file ~/.config/apisig/credentials.json  file not found",
				"credentials: access key id ****MPLE from file ~/.aws/credentials [default]",
				"region: us-west-2 from file ~/.aws/config [default]",
			},
		},
		"a profile from the environment, a session token, a region from the environment": {
			files:  awsFiles,
			vars:   map[string]string{"AWS_PROFILE": "dev", "AWS_REGION": "us-east-1"},
			args:   []string{"credentials", "--ecosystem", "aws"},
			stdout: []string{`aws: profile "dev" (from env AWS_PROFILE)`, "not set; region us-east-1  <- region", "[dev]", "session token  <- credentials", "(temporary: with a session token)", "region: us-east-1 from env AWS_REGION"},
		},
		"every ecosystem by default, exit 0 even without credentials": {
			files:  awsFiles,
			args:   []string{"credentials"},
			stdout: []string{`aws: profile "default"`, "<- credentials", `alibaba: profile "default"`, "no credentials: no alibaba credentials", `tencent: profile "default"`, "no credentials: no tencent credentials"},
		},
		"alibaba's current profile": {
			files: map[string]string{".aliyun/config.json": `{"current": "prod", "profiles": [{"name": "prod", "mode": "AK", "access_key_id": "` + credTestAliID +
				`", "access_key_secret": "` + credTestAliSec + `", "region_id": "cn-hangzhou"}]}`},
			args:   []string{"credentials", "--ecosystem", "alibaba"},
			stdout: []string{`alibaba: profile "prod" (from file ~/.aliyun/config.json current)`, `file ~/.aliyun/config.json profile "prod"`, "access key id ****Dxyz, secret, region cn-hangzhou  <- credentials, region"},
		},
		"a missing profile lists the profiles and hints": {
			files:  awsFiles,
			args:   []string{"credentials", "--ecosystem", "aws", "--profile", "stage"},
			code:   exitUsage,
			stdout: []string{`aws: profile "stage" (from --profile)`, "skipped: a profile was given explicitly"},
			stderr: []string{
				`apisig: error: credentials: aws profile "stage" not found; profiles found: ~/.aws/credentials: default, dev; ~/.aws/config: admin, default, dev`,
				"apisig: hint: choose a profile that exists with --profile, or create it with `aws configure --profile NAME`",
			},
		},
		"assume role is found but not supported": {
			files:  awsFiles,
			args:   []string{"credentials", "--ecosystem", "aws", "--profile", "admin"},
			code:   exitUsage,
			stdout: []string{"file ~/.aws/config [profile admin]      assume role found but not supported"},
			stderr: []string{
				`apisig: error: credentials: ~/.aws/config:6 [profile admin]: "role_arn": assume role found but not supported by apisig`,
				"apisig: hint: export temporary keys with `aws configure export-credentials --profile NAME --format env`",
			},
		},
		"nothing found for one ecosystem exits 2": {
			args:   []string{"credentials", "--ecosystem", "tencent"},
			code:   exitUsage,
			stderr: []string{`apisig: error: credentials: no tencent credentials for profile "default"`, "apisig: hint: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, run `tccli configure`"},
		},
		"a malformed file names the line": {
			files:  map[string]string{".aws/credentials": "[default]\n" + credTestSecret + "\n"},
			args:   []string{"credentials", "--ecosystem", "aws"},
			code:   exitUsage,
			stdout: []string{`3. file ~/.aws/credentials                 invalid: ~/.aws/credentials:2: expected "key = value" or "[section]"`},
			stderr: []string{"apisig: error: credentials: ~/.aws/credentials:2: expected", "apisig: hint: fix the file at the line shown"},
		},
		"a secret as a flag works, with a warning": {
			args:   []string{"credentials", "--ecosystem", "aws", "--access-key", credTestID, "--secret-key", credTestSecret},
			stdout: []string{"1. flags", "access key id ****MPLE, secret  <- credentials"},
			stderr: []string{"apisig: warning: flags: a secret given on the command line is kept in shell history", "apisig: hint: use --secret-key-file FILE"},
		},
		"a secret from a file, without a warning": {
			secretFile: credTestSecret + "\n",
			args:       []string{"credentials", "--ecosystem", "aws", "--access-key", credTestID, "--secret-key-file", "$HOME/secret.txt", "--region", "ap-south-1"},
			stdout:     []string{"1. flags", "access key id ****MPLE, secret, region ap-south-1  <- credentials, region"},
		},
		"an unknown ecosystem lists the allowed ones": {
			args:   []string{"credentials", "--ecosystem", "gcp"},
			code:   exitUsage,
			stderr: []string{`apisig: error: invalid --ecosystem "gcp" (allowed: aws, alibaba, tencent)`},
		},
		"credential flags need an ecosystem": {
			args:   []string{"credentials", "--access-key", credTestID},
			code:   exitUsage,
			stderr: []string{"apisig: error: credentials given as flags need --ecosystem", "apisig: hint: add --ecosystem aws"},
		},
		"a secret given twice": {
			secretFile: credTestSecret,
			args:       []string{"credentials", "--ecosystem", "aws", "--access-key", credTestID, "--secret-key", "x", "--secret-key-file", "$HOME/secret.txt"},
			code:       exitUsage,
			stderr:     []string{"apisig: error: --secret-key and --secret-key-file both given"},
		},
		"a missing secret file": {
			args:   []string{"credentials", "--ecosystem", "aws", "--access-key", credTestID, "--secret-key-file", "$HOME/none.txt"},
			code:   exitUsage,
			stderr: []string{"apisig: error: --secret-key-file: credentials: secret file: open "},
		},
		"half a key pair in flags": {
			args:   []string{"credentials", "--ecosystem", "aws", "--access-key", credTestID},
			code:   exitUsage,
			stdout: []string{"1. flags", "incomplete: secret missing"},
			stderr: []string{"apisig: error: credentials: flags: access key id is set but secret is not", "apisig: hint: give both the access key id and its secret, or neither"},
		},
		"an argument is a usage error": {
			args:   []string{"credentials", "aws"},
			code:   exitUsage,
			stderr: []string{`apisig: error: credentials takes no arguments, got "aws"`, "apisig: hint: the ecosystem is a flag: --ecosystem aws"},
		},
		"an unknown flag is a usage error": {
			args: []string{"credentials", "--secret", "x"},
			code: exitUsage,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			home := credentialsHome(t, tc.files)
			for k, v := range tc.vars {
				t.Setenv(k, v)
			}
			if tc.secretFile != "" {
				if err := os.WriteFile(filepath.Join(home, "secret.txt"), []byte(tc.secretFile), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(a, "$HOME", home)
			}
			var stdout, stderr bytes.Buffer
			code := run(args, &stdout, &stderr)
			if code != tc.code {
				t.Errorf("run(%q) = %d; want %d\nstdout:\n%s\nstderr:\n%s", tc.args, code, tc.code, &stdout, &stderr)
			}
			inOrder(t, "stdout", strings.ReplaceAll(stdout.String(), home, "$HOME"), tc.stdout)
			inOrder(t, "stderr", strings.ReplaceAll(stderr.String(), home, "$HOME"), tc.stderr)
			for _, s := range []string{credTestSecret, credTestToken, credTestAliSec, credTestAliID} {
				if strings.Contains(stdout.String()+stderr.String(), s) {
					t.Errorf("run(%q) printed a secret or a full key id", tc.args)
				}
			}
			if !strings.Contains(strings.Join(tc.args, " "), credTestID) && strings.Contains(stdout.String()+stderr.String(), credTestID) {
				t.Errorf("run(%q) printed a full access key id", tc.args)
			}
		})
	}
}

// inOrder checks that each of want appears in got, in order.
func inOrder(t *testing.T, name, got string, want []string) {
	t.Helper()
	rest := got
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Errorf("%s lacks %q (in order):\n%s", name, w, got)
			return
		}
		rest = rest[i+len(w):]
	}
}

// TestCredentialsSecretFromStdin reads the secret from standard input with --secret-key-file -.
func TestCredentialsSecretFromStdin(t *testing.T) {
	credentialsHome(t, nil)
	var stdout, stderr bytes.Buffer
	o := &credentialOptions{ecosystem: "aws", accessKey: credTestID, secretKeyFile: "-"}
	if err := runCredentials(&stdout, &stderr, strings.NewReader(credTestSecret+"\n"), credentials.OS(), o); err != nil {
		t.Fatalf("runCredentials(--secret-key-file -) error = %v", err)
	}
	inOrder(t, "stdout", stdout.String(), []string{"1. flags", "access key id ****MPLE, secret  <- credentials"})
	if stderr.Len() != 0 {
		t.Errorf("runCredentials(--secret-key-file -) warned: %s", &stderr)
	}
	o.secretKeyFile = "-"
	err := runCredentials(&stdout, &stderr, strings.NewReader("\n"), credentials.OS(), o)
	if err == nil || !strings.Contains(err.Error(), "credentials: stdin is empty") {
		t.Errorf("runCredentials(empty stdin) error = %v; want stdin is empty", err)
	}
}
