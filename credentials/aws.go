package credentials

import (
	"fmt"
	"slices"
	"strings"

	"github.com/apisig/apisig"
)

// AWS: the environment variables and files of the AWS CLI and SDKs.
//
// Sources: AWS SDKs and Tools reference guide, "Shared config and credentials files"
// (https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html) and "Environment
// variables support": AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE,
// AWS_REGION (then AWS_DEFAULT_REGION), AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE. In
// ~/.aws/config a profile's section is "[profile name]" (the default profile may be
// "[default]" or "[profile default]"; the latter wins); in ~/.aws/credentials it is "[name]".
// The region is read from the config file only.
//
// The order within a profile follows the AWS CLI's (botocore's) credential resolver: assume
// role and web identity (role_arn), then IAM Identity Center (sso_*), then the keys in the
// credentials file, then credential_process, then the keys in the config file. apisig
// implements only the keys; reaching any of the others first is an [ErrUnsupported] error,
// because the AWS CLI would sign as a different identity than the keys further down.
var awsSpec = spec{
	idVar:       "AWS_ACCESS_KEY_ID",
	secretVar:   "AWS_SECRET_ACCESS_KEY",
	tokenVar:    "AWS_SESSION_TOKEN",
	regionVars:  []string{"AWS_REGION", "AWS_DEFAULT_REGION"},
	profileVars: []string{"AWS_PROFILE"},
	files:       awsFiles,
}

var awsKeys = keyNames{id: "aws_access_key_id", secret: "aws_secret_access_key", token: "aws_session_token", quote: true}

// awsPreempting lists the settings that the AWS CLI uses before any static key in the profile,
// with what they are.
var awsPreempting = []struct{ key, what string }{
	{"role_arn", "assume role"},
	{"web_identity_token_file", "web identity federation"},
	{"sso_session", "IAM Identity Center (SSO)"},
	{"sso_start_url", "IAM Identity Center (SSO)"},
	{"sso_account_id", "IAM Identity Center (SSO)"},
	{"sso_role_name", "IAM Identity Center (SSO)"},
}

const awsHint = "export temporary keys with `aws configure export-credentials --profile NAME --format env` and use them from the environment"

func awsFiles(r *run) []Finding {
	env := r.c.Env
	credPath, credShown := env.locate("AWS_SHARED_CREDENTIALS_FILE", ".aws", "credentials")
	confPath, confShown := env.locate("AWS_CONFIG_FILE", ".aws", "config")
	p := r.profile

	cred, credData, ok := r.fileFinding(credPath, credShown, "["+p+"]")
	if ok {
		if file, err := parseINI(credData); err != nil {
			parseFailed(&cred, err)
		} else {
			cred.Profiles = []string{}
			for _, s := range file.sections {
				cred.Profiles = append(cred.Profiles, s.name)
			}
			slices.Sort(cred.Profiles)
			if s := file.section("profile " + p); s != nil && file.section(p) == nil && p != "default" {
				r.warn(WarnSectionIgnored, Source{Kind: FromFile, Name: credShown, Section: "[profile " + p + "]"},
					fmt.Sprintf("line %d: in the credentials file a profile's section is [%s], without \"profile\"; this section is profile %q", s.line, p, "profile "+p))
			}
			awsSection(&cred, file.section(p), true)
		}
	}

	conf, confData, ok := r.fileFinding(confPath, confShown, awsConfigSection(p))
	conf.regionCapable = true
	if ok {
		if file, err := parseINI(confData); err != nil {
			parseFailed(&conf, err)
		} else {
			profiles, sections := awsConfigProfiles(file)
			conf.Profiles = profiles
			if s := file.section(p); s != nil && p != "default" {
				r.warn(WarnSectionIgnored, Source{Kind: FromFile, Name: confShown, Section: "[" + p + "]"},
					fmt.Sprintf("line %d: the AWS CLI ignores this section: in the config file a profile's section is [profile %s]", s.line, p))
			}
			awsSection(&conf, sections[p], false)
		}
	}
	// Assume role and SSO in the config file come before the keys in the credentials file.
	if conf.State == Unsupported && conf.Err.(*SourceError).Key != "credential_process" {
		return []Finding{conf, cred}
	}
	return []Finding{cred, conf}
}

func awsConfigSection(p string) string {
	if p == "default" {
		return "[default]"
	}
	return "[profile " + p + "]"
}

// awsConfigProfiles maps each profile of a config file to its section: "[profile name]", and
// "[default]" merged under "[profile default]". Other sections ([sso-session x], [services x],
// or a bare [name]) are not profiles.
func awsConfigProfiles(f *iniFile) ([]string, map[string]*iniSection) {
	m := map[string]*iniSection{}
	if s := f.section("default"); s != nil {
		m["default"] = s
	}
	for _, s := range f.sections {
		rest, ok := strings.CutPrefix(s.name, "profile")
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
			continue
		}
		// "[profile a]" and "[profile  a]" are the same profile; "[profile default]" is
		// merged over "[default]".
		name := strings.TrimSpace(rest)
		m[name] = merged(m[name], s)
	}
	return sortedKeys(m), m
}

// awsSection fills f from the profile's section in one file (nil when the file does not define
// the profile).
func awsSection(f *Finding, s *iniSection, credentialsFile bool) {
	if s == nil {
		f.State, f.Note = NotFound, "profile not defined"
		return
	}
	if !credentialsFile {
		if reg, _ := s.get("region"); reg != "" {
			f.Region, f.RegionSource = reg, f.Source
		}
	}
	for _, u := range awsPreempting {
		if v, line := s.get(u.key); v != "" {
			unsupported(f, line, u.key, u.what, awsHint)
			return
		}
	}
	// In the config file credential_process comes before the file's own keys; in the
	// credentials file, after them.
	proc, procLine := s.get("credential_process")
	if proc != "" && !credentialsFile {
		unsupported(f, procLine, "credential_process", "credential_process", awsHint)
		return
	}
	kn := awsKeys
	id, idLine := s.get(kn.id)
	secret, secretLine := s.get(kn.secret)
	token, tokenLine := s.get(kn.token)
	kn.idLine, kn.secretLine, kn.tokenLine = idLine, secretLine, tokenLine
	classify(f, id, apisig.NewSecret(secret), apisig.NewSecret(token), kn)
	if f.State == NoKeys {
		if proc != "" {
			unsupported(f, procLine, "credential_process", "credential_process", awsHint)
			return
		}
		f.Note = "no keys"
	}
}
