package credentials

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
)

// Tencent Cloud: the environment variables of the Tencent Cloud SDKs, the Tencent Cloud CLI's
// (tccli's) profile files, and the SDKs' INI credentials file.
//
// Sources, read with the search tool from the code itself:
//
//   - TencentCloud/tencentcloud-cli tccli/configure.py and tccli/credentials.py: tccli keeps each
//     profile in two JSON files, ~/.tccli/<profile>.credential ({"secretId", "secretKey",
//     "token", "type"}) and ~/.tccli/<profile>.configure (the region in {"_sys_param":
//     {"region"}}); TCCLI_PROFILE selects the profile; "type" is "cvm-role", "oauth" or "sso"
//     for credentials tccli obtains itself.
//   - TencentCloud/tencentcloud-sdk-go-intl-en tencentcloud/common/tccli_profile_provider.go:
//     the Go SDK reads ~/.tccli/<profile>.credential too, with the profile from
//     TENCENTCLOUD_PROFILE. The Terraform provider documents TENCENTCLOUD_SHARED_CREDENTIALS_DIR
//     for another directory than ~/.tccli.
//   - TencentCloud/tencentcloud-sdk-go tencentcloud/common/profile_provider.go and
//     env_provider.go: ~/.tencentcloud/credentials (or TENCENTCLOUD_CREDENTIALS_FILE) is an INI
//     file with "secret_id" and "secret_key" under [default] (apisig reads the section named
//     like the profile); the environment has TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY.
//     TENCENTCLOUD_SESSION_TOKEN and TENCENTCLOUD_REGION are the names tccli and the SDKs'
//     users (and the issue) give the token and the region.
//
// There is no "~/.tencentcloud/<profile>.credential": the per-profile .credential files are
// tccli's, under ~/.tccli, and they are JSON, not INI.
var tencentSpec = spec{
	idVar:       "TENCENTCLOUD_SECRET_ID",
	secretVar:   "TENCENTCLOUD_SECRET_KEY",
	tokenVar:    "TENCENTCLOUD_SESSION_TOKEN",
	regionVars:  []string{"TENCENTCLOUD_REGION"},
	profileVars: []string{"TENCENTCLOUD_PROFILE", "TCCLI_PROFILE"},
	files:       tencentFiles,
}

const tencentHint = "put temporary keys in TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and TENCENTCLOUD_SESSION_TOKEN"

// tccliCredential is the part of a tccli .credential file that apisig reads.
type tccliCredential struct {
	SecretID, SecretKey, Token, Type string
	lines                            map[string]int
}

func parseTccliCredential(data []byte) (*tccliCredential, error) {
	nodes, err := walkJSONObject(data, false)
	if err != nil {
		return nil, err
	}
	c := &tccliCredential{lines: map[string]int{}}
	fields := map[string]*string{"secretId": &c.SecretID, "secretKey": &c.SecretKey, "token": &c.Token, "type": &c.Type}
	for _, n := range nodes {
		if len(n.path) != 1 || fields[n.path[0]] == nil {
			continue
		}
		if *fields[n.path[0]], err = stringAt(n); err != nil {
			return nil, err
		}
		c.lines[n.path[0]] = n.line
	}
	return c, nil
}

// parseTccliRegion returns the region of a tccli .configure file: "_sys_param"."region", or a
// top-level "region" as older versions wrote it.
func parseTccliRegion(data []byte) (region string, err error) {
	nodes, err := walkJSONObject(data, false)
	if err != nil {
		return "", err
	}
	var top string
	for _, n := range nodes {
		switch {
		case len(n.path) == 2 && n.path[0] == "_sys_param" && n.path[1] == "region":
			if region, err = stringAt(n); err != nil {
				return "", err
			}
		case len(n.path) == 1 && n.path[0] == "region":
			if top, err = stringAt(n); err != nil {
				return "", err
			}
		}
	}
	if region == "" {
		region = top
	}
	return region, nil
}

