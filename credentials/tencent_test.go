package credentials_test

import (
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/credentials"
)

// tccliCredential and tccliConfigure are profile files as tccli writes them (tccli/configure.py:
// credentials in <profile>.credential, settings under "_sys_param" in <profile>.configure).
func tccliCredential(id, secret, extra string) string {
	return "{\n    \"secretId\": \"" + id + "\",\n    \"secretKey\": \"" + secret + "\"" + extra + "\n}"
}

const tccliConfigure = `{
    "_sys_param": {
        "region": "ap-guangzhou",
        "output": "json",
        "arrayCount": 10,
        "warning": "off"
    },
    "cvm": {"endpoint": "cvm.tencentcloudapi.com", "version": "2017-03-12"}
}`

func TestResolveTencent(t *testing.T) {
	runCases(t, credentials.Tencent, map[string]testCase{
		"tccli's default profile, region from its .configure file": {
			files: map[string]string{".tccli/default.credential": tccliCredential(tcID, tcSecret, ""), ".tccli/default.configure": tccliConfigure},
			want: want{source: "file ~/.tccli/default.credential", id: tcID, secret: tcSecret, profile: "default",
				region: "ap-guangzhou", regionSource: "file ~/.tccli/default.configure"},
		},
		"a token": {
			files: map[string]string{".tccli/default.credential": tccliCredential(tcID, tcSecret, `, "token": "`+token+`"`)},
			want:  want{id: tcID, token: token},
		},
		"TENCENTCLOUD_PROFILE selects the profile": {
			files: map[string]string{".tccli/default.credential": tccliCredential("AKIDdefault0000", "x", ""), ".tccli/prod.credential": tccliCredential(tcID, tcSecret, "")},
			vars:  map[string]string{"TENCENTCLOUD_PROFILE": "prod", "TCCLI_PROFILE": "default"},
			want:  want{source: "file ~/.tccli/prod.credential", id: tcID, profile: "prod"},
		},
		"TCCLI_PROFILE selects the profile too": {
			files: map[string]string{".tccli/prod.credential": tccliCredential(tcID, tcSecret, "")},
			vars:  map[string]string{"TCCLI_PROFILE": "prod"},
			want:  want{id: tcID, profile: "prod"},
		},
		"the region at the top level, as older tccli versions wrote it": {
			files: map[string]string{".tccli/default.credential": tccliCredential(tcID, tcSecret, ""), ".tccli/default.configure": `{"region": "ap-beijing"}`},
			want:  want{region: "ap-beijing"},
		},
		"a CVM role profile is found but not supported": {
			files: map[string]string{".tccli/default.credential": "{\n  \"type\": \"cvm-role\"\n}"},
			want: want{errText: `credentials: ~/.tccli/default.credential:2: "type": type "cvm-role" found but not supported by apisig`,
				errIs: []error{credentials.ErrUnsupported}},
		},
		"the SDK's INI credentials file": {
			files: map[string]string{".tencentcloud/credentials": "[default]\nsecret_id = " + tcID + "\nsecret_key = " + tcSecret + "\n"},
			want:  want{source: "file ~/.tencentcloud/credentials [default]", id: tcID, secret: tcSecret},
		},
		"tccli's files win over the SDK's": {
			files: map[string]string{
				".tccli/default.credential": tccliCredential(tcID, tcSecret, ""),
				".tencentcloud/credentials": "[default]\nsecret_id = AKIDother0000\nsecret_key = other\n",
			},
			want: want{source: "file ~/.tccli/default.credential", id: tcID},
		},
		"TENCENTCLOUD_SHARED_CREDENTIALS_DIR and TENCENTCLOUD_CREDENTIALS_FILE": {
			files: map[string]string{
				"ci/tccli/default.configure": tccliConfigure,
				"ci/tencent.ini":             "[default]\nsecret_id = " + tcID + "\nsecret_key = " + tcSecret + "\n",
			},
			vars: map[string]string{"TENCENTCLOUD_SHARED_CREDENTIALS_DIR": "$HOME/ci/tccli", "TENCENTCLOUD_CREDENTIALS_FILE": "$HOME/ci/tencent.ini"},
			want: want{source: "file ~/ci/tencent.ini [default]", id: tcID, region: "ap-guangzhou", regionSource: "file ~/ci/tccli/default.configure"},
		},
		"the environment": {
			files: map[string]string{".tccli/default.credential": tccliCredential("AKIDother0000", "x", "")},
			vars: map[string]string{"TENCENTCLOUD_SECRET_ID": tcID, "TENCENTCLOUD_SECRET_KEY": tcSecret, "TENCENTCLOUD_SESSION_TOKEN": token,
				"TENCENTCLOUD_REGION": "ap-shanghai"},
			want: want{source: "env TENCENTCLOUD_SECRET_ID", id: tcID, token: token, region: "ap-shanghai", regionSource: "env TENCENTCLOUD_REGION"},
		},
		"a secretKey without a secretId": {
			files: map[string]string{".tccli/default.credential": "{\n\"secretId\": \"\",\n\"secretKey\": \"" + tcSecret + "\"}"},
			want: want{errText: `credentials: ~/.tccli/default.credential:3: "secretKey" is set but "secretId" is not`,
				errIs: []error{credentials.ErrIncomplete}},
		},
		"a profile name cannot reach outside the directory": {
			files:   map[string]string{"secret.credential": tccliCredential(tcID, tcSecret, "")},
			profile: "../secret",
			want:    want{errText: `credentials: ~/.tccli/: profile name "../secret" cannot name a tccli profile file`, errIs: []error{credentials.ErrMalformed}},
		},
		"a missing profile lists tccli's profiles and the SDK file's": {
			files: map[string]string{
				".tccli/default.credential": tccliCredential(tcID, tcSecret, ""),
				".tccli/prod.credential":    tccliCredential(tcID, tcSecret, ""),
				".tccli/prod.configure":     tccliConfigure,
				".tencentcloud/credentials": "[default]\n[ci]\n",
			},
			vars: map[string]string{"TENCENTCLOUD_PROFILE": "dev"},
			want: want{
				errText: `credentials: tencent profile "dev" (from env TENCENTCLOUD_PROFILE) not found; profiles found: ~/.tccli: default, prod; ~/.tencentcloud/credentials: ci, default`,
				errIs:   []error{credentials.ErrProfileNotFound, apisig.ErrNoCredentials}},
		},
	})
}
