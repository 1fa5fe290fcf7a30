package credentials_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/credentials"
)

const awsDefault = "[default]\naws_access_key_id = " + awsID2 + "\naws_secret_access_key = " + awsSecret2 + "\n"

// TestChainOrder proves the rules common to every ecosystem, on AWS.
func TestChainOrder(t *testing.T) {
	envKeys := map[string]string{"AWS_ACCESS_KEY_ID": awsID, "AWS_SECRET_ACCESS_KEY": awsSecret}
	runCases(t, credentials.AWS, map[string]testCase{
		"flags win over the environment and files": {
			files:    map[string]string{".aws/credentials": awsDefault},
			vars:     envKeys,
			explicit: credentials.Explicit{AccessKeyID: awsID2, Secret: apisig.NewSecret(awsSecret2), Region: "ap-south-1"},
			want:     want{source: "flags", id: awsID2, secret: awsSecret2, region: "ap-south-1", regionSource: "flags"},
		},
		"a secret typed on the command line is accepted with a warning": {
			explicit: credentials.Explicit{AccessKeyID: awsID, Secret: apisig.NewSecret(awsSecret), SecretOnCommandLine: true},
			want:     want{source: "flags", id: awsID, warnings: []credentials.WarningKind{credentials.WarnSecretOnCommandLine}},
		},
		"a secret read from a file gives no warning": {
			explicit: credentials.Explicit{AccessKeyID: awsID, Secret: apisig.NewSecret(awsSecret)},
			want:     want{source: "flags", id: awsID},
		},
		"half a key pair in flags is an error, not a fall through": {
			files:    map[string]string{".aws/credentials": awsDefault},
			explicit: credentials.Explicit{AccessKeyID: awsID},
			want: want{errText: "credentials: flags: access key id is set but secret is not",
				errIs: []error{credentials.ErrIncomplete, apisig.ErrInvalidInput}},
		},
		"the environment wins over files": {
			files: map[string]string{".aws/credentials": awsDefault},
			vars:  envKeys,
			want:  want{source: "env AWS_ACCESS_KEY_ID", id: awsID, secret: awsSecret},
		},
		"a key id without its secret in the environment is an error": {
			files: map[string]string{".aws/credentials": awsDefault},
			vars:  map[string]string{"AWS_ACCESS_KEY_ID": awsID},
			want: want{errText: "credentials: env AWS_ACCESS_KEY_ID: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
				errIs: []error{credentials.ErrIncomplete}},
		},
		"a session token alone in the environment is an error": {
			vars: map[string]string{"AWS_SESSION_TOKEN": token},
			want: want{errText: "credentials: env AWS_ACCESS_KEY_ID: AWS_SESSION_TOKEN is set but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not"},
		},
		"an explicit profile skips the environment's keys": {
			files:   map[string]string{".aws/credentials": awsDefault + "[dev]\naws_access_key_id=" + awsID2 + "\naws_secret_access_key=" + awsSecret2 + "\n"},
			vars:    envKeys,
			profile: "dev",
			want:    want{source: "file ~/.aws/credentials [dev]", id: awsID2, profile: "dev"},
		},
		"a profile from AWS_PROFILE does not skip the environment, and that is warned about": {
			files: map[string]string{".aws/credentials": "[dev]\naws_access_key_id=" + awsID2 + "\naws_secret_access_key=" + awsSecret2 + "\n"},
			vars:  map[string]string{"AWS_ACCESS_KEY_ID": awsID, "AWS_SECRET_ACCESS_KEY": awsSecret, "AWS_PROFILE": "dev"},
			want:  want{source: "env AWS_ACCESS_KEY_ID", id: awsID, warnings: []credentials.WarningKind{credentials.WarnProfileShadowed}},
		},
		"AWS_PROFILE=default with keys in the environment is not warned about": {
			vars: map[string]string{"AWS_ACCESS_KEY_ID": awsID, "AWS_SECRET_ACCESS_KEY": awsSecret, "AWS_PROFILE": "default"},
			want: want{source: "env AWS_ACCESS_KEY_ID"},
		},
		"the region is searched for independently of the keys": {
			files: map[string]string{".aws/config": "[default]\nregion = eu-central-1\n"},
			vars:  envKeys,
			want:  want{source: "env AWS_ACCESS_KEY_ID", region: "eu-central-1", regionSource: "file ~/.aws/config [default]"},
		},
		"an explicit region wins over the environment's": {
			vars:     map[string]string{"AWS_ACCESS_KEY_ID": awsID, "AWS_SECRET_ACCESS_KEY": awsSecret, "AWS_REGION": "us-east-2"},
			explicit: credentials.Explicit{Region: "us-west-1"},
			want:     want{source: "env AWS_ACCESS_KEY_ID", region: "us-west-1", regionSource: "flags"},
		},
		"the cloud's files win over apisig's config": {
			files: map[string]string{
				".aws/credentials":                awsDefault,
				".config/apisig/credentials.json": `{"aws": {"default": {"access_key_id": "` + awsID + `", "secret": "` + awsSecret + `"}}}`,
			},
			want: want{source: "file ~/.aws/credentials [default]", id: awsID2},
		},
		"apisig's config comes last": {
			files: map[string]string{".config/apisig/credentials.json": `{"aws": {"default": {"access_key_id": "` + awsID + `", "secret": "` + awsSecret + `", "region": "sa-east-1"}}}`},
			want: want{source: `file ~/.config/apisig/credentials.json aws profile "default"`, id: awsID, secret: awsSecret,
				region: "sa-east-1", regionSource: `file ~/.config/apisig/credentials.json aws profile "default"`},
		},
		"a broken file before the keys stops the search": {
			files: map[string]string{
				".aws/credentials":                "[default]\naws_access_key_id\n",
				".config/apisig/credentials.json": `{"aws": {"default": {"access_key_id": "` + awsID + `", "secret": "` + awsSecret + `"}}}`,
			},
			want: want{errText: `credentials: ~/.aws/credentials:2: expected "key = value" or "[section]"`, errIs: []error{credentials.ErrMalformed, apisig.ErrInvalidInput}},
		},
		"a broken file after the keys does not matter": {
			files: map[string]string{".aws/credentials": awsDefault, ".config/apisig/credentials.json": `{`},
			vars:  map[string]string{"AWS_REGION": "us-east-1"},
			want:  want{source: "file ~/.aws/credentials [default]", region: "us-east-1"},
		},
		"a broken file that may hold the region stops the region search": {
			files: map[string]string{".aws/config": "[default\nregion = us-east-1\n"},
			vars:  envKeys,
			want:  want{errText: `credentials: ~/.aws/config:1: section header has no closing "]"`, errIs: []error{credentials.ErrMalformed}},
		},
		"no credentials anywhere": {
			want: want{
				errText: `credentials: no aws credentials for profile "default" (looked at flags, env AWS_ACCESS_KEY_ID, file ~/.aws/credentials, file ~/.aws/config, file ~/.config/apisig/credentials.json)`,
				errIs:   []error{apisig.ErrNoCredentials}},
		},
	})
}

