package credentials

import (
	"slices"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
)

// ConfigEnvVar names the environment variable that points at apisig's own config file, instead
// of ~/.config/apisig/credentials.json.
const ConfigEnvVar = "APISIG_CONFIG"

// configFields are the fields of a profile in apisig's config file.
var configFields = []string{"access_key_id", "secret", "session_token", "region"}

// configProfile is one profile of apisig's config file.
type configProfile struct {
	AccessKeyID, Secret, SessionToken, Region string

	line  int
	lines map[string]int
}

// apisigConfig is apisig's config file: profiles per ecosystem.
type apisigConfig struct {
	profiles map[Ecosystem]map[string]*configProfile
}

// parseConfig reads apisig's config file (the format is in the package documentation). It is
// strict, since apisig owns the format: an unknown ecosystem or field, a value of the wrong
// type, or a repeated key is an error naming its line.
func parseConfig(data []byte) (*apisigConfig, error) {
	nodes, err := walkJSONObject(data, true)
	if err != nil {
		return nil, err
	}
	c := &apisigConfig{profiles: map[Ecosystem]map[string]*configProfile{}}
	for _, n := range nodes {
		switch len(n.path) {
		case 0: // the top-level object
		case 1:
			eco, err := ParseEcosystem(n.path[0])
			if err != nil {
				return nil, &jsonError{Line: n.line, Path: n.path, Problem: "unknown ecosystem (allowed: " + ecosystemList() + ")"}
			}
			if n.kind != jsonObject {
				return nil, &jsonError{Line: n.line, Path: n.path, Problem: "expected an object of profiles, found " + n.kind.String()}
			}
			c.profiles[eco] = map[string]*configProfile{}
		case 2:
			if n.path[1] == "" {
				return nil, &jsonError{Line: n.line, Path: n.path, Problem: "empty profile name"}
			}
			if n.kind != jsonObject {
				return nil, &jsonError{Line: n.line, Path: n.path, Problem: "expected a profile object, found " + n.kind.String()}
			}
			c.profiles[Ecosystem(n.path[0])][n.path[1]] = &configProfile{line: n.line, lines: map[string]int{}}
		case 3:
			p := c.profiles[Ecosystem(n.path[0])][n.path[1]]
			var dst *string
			switch n.path[2] {
			case "access_key_id":
				dst = &p.AccessKeyID
			case "secret":
				dst = &p.Secret
			case "session_token":
				dst = &p.SessionToken
			case "region":
				dst = &p.Region
			default:
				return nil, &jsonError{Line: n.line, Path: n.path, Problem: "unknown field (allowed: " + strings.Join(configFields, ", ") + ")"}
			}
			if n.kind != jsonString {
				return nil, &jsonError{Line: n.line, Path: n.path, Problem: "expected a string, found " + n.kind.String()}
			}
			*dst = n.str
			p.lines[n.path[2]] = n.line
		default:
			// Deeper values sit inside a field, which has already been rejected as not a string.
		}
	}
	return c, nil
}

func (r *run) configFinding() Finding {
	path, shown := r.c.Env.locate(ConfigEnvVar, ".config", "apisig", "credentials.json")
	f, data, ok := r.fileFinding(path, shown, string(r.c.Ecosystem)+" profile "+strconv.Quote(r.profile))
	f.regionCapable = true
	if !ok {
		return f
	}
	c, err := parseConfig(data)
	if err != nil {
		parseFailed(&f, err)
		return f
	}
	profiles := c.profiles[r.c.Ecosystem]
	f.Profiles = sortedKeys(profiles)
	p := profiles[r.profile]
	if p == nil {
		f.State, f.Note = NotFound, "profile not defined"
		return f
	}
	if p.Region != "" {
		f.Region, f.RegionSource = p.Region, f.Source
	}
	classify(&f, p.AccessKeyID, apisig.NewSecret(p.Secret), apisig.NewSecret(p.SessionToken), keyNames{
		id: "access_key_id", secret: "secret", token: "session_token", quote: true,
		idLine: p.lines["access_key_id"], secretLine: p.lines["secret"], tokenLine: p.lines["session_token"],
	})
	if f.State == NoKeys {
		f.Note = "no keys"
	}
	return f
}

// spec describes one ecosystem's variables and files.
type spec struct {
	idVar, secretVar, tokenVar string
	regionVars                 []string
	// profileVars select the profile, the first set winning.
	profileVars []string
	// defaultProfile, if set, names the profile when nothing else does, and says where the
	// name came from; "" for none.
	defaultProfile func(r *run) (name, from string)
	// files returns the findings of the ecosystem's own files for r.profile, in the order the
	// ecosystem's own tools try them.
	files func(r *run) []Finding
}

func specFor(e Ecosystem) (*spec, error) {
	switch e {
	case AWS:
		return &awsSpec, nil
	case Alibaba:
		return &alibabaSpec, nil
	case Tencent:
		return &tencentSpec, nil
	}
	_, err := ParseEcosystem(string(e))
	return nil, err
}

// Variables lists the environment variables discovery reads for an ecosystem (nil for an
// unknown one), including [ConfigEnvVar] and the variables that name files.
func Variables(e Ecosystem) []string {
	sp, err := specFor(e)
	if err != nil {
		return nil
	}
	vars := []string{sp.idVar, sp.secretVar, sp.tokenVar}
	vars = append(vars, sp.regionVars...)
	vars = append(vars, sp.profileVars...)
	switch e {
	case AWS:
		vars = append(vars, "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE")
	case Alibaba:
		vars = append(vars, "ALIBABA_CLOUD_CONFIG_FILE")
	case Tencent:
		vars = append(vars, "TENCENTCLOUD_SHARED_CREDENTIALS_DIR", "TENCENTCLOUD_CREDENTIALS_FILE")
	}
	return slices.Concat(vars, []string{ConfigEnvVar})
}
