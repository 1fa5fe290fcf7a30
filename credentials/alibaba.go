package credentials

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
)

// Alibaba Cloud: the environment variables of the Alibaba Cloud SDKs and the Alibaba Cloud CLI's
// ~/.aliyun/config.json.
//
// Sources, read with the search tool from the code itself:
//
//   - aliyun/aliyun-cli config/configuration.go: the file is ~/.aliyun/config.json, a JSON
//     object {"current": NAME, "profiles": [...], "meta_path": ...}; a profile is chosen by
//     --profile, else ALIBABA_CLOUD_PROFILE (or ALIBABACLOUD_PROFILE, ALICLOUD_PROFILE), else
//     "current"; the first profile with the name wins.
//   - aliyun/aliyun-cli config/profile.go: a profile is {"name", "mode", "access_key_id",
//     "access_key_secret", "sts_token", "region_id", ...}; modes are AK, StsToken, RamRoleArn,
//     EcsRamRole, RsaKeyPair, RamRoleArnWithRoleName, ChainableRamRoleArn, External,
//     CredentialsURI, OIDC, CloudSSO, OAuth, BearerToken and Anonymous, compared without regard
//     to case; StsToken needs sts_token as well as the key pair. The CLI reads
//     ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN
//     and ALIBABA_CLOUD_REGION_ID.
//   - aliyun/credentials-go credentials/providers/cli_profile.go (and its fixture
//     fixtures/.aliyun/config.json): the SDKs read the same file and the same fields, and
//     ALIBABA_CLOUD_CONFIG_FILE names another file.
//
// apisig implements the modes AK and StsToken. Every other mode is [ErrUnsupported].
var alibabaSpec = spec{
	idVar:          "ALIBABA_CLOUD_ACCESS_KEY_ID",
	secretVar:      "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
	tokenVar:       "ALIBABA_CLOUD_SECURITY_TOKEN",
	regionVars:     []string{"ALIBABA_CLOUD_REGION_ID"},
	profileVars:    []string{"ALIBABA_CLOUD_PROFILE"},
	defaultProfile: alibabaCurrent,
	files:          alibabaFiles,
}

// aliyunModes are the modes the Alibaba Cloud CLI knows, in its spelling.
var aliyunModes = []string{"AK", "StsToken", "RamRoleArn", "EcsRamRole", "RsaKeyPair", "RamRoleArnWithRoleName",
	"ChainableRamRoleArn", "External", "CredentialsURI", "OIDC", "CloudSSO", "OAuth", "BearerToken", "Anonymous"}

const alibabaHint = "use a profile in mode AK or StsToken, or put temporary keys in ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and ALIBABA_CLOUD_SECURITY_TOKEN"

// aliyunConfig is the part of ~/.aliyun/config.json that apisig reads.
type aliyunConfig struct {
	Current     string
	CurrentLine int
	Profiles    []aliyunProfile
}

type aliyunProfile struct {
	Name, Mode, AccessKeyID, AccessKeySecret, StsToken, RegionID string

	line  int            // line of the profile's object
	lines map[string]int // line of each field read
}

// aliyunFields maps the JSON fields apisig reads to the profile's fields.
var aliyunFields = map[string]func(*aliyunProfile) *string{
	"name":              func(p *aliyunProfile) *string { return &p.Name },
	"mode":              func(p *aliyunProfile) *string { return &p.Mode },
	"access_key_id":     func(p *aliyunProfile) *string { return &p.AccessKeyID },
	"access_key_secret": func(p *aliyunProfile) *string { return &p.AccessKeySecret },
	"sts_token":         func(p *aliyunProfile) *string { return &p.StsToken },
	"region_id":         func(p *aliyunProfile) *string { return &p.RegionID },
}

// parseAliyunConfig reads the Alibaba Cloud CLI's config.json. Fields apisig does not read may
// hold anything; the fields it reads must be strings (or null). A repeated key keeps its last
// value, as in the CLI (encoding/json).
func parseAliyunConfig(data []byte) (*aliyunConfig, error) {
	nodes, err := walkJSONObject(data, false)
	if err != nil {
		return nil, err
	}
	c := &aliyunConfig{}
	for _, n := range nodes {
		switch len(n.path) {
		case 0: // the top-level object
		case 1:
			switch n.path[0] {
			case "current":
				if c.Current, err = stringAt(n); err != nil {
					return nil, err
				}
				c.CurrentLine = n.line
			case "profiles":
				if n.kind != jsonArray && n.kind != jsonNull {
					return nil, &jsonError{Line: n.line, Path: n.path, Problem: "expected an array, found " + n.kind.String()}
				}
				c.Profiles = nil
			}
		default:
			if n.path[0] != "profiles" {
				continue
			}
			if len(n.path) == 2 {
				if n.kind != jsonObject {
					return nil, &jsonError{Line: n.line, Path: n.path, Problem: "expected a profile object, found " + n.kind.String()}
				}
				c.Profiles = append(c.Profiles, aliyunProfile{line: n.line, lines: map[string]int{}})
				continue
			}
			field := aliyunFields[n.path[2]]
			if len(n.path) != 3 || field == nil {
				continue
			}
			// The index is the last profile appended: nodes come in document order.
			p := &c.Profiles[len(c.Profiles)-1]
			if *field(p), err = stringAt(n); err != nil {
				return nil, err
			}
			p.lines[n.path[2]] = n.line
		}
	}
	return c, nil
}