func TestUnknownEcosystem(t *testing.T) {
	_, err := credentials.Resolve(credentials.Env{}, "gcp", "")
	if want := `credentials: unknown ecosystem "gcp" (allowed: aws, alibaba, tencent): invalid input`; err == nil || err.Error() != want {
		t.Errorf("Resolve(gcp) error = %v; want %q", err, want)
	}
	if !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("Resolve(gcp) error does not wrap apisig.ErrInvalidInput")
	}
}

func TestNoHomeDirectory(t *testing.T) {
	// Without a home directory, only the variables (and files they name) are looked at.
	env := credentials.Env{Getenv: func(k string) string {
		return map[string]string{"AWS_ACCESS_KEY_ID": awsID, "AWS_SECRET_ACCESS_KEY": awsSecret}[k]
	}}
	got, err := credentials.Resolve(env, credentials.AWS, "")
	if err != nil || got.Credentials.AccessKeyID != awsID {
		t.Fatalf("Resolve() = %v, %v; want %s from the environment", got, err, awsID)
	}
	rep := credentials.Chain{Ecosystem: credentials.AWS, Env: credentials.Env{}}.Report()
	for _, f := range rep.Findings[2:] {
		if f.State != credentials.NotFound || f.Note != "no home directory" {
			t.Errorf("finding %v = %v (%s); want not found (no home directory)", f.Source, f.State, f.Note)
		}
	}
}

