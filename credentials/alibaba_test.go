package credentials_test

import (
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/credentials"
)

// aliyunConfig is a config.json as the Alibaba Cloud CLI writes it (aliyun/aliyun-cli
// config/profile.go: every field, tab-indented), with a second profile in mode StsToken.
const aliyunConfig = `{
	"current": "default",
	"profiles": [
		{
			"name": "default",
			"mode": "AK",
			"access_key_id": "` + aliID + `",
			"access_key_secret": "` + aliSecret + `",
			"sts_token": "",
			"ram_role_name": "",
			"ram_role_arn": "",
			"ram_session_name": "",
			"private_key": "",
			"key_pair_name": "",
			"expired_seconds": 0,
			"verified": "",
			"region_id": "cn-hangzhou",
			"output_format": "json",
			"language": "en",
			"site": "",
			"retry_timeout": 0,
			"connect_timeout": 0,
			"retry_count": 0,
			"auto_plugin_install": false
		},
		{
			"name": "sts",
			"mode": "StsToken",
			"access_key_id": "STS.` + aliID + `",
			"access_key_secret": "` + aliSecret + `",
			"sts_token": "` + token + `",
			"region_id": "cn-shanghai"
		}
	],
	"meta_path": ""
}
`

func aliyunProfile(name, mode, extra string) string {
	return `{"current": "` + name + `", "profiles": [{"name": "` + name + `", "mode": "` + mode + `", "access_key_id": "` + aliID +
		`", "access_key_secret": "` + aliSecret + `"` + extra + `}]}`
}