func (c *aliyunConfig) profile(name string) *aliyunProfile {
	for i := range c.Profiles {
		if c.Profiles[i].Name == name {
			return &c.Profiles[i]
		}
	}
	return nil
}

func (c *aliyunConfig) names() []string {
	names := []string{}
	for _, p := range c.Profiles {
		if p.Name != "" && !slices.Contains(names, p.Name) {
			names = append(names, p.Name)
		}
	}
	slices.Sort(names)
	return names
}

func aliyunPath(env Env) (string, string) {
	return env.locate("ALIBABA_CLOUD_CONFIG_FILE", ".aliyun", "config.json")
}

// alibabaCurrent returns the CLI's current profile, when its file can be read.
func alibabaCurrent(r *run) (string, string) {
	p, shown := aliyunPath(r.c.Env)
	if p == "" {
		return "", ""
	}
	data, err := r.read(p)
	if err != nil {
		return "", ""
	}
	c, err := parseAliyunConfig(data)
	if err != nil || c.Current == "" {
		return "", ""
	}
	return c.Current, "file " + shown + " current"
}

func alibabaFiles(r *run) []Finding {
	p, shown := aliyunPath(r.c.Env)
	f, data, ok := r.fileFinding(p, shown, "profile "+strconv.Quote(r.profile))
	f.regionCapable = true
	if !ok {
		return []Finding{f}
	}
	c, err := parseAliyunConfig(data)
	if err != nil {
		parseFailed(&f, err)
		return []Finding{f}
	}
	f.Profiles = c.names()
	prof := c.profile(r.profile)
	if prof == nil {
		f.State, f.Note = NotFound, "profile not defined"
		return []Finding{f}
	}
	if prof.RegionID != "" {
		f.Region, f.RegionSource = prof.RegionID, f.Source
	}
	modeLine := prof.lines["mode"]
	if modeLine == 0 {
		modeLine = prof.line
	}
	kn := keyNames{id: "access_key_id", secret: "access_key_secret", token: "sts_token", quote: true,
		idLine: prof.lines["access_key_id"], secretLine: prof.lines["access_key_secret"], tokenLine: prof.lines["sts_token"]}
	id, secret, token := prof.AccessKeyID, apisig.NewSecret(prof.AccessKeySecret), apisig.NewSecret(prof.StsToken)
	switch mode := normalizeMode(prof.Mode); mode {
	case "AK":
		classify(&f, id, secret, apisig.Secret{}, kn) // the CLI ignores sts_token in mode AK
	case "StsToken":
		classify(&f, id, secret, token, kn)
		if f.State == Complete && token.IsZero() {
			f.State, f.Note = Partial, `"sts_token" missing`
			f.Err = &SourceError{Source: f.Source, Line: modeLine, Key: "sts_token",
				Problem: `mode "StsToken" needs "sts_token", which is not set`, Kind: ErrIncomplete}
		}
	case "":
		f.State, f.Note = Partial, `"mode" missing`
		f.Err = &SourceError{Source: f.Source, Line: prof.line, Key: "mode",
			Problem: `"mode" is not set (allowed: AK, StsToken); run "aliyun configure --profile ` + r.profile + `"`, Kind: ErrIncomplete}
	default:
		what := "mode " + mode
		if !slices.Contains(aliyunModes, mode) {
			what = "unknown mode " + strconv.Quote(prof.Mode)
		}
		unsupported(&f, modeLine, "mode", what, alibabaHint)
	}
	if f.State == NoKeys {
		f.Note = "no keys"
	}
	return []Finding{f}
}

// normalizeMode spells a mode as the CLI does, which compares modes without regard to case.
func normalizeMode(m string) string {
	for _, k := range aliyunModes {
		if strings.EqualFold(m, k) {
			return k
		}
	}
	return m
}

// String formats a profile without its secrets, for test failures.
func (p aliyunProfile) String() string {
	return fmt.Sprintf("{Name:%q Mode:%q AccessKeyID:%q Secret:%v Token:%v Region:%q}", p.Name, p.Mode, RedactKeyID(p.AccessKeyID), p.AccessKeySecret != "", p.StsToken != "", p.RegionID)
}