func TestReport(t *testing.T) {
	env := fakeEnv(t, map[string]string{
		".aws/credentials": "[dev]\naws_access_key_id = " + awsID + "\naws_secret_access_key = " + awsSecret + "\naws_session_token = " + token + "\n",
		".aws/config":      "[profile dev]\nregion = eu-west-3\n",
	}, map[string]string{"AWS_PROFILE": "dev", "AWS_DEFAULT_REGION": "", "AWS_SECRET_ACCESS_KEY": ""})
	rep := credentials.Chain{Ecosystem: credentials.AWS, Env: env}.Report()

	type row struct{ Source, State, Provides, Note string }
	var got []row
	for _, f := range rep.Findings {
		got = append(got, row{f.Source.String(), f.State.String(), f.Provides(), f.Note})
	}
	want := []row{
		{"flags", "not found", "", "not given"},
		{"env AWS_ACCESS_KEY_ID", "not found", "", "not set"},
		{"file ~/.aws/credentials [dev]", "complete", "access key id ****MPLE, secret, session token", ""},
		{"file ~/.aws/config [profile dev]", "no keys", "region eu-west-3", "no keys"},
		{"file ~/.config/apisig/credentials.json", "not found", "", "file not found"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Report() findings (-want +got):\n%s", diff)
	}
	if rep.Used != 2 || rep.Region != "eu-west-3" || rep.Profile != "dev" || rep.ProfileFrom != "env AWS_PROFILE" || rep.Err != nil {
		t.Errorf("Report() = used %d, region %q, profile %q from %q, err %v; want 2, eu-west-3, dev from env AWS_PROFILE, nil",
			rep.Used, rep.Region, rep.Profile, rep.ProfileFrom, rep.Err)
	}
	// A report can be printed whole: it holds no secret and no full key id.
	leak(t, fmt.Sprintf("%+v %#v", rep, rep))
}

func TestChainIsACredentialsProvider(t *testing.T) {
	env := fakeEnv(t, map[string]string{".aws/credentials": awsDefault}, nil)
	var p apisig.CredentialsProvider = credentials.Chain{Ecosystem: credentials.AWS, Env: env}
	c, err := p.Credentials(context.Background())
	if err != nil || c.AccessKeyID != awsID2 || !c.Secret.Equal(apisig.NewSecret(awsSecret2)) {
		t.Fatalf("Credentials() = %v, %v; want %s", c, err, awsID2)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Credentials(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Credentials(cancelled) error = %v; want context.Canceled", err)
	}
}

func TestRedactKeyID(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "",
		"AKIAIOSFODNN7EXAMPLE": "****MPLE",
		"12345678":             "****5678",
		"1234567":              "****",
		"AKIDé€xyzw":           "****xyzw",
	} {
		if got := credentials.RedactKeyID(in); got != want {
			t.Errorf("RedactKeyID(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestVariables(t *testing.T) {
	got := credentials.Variables(credentials.Tencent)
	want := []string{"TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SESSION_TOKEN", "TENCENTCLOUD_REGION",
		"TENCENTCLOUD_PROFILE", "TCCLI_PROFILE", "TENCENTCLOUD_SHARED_CREDENTIALS_DIR", "TENCENTCLOUD_CREDENTIALS_FILE", "APISIG_CONFIG"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Variables(tencent) (-want +got):\n%s", diff)
	}
	if credentials.Variables("gcp") != nil {
		t.Errorf("Variables(gcp) != nil")
	}
}

// TestReportKeepsWarnings: when resolution fails, the warnings that explain why are still in
// the report.
func TestReportKeepsWarnings(t *testing.T) {
	env := fakeEnv(t, map[string]string{
		".aws/credentials": "[profile dev]\naws_access_key_id = " + awsID + "\naws_secret_access_key = " + awsSecret + "\n",
		".aws/config":      "[dev]\nregion = us-east-1\n",
	}, nil)
	rep := credentials.Chain{Ecosystem: credentials.AWS, Profile: "dev", Env: env}.Report()
	var got []string
	for _, w := range rep.Warnings {
		got = append(got, string(w.Kind)+": "+w.String())
	}
	want := []string{
		`section-ignored: file ~/.aws/credentials [profile dev]: line 1: in the credentials file a profile's section is [dev], without "profile"; this section is profile "profile dev"`,
		`section-ignored: file ~/.aws/config [dev]: line 1: the AWS CLI ignores this section: in the config file a profile's section is [profile dev]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Report() warnings (-want +got):\n%s", diff)
	}
	if !errors.Is(rep.Err, credentials.ErrProfileNotFound) {
		t.Errorf("Report() error = %v; want profile not found", rep.Err)
	}
}