func TestResolveAlibaba(t *testing.T) {
	runCases(t, credentials.Alibaba, map[string]testCase{
		"the CLI's current profile, in mode AK": {
			files: map[string]string{".aliyun/config.json": aliyunConfig},
			want: want{source: `file ~/.aliyun/config.json profile "default"`, id: aliID, secret: aliSecret, profile: "default",
				region: "cn-hangzhou", regionSource: `file ~/.aliyun/config.json profile "default"`},
		},
		"current names the profile": {
			files: map[string]string{".aliyun/config.json": `{"current": "sts",` + aliyunConfig[len("{\n\t\"current\": \"default\","):]},
			want:  want{source: `file ~/.aliyun/config.json profile "sts"`, id: "STS." + aliID, token: token, profile: "sts", region: "cn-shanghai"},
		},
		"ALIBABA_CLOUD_PROFILE wins over current": {
			files: map[string]string{".aliyun/config.json": aliyunConfig},
			vars:  map[string]string{"ALIBABA_CLOUD_PROFILE": "sts"},
			want:  want{id: "STS." + aliID, token: token, profile: "sts", region: "cn-shanghai"},
		},
		"modes are compared without regard to case": {
			files: map[string]string{".aliyun/config.json": aliyunProfile("p", "ak", "")},
			want:  want{id: aliID, profile: "p"},
		},
		"mode AK ignores sts_token, as the CLI does": {
			files: map[string]string{".aliyun/config.json": aliyunProfile("p", "AK", `, "sts_token": "stale"`)},
			want:  want{id: aliID, token: ""},
		},
		"mode StsToken needs sts_token": {
			files: map[string]string{".aliyun/config.json": "{\"profiles\": [\n{\"name\": \"default\",\n\"mode\": \"StsToken\",\n\"access_key_id\": \"" + aliID + "\", \"access_key_secret\": \"" + aliSecret + "\"}]}"},
			want: want{errText: `credentials: ~/.aliyun/config.json:3 profile "default": mode "StsToken" needs "sts_token", which is not set`,
				errIs: []error{credentials.ErrIncomplete}},
		},
		"a profile without a mode": {
			files: map[string]string{".aliyun/config.json": "{\"profiles\": [\n  {\"name\": \"default\", \"access_key_id\": \"" + aliID + "\", \"access_key_secret\": \"" + aliSecret + "\"}]}"},
			want:  want{errText: `credentials: ~/.aliyun/config.json:2 profile "default": "mode" is not set (allowed: AK, StsToken); run "aliyun configure --profile default"`},
		},
		"mode RamRoleArn is found but not supported": {
			files: map[string]string{".aliyun/config.json": "{\"current\": \"role\", \"profiles\": [{\"name\": \"role\",\n \"mode\": \"RamRoleArn\", \"access_key_id\": \"" + aliID + "\", \"access_key_secret\": \"" + aliSecret + "\", \"ram_role_arn\": \"acs:ram::1:role/x\"}]}"},
			want: want{errText: `credentials: ~/.aliyun/config.json:2 profile "role": "mode": mode RamRoleArn found but not supported by apisig`,
				errIs: []error{credentials.ErrUnsupported, apisig.ErrInvalidInput}},
		},
		"an unknown mode": {
			files: map[string]string{".aliyun/config.json": aliyunProfile("p", "Telepathy", "")},
			want:  want{errText: `credentials: ~/.aliyun/config.json:1 profile "p": "mode": unknown mode "Telepathy" found but not supported by apisig`},
		},
		"the first of two profiles with one name wins, as in the CLI": {
			files: map[string]string{".aliyun/config.json": `{"profiles": [{"name": "default", "mode": "AK", "access_key_id": "` + aliID + `", "access_key_secret": "` + aliSecret +
				`"}, {"name": "default", "mode": "AK", "access_key_id": "other", "access_key_secret": "other"}]}`},
			want: want{id: aliID},
		},
		"without current, the profile is default": {
			files: map[string]string{".aliyun/config.json": `{"profiles": [{"name": "default", "mode": "AK", "access_key_id": "` + aliID + `", "access_key_secret": "` + aliSecret + `"}]}`},
			want:  want{id: aliID, profile: "default"},
		},
		"current names a missing profile": {
			files: map[string]string{".aliyun/config.json": `{"current": "gone", "profiles": [{"name": "a"}, {"name": "b"}]}`},
			want: want{errText: `credentials: alibaba profile "gone" (from file ~/.aliyun/config.json current) not found; profiles found: ~/.aliyun/config.json: a, b`,
				errIs: []error{credentials.ErrProfileNotFound}},
		},
		"the environment": {
			files: map[string]string{".aliyun/config.json": aliyunConfig},
			vars: map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "STS." + aliID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": aliSecret,
				"ALIBABA_CLOUD_SECURITY_TOKEN": token, "ALIBABA_CLOUD_REGION_ID": "cn-beijing"},
			want: want{source: "env ALIBABA_CLOUD_ACCESS_KEY_ID", id: "STS." + aliID, token: token, region: "cn-beijing", regionSource: "env ALIBABA_CLOUD_REGION_ID"},
		},
		"ALIBABA_CLOUD_CONFIG_FILE replaces the default file": {
			files: map[string]string{"other/aliyun.json": aliyunProfile("x", "AK", `, "region_id": "cn-shenzhen"`)},
			vars:  map[string]string{"ALIBABA_CLOUD_CONFIG_FILE": "$HOME/other/aliyun.json"},
			want:  want{source: `file ~/other/aliyun.json profile "x"`, id: aliID, region: "cn-shenzhen"},
		},
		"a field of the wrong type names its line and key": {
			files: map[string]string{".aliyun/config.json": "{\n  \"profiles\": [\n    {\n      \"name\": \"default\",\n      \"access_key_id\": 12345\n    }\n  ]\n}\n"},
			want: want{errText: `credentials: ~/.aliyun/config.json:5: "profiles.0.access_key_id": expected a string, found a number`,
				errIs: []error{credentials.ErrMalformed}},
		},
		"a syntax error names its line": {
			files: map[string]string{".aliyun/config.json": "{\n  \"current\": \"default\"\n  \"profiles\": []\n}\n"},
			want:  want{errText: `credentials: ~/.aliyun/config.json:3: invalid character '"' after object key:value pair`},
		},
		"profiles must be an array": {
			files: map[string]string{".aliyun/config.json": `{"profiles": {"default": {}}}`},
			want:  want{errText: `credentials: ~/.aliyun/config.json:1: "profiles": expected an array, found an object`},
		},
	})
}
