package credentials_test

import (
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/credentials"
)

func keys(section, id, secret string) string {
	return "[" + section + "]\naws_access_key_id = " + id + "\naws_secret_access_key = " + secret + "\n"
}

func TestResolveAWS(t *testing.T) {
	runCases(t, credentials.AWS, map[string]testCase{
		"default profile, region from the config file": {
			files: map[string]string{".aws/credentials": keys("default", awsID, awsSecret), ".aws/config": "[default]\nregion = us-west-2\n"},
			want: want{source: "file ~/.aws/credentials [default]", id: awsID, secret: awsSecret, profile: "default",
				region: "us-west-2", regionSource: "file ~/.aws/config [default]"},
		},
		"AWS_PROFILE selects [dev] in credentials and [profile dev] in config": {
			files: map[string]string{
				".aws/credentials": keys("default", awsID2, awsSecret2) + keys("dev", awsID, awsSecret),
				".aws/config":      "[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n",
			},
			vars: map[string]string{"AWS_PROFILE": "dev"},
			want: want{source: "file ~/.aws/credentials [dev]", id: awsID, profile: "dev", region: "eu-west-1", regionSource: "file ~/.aws/config [profile dev]"},
		},
		"a session token": {
			files: map[string]string{".aws/credentials": keys("default", awsID, awsSecret) + "aws_session_token = " + token + "\n"},
			want:  want{id: awsID, token: token},
		},
		"comments, blank lines, white space, CRLF and upper-case keys": {
			files: map[string]string{".aws/credentials": "\ufeff# leading comment\r\n; another\r\n\r\n[ dev ]   # the dev account\r\n" +
				"  AWS_Access_Key_ID\t=\t" + awsID + "   ; inline comment\r\n" +
				"aws_secret_access_key=" + awsSecret + " # inline comment\r\n"},
			profile: "dev",
			want:    want{source: "file ~/.aws/credentials [dev]", id: awsID, secret: awsSecret},
		},
		"keys in the config file": {
			files: map[string]string{".aws/config": "[profile ci]\naws_access_key_id = " + awsID + "\naws_secret_access_key = " + awsSecret + "\nregion = ca-central-1\n"},
			vars:  map[string]string{"AWS_PROFILE": "ci"},
			want:  want{source: "file ~/.aws/config [profile ci]", id: awsID, region: "ca-central-1"},
		},
		"the credentials file wins over keys in the config file": {
			files: map[string]string{
				".aws/credentials": keys("default", awsID, awsSecret),
				".aws/config":      keys("default", awsID2, awsSecret2),
			},
			want: want{source: "file ~/.aws/credentials [default]", id: awsID},
		},
		"[profile default] wins over [default] in the config file": {
			files: map[string]string{
				".aws/credentials": keys("default", awsID, awsSecret),
				".aws/config":      "[profile default]\nregion = eu-north-1\n[default]\nregion = us-east-1\noutput = json\n",
			},
			want: want{region: "eu-north-1", regionSource: "file ~/.aws/config [default]"},
		},
		"\"profile\" and the name may be separated by several blanks": {
			files:   map[string]string{".aws/credentials": keys("dev", awsID, awsSecret), ".aws/config": "[profile \t dev]\nregion = me-south-1\n"},
			profile: "dev",
			want:    want{region: "me-south-1"},
		},
		"a bare [dev] in the config file is ignored, with a warning": {
			files: map[string]string{
				".aws/credentials": keys("dev", awsID, awsSecret),
				".aws/config":      "[dev]\nregion = us-east-1\n[profile dev]\nregion = af-south-1\n",
			},
			profile: "dev",
			want:    want{region: "af-south-1", warnings: []credentials.WarningKind{credentials.WarnSectionIgnored}},
		},
		"[profile dev] in the credentials file is not profile dev": {
			files:   map[string]string{".aws/credentials": keys("profile dev", awsID, awsSecret)},
			profile: "dev",
			want: want{
				errText: `credentials: aws profile "dev" not found; profiles found: ~/.aws/credentials: profile dev`,
				errIs:   []error{credentials.ErrProfileNotFound, apisig.ErrNoCredentials}},
		},
		"nested settings in the config file": {
			files: map[string]string{
				".aws/credentials": keys("default", awsID, awsSecret),
				".aws/config":      "[default]\ns3 =\n  max_concurrent_requests = 20\n  addressing_style = path\nregion = us-east-2\n",
			},
			want: want{region: "us-east-2"},
		},
		"AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE replace the default files": {
			files: map[string]string{
				".aws/credentials":  keys("default", awsID2, awsSecret2),
				"elsewhere/creds":   keys("default", awsID, awsSecret),
				"elsewhere/config":  "[default]\nregion = ap-east-1\n",
				".aws/config":       "[default]\nregion = us-east-1\n",
				"unused/never-read": "",
			},
			vars: map[string]string{"AWS_SHARED_CREDENTIALS_FILE": "$HOME/elsewhere/creds", "AWS_CONFIG_FILE": "~/elsewhere/config"},
			want: want{source: "file ~/elsewhere/creds [default]", id: awsID, region: "ap-east-1", regionSource: "file ~/elsewhere/config [default]"},
		},
		"AWS_REGION wins over AWS_DEFAULT_REGION, which wins over the config file": {
			files: map[string]string{".aws/credentials": keys("default", awsID, awsSecret), ".aws/config": "[default]\nregion = us-east-1\n"},
			vars:  map[string]string{"AWS_REGION": "eu-south-1", "AWS_DEFAULT_REGION": "eu-south-2"},
			want:  want{region: "eu-south-1", regionSource: "env AWS_REGION"},
		},
		"AWS_DEFAULT_REGION": {
			files: map[string]string{".aws/credentials": keys("default", awsID, awsSecret), ".aws/config": "[default]\nregion = us-east-1\n"},
			vars:  map[string]string{"AWS_DEFAULT_REGION": "eu-south-2"},
			want:  want{region: "eu-south-2", regionSource: "env AWS_DEFAULT_REGION"},
		},
		"role_arn in the config file comes before the keys in the credentials file": {
			files: map[string]string{
				".aws/credentials": keys("dev", awsID, awsSecret),
				".aws/config":      "[profile dev]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = default\n",
			},
			profile: "dev",
			want: want{errText: `credentials: ~/.aws/config:3 [profile dev]: "role_arn": assume role found but not supported by apisig`,
				errIs: []error{credentials.ErrUnsupported, apisig.ErrInvalidInput}},
		},
		"IAM Identity Center": {
			files:   map[string]string{".aws/config": "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"},
			profile: "sso",
			want:    want{errText: `credentials: ~/.aws/config:2 [profile sso]: "sso_session": IAM Identity Center (SSO) found but not supported by apisig`, errIs: []error{credentials.ErrUnsupported}},
		},
		"web identity": {
			files: map[string]string{".aws/config": "[default]\nweb_identity_token_file = /var/run/token\n"},
			want:  want{errText: `credentials: ~/.aws/config:2 [default]: "web_identity_token_file": web identity federation found but not supported by apisig`},
		},
		"keys in the credentials file come before credential_process in the config file": {
			files: map[string]string{
				".aws/credentials": keys("default", awsID, awsSecret),
				".aws/config":      "[default]\ncredential_process = /usr/bin/get-creds\n",
			},
			want: want{source: "file ~/.aws/credentials [default]", id: awsID},
		},
		"credential_process in the config file comes before the config file's keys": {
			files: map[string]string{".aws/config": "[default]\ncredential_process = /usr/bin/get-creds\n" + "aws_access_key_id = " + awsID + "\naws_secret_access_key = " + awsSecret + "\n"},
			want:  want{errText: `credentials: ~/.aws/config:2 [default]: "credential_process": credential_process found but not supported by apisig`},
		},
		"credential_process in the credentials file comes before the config file's keys": {
			files: map[string]string{
				".aws/credentials": "[default]\ncredential_process = /usr/bin/get-creds\n",
				".aws/config":      keys("default", awsID, awsSecret),
			},
			want: want{errText: `credentials: ~/.aws/credentials:2 [default]: "credential_process": credential_process found but not supported by apisig`},
		},
		"a key id without its secret names the file, line and keys": {
			files: map[string]string{".aws/credentials": "# keys\n[default]\naws_access_key_id = " + awsID + "\n"},
			want: want{errText: `credentials: ~/.aws/credentials:3 [default]: "aws_access_key_id" is set but "aws_secret_access_key" is not`,
				errIs: []error{credentials.ErrIncomplete, apisig.ErrInvalidInput}},
		},
		"an empty secret is no secret": {
			files: map[string]string{".aws/credentials": "[default]\naws_access_key_id = " + awsID + "\naws_secret_access_key =\n"},
			want:  want{errText: `credentials: ~/.aws/credentials:2 [default]: "aws_access_key_id" is set but "aws_secret_access_key" is not`},
		},
		"a malformed line": {
			files: map[string]string{".aws/credentials": "[default]\naws_access_key_id = " + awsID + "\n" + awsSecret + "\n"},
			want:  want{errText: `credentials: ~/.aws/credentials:3: expected "key = value" or "[section]"`, errIs: []error{credentials.ErrMalformed}},
		},
		"a missing profile lists the profiles found": {
			files: map[string]string{
				".aws/credentials": keys("default", awsID, awsSecret) + keys("dev", awsID2, awsSecret2),
				".aws/config":      "[default]\n[profile prod]\n[sso-session corp]\n",
			},
			vars: map[string]string{"AWS_PROFILE": "stage"},
			want: want{
				errText: `credentials: aws profile "stage" (from env AWS_PROFILE) not found; profiles found: ~/.aws/credentials: default, dev; ~/.aws/config: default, prod`,
				errIs:   []error{credentials.ErrProfileNotFound, apisig.ErrNoCredentials}},
		},
		"a profile that exists without keys is not a missing profile": {
			files: map[string]string{".aws/config": "[profile dev]\nregion = us-east-1\n"},
			vars:  map[string]string{"AWS_PROFILE": "dev"},
			want: want{
				errText: `credentials: no aws credentials for profile "dev" (looked at flags, env AWS_ACCESS_KEY_ID, file ~/.aws/credentials, file ~/.aws/config [profile dev], file ~/.config/apisig/credentials.json)`,
				errIs:   []error{apisig.ErrNoCredentials}},
		},
	})
}