func tencentFiles(r *run) []Finding {
	env := r.c.Env
	p := r.profile
	dir, dirShown := env.locate("TENCENTCLOUD_SHARED_CREDENTIALS_DIR", ".tccli")
	var cred, conf Finding
	if strings.ContainsAny(p, `/\`) || p == "." || p == ".." {
		// The profile names a file: refuse rather than read outside the directory.
		for _, f := range []*Finding{&cred, &conf} {
			f.Source = Source{Kind: FromFile, Name: dirShown + "/"}
			invalid(f, 0, "", "profile name "+strconv.Quote(p)+" cannot name a tccli profile file")
		}
	} else {
		var names []string
		present := false
		if dir != "" {
			if entries, err := env.readDir(dir); err == nil {
				present = true
				names = []string{}
				for _, e := range entries {
					if n, ok := strings.CutSuffix(e.Name(), ".credential"); ok && !e.IsDir() {
						names = append(names, n)
					}
				}
				slices.Sort(names)
			}
		}
		credPath, confPath := "", ""
		if dir != "" {
			credPath, confPath = filepath.Join(dir, p+".credential"), filepath.Join(dir, p+".configure")
		}
		cred = tccliCredentialFinding(r, credPath, dirShown+"/"+p+".credential")
		cred.present, cred.Profiles, cred.listedIn = present, names, dirShown
		conf = tccliConfigureFinding(r, confPath, dirShown+"/"+p+".configure")
	}
	return []Finding{cred, conf, tencentINIFinding(r)}
}

func tccliCredentialFinding(r *run, path, shown string) Finding {
	f, data, ok := r.fileFinding(path, shown, "")
	if !ok {
		return f
	}
	c, err := parseTccliCredential(data)
	if err != nil {
		parseFailed(&f, err)
		return f
	}
	if c.Type != "" && c.Type != "default" {
		unsupported(&f, c.lines["type"], "type", "type "+strconv.Quote(c.Type), tencentHint)
		return f
	}
	classify(&f, c.SecretID, apisig.NewSecret(c.SecretKey), apisig.NewSecret(c.Token), keyNames{
		id: "secretId", secret: "secretKey", token: "token", quote: true,
		idLine: c.lines["secretId"], secretLine: c.lines["secretKey"], tokenLine: c.lines["token"],
	})
	if f.State == NoKeys {
		f.Note = "no keys"
	}
	return f
}

func tccliConfigureFinding(r *run, path, shown string) Finding {
	f, data, ok := r.fileFinding(path, shown, "")
	f.regionCapable = true
	if !ok {
		return f
	}
	region, err := parseTccliRegion(data)
	if err != nil {
		parseFailed(&f, err)
		return f
	}
	f.State, f.Note = NoKeys, "holds settings only"
	if region != "" {
		f.Region, f.RegionSource = region, f.Source
	}
	return f
}

func tencentINIFinding(r *run) Finding {
	path, shown := r.c.Env.locate("TENCENTCLOUD_CREDENTIALS_FILE", ".tencentcloud", "credentials")
	f, data, ok := r.fileFinding(path, shown, "["+r.profile+"]")
	if !ok {
		return f
	}
	file, err := parseINI(data)
	if err != nil {
		parseFailed(&f, err)
		return f
	}
	f.Profiles = []string{}
	for _, s := range file.sections {
		f.Profiles = append(f.Profiles, s.name)
	}
	slices.Sort(f.Profiles)
	s := file.section(r.profile)
	if s == nil {
		f.State, f.Note = NotFound, "profile not defined"
		return f
	}
	id, idLine := s.get("secret_id")
	key, keyLine := s.get("secret_key")
	classify(&f, id, apisig.NewSecret(key), apisig.Secret{}, keyNames{
		id: "secret_id", secret: "secret_key", token: "token", quote: true, idLine: idLine, secretLine: keyLine,
	})
	if f.State == NoKeys {
		f.Note = "no keys"
	}
	return f
}
