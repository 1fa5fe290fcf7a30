// Package credentials finds the credentials and region to sign with, where each cloud's own
// tools keep them: flags, environment variables, the cloud's files, then apisig's own config
// file. It reads, and never writes; it implements no network credential flow.
//
// A [Chain] resolves one ecosystem ([AWS], [Alibaba], [Tencent]) and profile. [Chain.Resolve]
// returns the first complete key pair and the first region; [Chain.Report] lists every source
// it looked at and what each holds, with secrets redacted, which is what `apisig credentials`
// prints. A Chain is an [github.com/apisig/apisig.CredentialsProvider].
//
// Everything outside the process (variables, the home directory, files) comes through an
// [Env]; [OS] is the real one. Tests pass a fake one and never read the real environment.
//
// # Order of sources
//
//  1. [Explicit] values (flags).
//  2. The environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN;
//     ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET,
//     ALIBABA_CLOUD_SECURITY_TOKEN; TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY,
//     TENCENTCLOUD_SESSION_TOKEN. Regions: AWS_REGION then AWS_DEFAULT_REGION,
//     ALIBABA_CLOUD_REGION_ID, TENCENTCLOUD_REGION.
//  3. The cloud's own files, for the profile: ~/.aws/credentials then ~/.aws/config
//     (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE); ~/.aliyun/config.json
//     (ALIBABA_CLOUD_CONFIG_FILE); ~/.tccli/<profile>.credential and .configure
//     (TENCENTCLOUD_SHARED_CREDENTIALS_DIR), then ~/.tencentcloud/credentials
//     (TENCENTCLOUD_CREDENTIALS_FILE).
//  4. apisig's own config file, ~/.config/apisig/credentials.json, or the file named by
//     APISIG_CONFIG.
//
// The first source with a complete key pair wins. The region is searched for separately, in the
// same order. [Variables] lists every variable read.
//
// # Profiles
//
// The profile is [Chain.Profile] if set; else AWS_PROFILE, ALIBABA_CLOUD_PROFILE,
// TENCENTCLOUD_PROFILE or TCCLI_PROFILE; else, for Alibaba, the "current" profile of
// ~/.aliyun/config.json; else "default". A profile set in Chain.Profile skips the environment's
// keys, as `aws --profile` does. A profile named by an environment variable does not, as with
// the AWS CLI: AWS_ACCESS_KEY_ID wins over AWS_PROFILE, which surprises people, so the result
// then carries a [WarnProfileShadowed] warning. A profile asked for by name that no file
// defines is a [*ProfileNotFoundError] listing the profiles that exist.
//
// # Broken sources stop the search
//
// A source that holds half a key pair, cannot be parsed, or uses a method apisig does not
// implement is an error when the search reaches it, rather than a reason to try the next
// source: the cloud's own CLI would not fall through either, and signing with other keys than
// the user expects is worse than failing. Errors are [*SourceError] values naming the file,
// the line and the key.
//
// # Not supported
//
// apisig reads static keys and session tokens. It reports, as "found but not supported"
// ([ErrUnsupported]): AWS role_arn (assume role, web identity), sso_* settings and
// credential_process; Alibaba profiles in modes other than AK and StsToken (RamRoleArn,
// EcsRamRole, OIDC, CloudSSO, External, ...); tccli profiles of type cvm-role, oauth or sso.
// Export temporary keys into the environment instead (for AWS: `aws configure
// export-credentials --format env`).
//
// # apisig's config file
//
// A JSON object with one member per ecosystem, each an object of profiles, each an object of
// strings with the fields access_key_id, secret, session_token (optional) and region
// (optional):
//
//	{
//	  "aws": {
//	    "default": {"access_key_id": "AKIA...", "secret": "...", "region": "us-east-1"},
//	    "ci":      {"access_key_id": "ASIA...", "secret": "...", "session_token": "..."}
//	  },
//	  "alibaba": {"default": {"access_key_id": "LTAI...", "secret": "...", "region": "cn-hangzhou"}},
//	  "tencent": {"default": {"access_key_id": "AKID...", "secret": "...", "region": "ap-guangzhou"}}
//	}
//
// Unknown ecosystems or fields, values that are not strings, and repeated keys are errors: a
// typo must not silently drop a key. Keep the file readable by its owner only.
//
// # Secrets
//
// Secrets are held in [github.com/apisig/apisig.Secret] and never appear in a [Report], a
// [Finding], an error or a warning; an access key id is shown by its last four characters only
// ([RedactKeyID]). A secret typed on the command line ends up in shell history: set
// [Explicit.SecretOnCommandLine] and the result carries a [WarnSecretOnCommandLine] warning;
// offer [ReadSecretFile] (a file, or "-" for stdin) instead.
package credentials
