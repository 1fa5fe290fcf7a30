package credentials_test

import (
	"testing"

	"github.com/apisig/apisig/credentials"
)

const configPath = ".config/apisig/credentials.json"

func TestResolveConfig(t *testing.T) {
	const good = `{
  "aws": {
    "default": {"access_key_id": "` + awsID + `", "secret": "` + awsSecret + `", "region": "us-east-1"},
    "ci":      {"access_key_id": "` + awsID2 + `", "secret": "` + awsSecret2 + `", "session_token": "` + token + `"}
  },
  "alibaba": {"default": {"access_key_id": "` + aliID + `", "secret": "` + aliSecret + `", "region": "cn-hangzhou"}},
  "tencent": {"default": {"access_key_id": "` + tcID + `", "secret": "` + tcSecret + `"}}
}`
	cases := map[string]struct {
		eco credentials.Ecosystem
		testCase
	}{
		"aws default": {credentials.AWS, testCase{files: map[string]string{configPath: good},
			want: want{source: `file ~/.config/apisig/credentials.json aws profile "default"`, id: awsID, secret: awsSecret, region: "us-east-1"}}},
		"aws profile with a session token": {credentials.AWS, testCase{files: map[string]string{configPath: good}, profile: "ci",
			want: want{id: awsID2, token: token}}},
		"alibaba's profiles are its own": {credentials.Alibaba, testCase{files: map[string]string{configPath: good},
			want: want{source: `file ~/.config/apisig/credentials.json alibaba profile "default"`, id: aliID, region: "cn-hangzhou"}}},
		"tencent": {credentials.Tencent, testCase{files: map[string]string{configPath: good}, want: want{id: tcID, secret: tcSecret}}},
		"APISIG_CONFIG names another file": {credentials.AWS, testCase{files: map[string]string{"my.json": good},
			vars: map[string]string{"APISIG_CONFIG": "~/my.json"},
			want: want{source: `file ~/my.json aws profile "default"`, id: awsID, region: "us-east-1"}}},
		"a missing profile lists the file's profiles for the ecosystem": {credentials.AWS, testCase{files: map[string]string{configPath: good}, profile: "prod",
			want: want{errText: `credentials: aws profile "prod" not found; profiles found: ~/.config/apisig/credentials.json: ci, default`,
				errIs: []error{credentials.ErrProfileNotFound}}}},
		"a typo in a field name": {credentials.AWS, testCase{files: map[string]string{configPath: "{\n  \"aws\": {\n    \"default\": {\n      \"access_key_id\": \"" + awsID + "\",\n      \"secert\": \"x\"\n    }\n  }\n}"},
			want: want{errText: `credentials: ~/.config/apisig/credentials.json:5: "aws.default.secert": unknown field (allowed: access_key_id, secret, session_token, region)`,
				errIs: []error{credentials.ErrMalformed}}}},
		"an unknown ecosystem": {credentials.AWS, testCase{files: map[string]string{configPath: `{"gcp": {}}`},
			want: want{errText: `credentials: ~/.config/apisig/credentials.json:1: "gcp": unknown ecosystem (allowed: aws, alibaba, tencent)`}}},
		"a value that is not a string": {credentials.AWS, testCase{files: map[string]string{configPath: `{"aws": {"default": {"region": 1}}}`},
			want: want{errText: `credentials: ~/.config/apisig/credentials.json:1: "aws.default.region": expected a string, found a number`}}},
		"a repeated key": {credentials.AWS, testCase{files: map[string]string{configPath: "{\"aws\": {\"default\": {\"secret\": \"a\",\n\"secret\": \"b\"}}}"},
			want: want{errText: `credentials: ~/.config/apisig/credentials.json:2: "aws.default.secret": duplicate key`}}},
		"profiles must be objects": {credentials.AWS, testCase{files: map[string]string{configPath: `{"aws": {"default": "AKIA"}}`},
			want: want{errText: `credentials: ~/.config/apisig/credentials.json:1: "aws.default": expected a profile object, found a string`}}},
		"a secret without a key id": {credentials.AWS, testCase{files: map[string]string{configPath: "{\"aws\": {\"default\": {\n\"secret\": \"" + awsSecret + "\"}}}"},
			want: want{errText: `credentials: ~/.config/apisig/credentials.json:2 aws profile "default": "secret" is set but "access_key_id" is not`,
				errIs: []error{credentials.ErrIncomplete}}}},
		"trailing data": {credentials.AWS, testCase{files: map[string]string{configPath: "{}\n{}"},
			want: want{errText: `credentials: ~/.config/apisig/credentials.json:2: unexpected data after the top-level value`}}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			check(t, credentials.Chain{Ecosystem: tc.eco, Profile: tc.profile, Env: fakeEnv(t, tc.files, tc.vars)}, tc.want)
		})
	}
}
