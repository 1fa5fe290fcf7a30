package main

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/credentials"
)

// policyFlags are the flags of post-policy.
type policyFlags struct {
	bucket, key, keyPrefix string
	keyPrefixSet           bool // --key-prefix given, perhaps empty (any key)
	contentType            string
	lengthRange            string
	expires                expiresValue
	successStatus          int
	redirect               string
	fields                 []string
	policyFile             string
	sigv2                  bool
	region, time, format   string
	action                 string
	keys                   credentialOptions
}

var policyFormats = []string{"json", "html", "curl"}

// newPostPolicyCommand returns the post-policy command: build an S3 POST policy from flags (or
// read one), sign it, and print the form a browser posts.
func newPostPolicyCommand(stdout io.Writer) *cobra.Command {
	var pf policyFlags
	cmd := &cobra.Command{
		Use:   "post-policy --bucket BUCKET (--key KEY | --key-prefix PREFIX) [flags]",
		Short: "Sign an S3 POST policy and print the form fields for a browser upload",
		Long: `post-policy builds an S3 POST policy (Amazon S3 API Reference, "Browser-Based Uploads Using
POST"), signs it with SigV4 (or, with --sigv2, the legacy HMAC-SHA1 signature), and prints what a
browser posts as multipart/form-data: the form fields, as JSON (--format json, the default), as
an HTML form (html), or as a curl command line that uploads a file (curl).

The policy holds a condition for each flag: the bucket; the key, exactly (--key) or by prefix
(--key-prefix, whose form field is PREFIX${filename}, which S3 replaces by the file's name);
Content-Type; the file's size range; success_action_status or success_action_redirect; and each
--field name=value (acl, x-amz-meta-*, x-amz-server-side-encryption, ...), which the form must
send as given. It expires --expires after the signing time. --policy-file signs a policy
document exactly as written instead: its bytes, line endings included, are what is signed.

Credentials come from the same places as for sign (see apisig credentials); the region from
--region or the credentials' configuration.

EXIT STATUS
  0  the policy was signed and printed
  2  bad usage or input: a missing bucket or key, missing credentials, a bad flag value, ...
  3  any other failure`,
		Example: `  # AWS's browser upload example (X-Amz-Signature 8afdbf40...), from its policy document
  AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \
    apisig post-policy --policy-file policy.json --bucket sigv4examplebucket --region us-east-1 --time 20151229T000000Z

  # An HTML form that uploads images up to 10 MiB under user/eric/ for an hour
  apisig post-policy --format html --bucket examplebucket --key-prefix user/eric/ \
    --content-type image/jpeg --content-length-range 0-10485760 --expires 1h \
    --success-action-status 201 --field x-amz-meta-uuid=14365123651274

  # Upload with curl through the signed form
  apisig post-policy --format curl --bucket examplebucket --key report.pdf > upload.sh`,
		Args:                  cobra.NoArgs,
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPostPolicy(cmd, stdout, &pf)
		},
	}
	pf.expires = expiresValue(time.Hour)
	fs := cmd.Flags()
	fs.StringVar(&pf.bucket, "bucket", "", "the `bucket` to upload to (a policy condition)")
	fs.StringVar(&pf.key, "key", "", "the object `key`, exactly")
	fs.StringVar(&pf.keyPrefix, "key-prefix", "", "allow any key starting with `prefix` (the form's key is prefix${filename})")
	fs.StringVar(&pf.contentType, "content-type", "", "the Content-Type the form must send (`type`)")
	fs.StringVar(&pf.lengthRange, "content-length-range", "", "allowed file size in bytes, `min-max` (e.g. 0-10485760)")
	fs.Var(&pf.expires, "expires", "how long the policy stays valid: a `duration` (15m, 1h) or seconds")
	fs.IntVar(&pf.successStatus, "success-action-status", 0, "HTTP `status` S3 answers a successful upload with: 200, 201 or 204")
	fs.StringVar(&pf.redirect, "redirect", "", "`URL` S3 redirects the browser to after a successful upload (success_action_redirect)")
	fs.StringArrayVar(&pf.fields, "field", nil, "another form field the policy fixes, `name=value` (x-amz-meta-uuid=..., acl=public-read; repeatable)")
	fs.StringVar(&pf.policyFile, "policy-file", "", "sign this policy document `file` exactly as written (- for standard input) instead of building one")
	fs.BoolVar(&pf.sigv2, "sigv2", false, "sign with the legacy SigV2 (AWSAccessKeyId, HMAC-SHA1) instead of SigV4")
	fs.StringVar(&pf.region, "region", "", "`region` of the bucket, for SigV4 (default: from the credentials' configuration)")
	fs.StringVar(&pf.time, "time", "", "sign at this `time` instead of now: 20151229T000000Z or RFC 3339")
	fs.StringVar(&pf.format, "format", "json", "output `format`: json, html or curl")
	fs.StringVar(&pf.action, "url", "", "the form's action `URL` (default: https://BUCKET.s3.amazonaws.com/, or s3.REGION.amazonaws.com outside us-east-1)")
	pf.keys.registerKeys(fs)
	return cmd
}

func runPostPolicy(cmd *cobra.Command, stdout io.Writer, pf *policyFlags) error {
	pf.keyPrefixSet = cmd.Flags().Changed("key-prefix")
	if !slices.Contains(policyFormats, pf.format) {
		return badInput("", "--format %q is not one of %s", pf.format, strings.Join(policyFormats, ", "))
	}
	signer := &aws.PostSigner{Version: aws.PostV4}
	schemeID := aws.PostSchemeID
	if pf.sigv2 {
		signer.Version, schemeID = aws.PostV2, aws.PostV2SchemeID
	}
	if pf.time != "" {
		t, err := parseTime(pf.time)
		if err != nil {
			return err
		}
		signer.Clock = apisig.FixedClock(t)
	}
	var doc []byte
	var policy *aws.PostPolicy
	var err error
	if pf.policyFile != "" {
		if doc, err = pf.readPolicyFile(cmd); err != nil {
			return err
		}
	} else if policy, err = pf.build(apisig.Now(signer.Clock)); err != nil {
		return err
	}
	creds, region, err := pf.keys.forScheme(schemeID, credentials.OS(), cmd.InOrStdin(), cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	if pf.region != "" {
		region = pf.region
	}
	if !pf.sigv2 {
		if region == "" {
			return badInput("pass --region, e.g. --region us-east-1", "no region: SigV4 signs a POST policy for the bucket's region")
		}
		signer.Region = region
	}
	var form *aws.PostForm
	if doc != nil {
		form, _, err = signer.SignDocument(cmd.Context(), doc, creds)
		if err == nil {
			err = withDocumentFields(doc, form)
		}
	} else {
		form, err = signer.Sign(cmd.Context(), policy, creds)
		if err == nil && pf.keyPrefixSet {
			form.Fields = append([]aws.FormField{{Name: "key", Value: pf.keyPrefix + "${filename}"}}, form.Fields...)
		}
	}
	if err != nil {
		return err
	}
	if !creds.SessionToken.IsZero() {
		fmt.Fprintln(cmd.ErrOrStderr(), "apisig: note: the form carries the session token (it must, to work): treat it as a secret")
	}
	action := pf.actionURL(region, doc)
	switch pf.format {
	case "html":
		return writePolicyHTML(stdout, action, form)
	case "curl":
		return writePolicyCurl(stdout, action, form)
	}
	return writePolicyJSON(stdout, action, form)
}

// build turns the flags into a policy that expires --expires after now.
func (pf *policyFlags) build(now time.Time) (*aws.PostPolicy, error) {
	switch {
	case pf.bucket == "":
		return nil, badInput("pass --bucket NAME", "no bucket: a POST policy names the bucket it uploads to")
	case pf.key == "" && !pf.keyPrefixSet:
		return nil, badInput("pass --key KEY for one object, or --key-prefix PREFIX (\"\" allows any key)", "no key condition: S3 requires one on the key")
	case pf.key != "" && pf.keyPrefixSet:
		return nil, badInput("", "--key and --key-prefix exclude each other")
	case time.Duration(pf.expires) <= 0:
		return nil, badInput("", "--expires %s: must be positive", time.Duration(pf.expires))
	}
	p := &aws.PostPolicy{Expiration: now.Add(time.Duration(pf.expires))}
	p.Bucket(pf.bucket)
	if pf.keyPrefixSet {
		p.KeyPrefix(pf.keyPrefix)
	} else {
		p.Key(pf.key)
	}
	if pf.contentType != "" {
		p.ContentType(pf.contentType)
	}
	if pf.lengthRange != "" {
		lo, hi, ok := strings.Cut(pf.lengthRange, "-")
		if !ok {
			lo, hi, ok = strings.Cut(pf.lengthRange, ",")
		}
		min, err1 := strconv.ParseInt(strings.TrimSpace(lo), 10, 64)
		max, err2 := strconv.ParseInt(strings.TrimSpace(hi), 10, 64)
		if !ok || err1 != nil || err2 != nil || min < 0 || max < min {
			return nil, badInput("write it as min-max in bytes, e.g. 0-10485760", "--content-length-range %q is not a range", pf.lengthRange)
		}
		p.ContentLengthRange(min, max)
	}
	switch pf.successStatus {
	case 0:
	case 200, 201, 204:
		p.SuccessActionStatus(pf.successStatus)
	default:
		return nil, badInput("", "--success-action-status %d: S3 answers 200, 201 or 204", pf.successStatus)
	}
	if pf.redirect != "" {
		p.SuccessActionRedirect(pf.redirect)
	}
	for _, kv := range pf.fields {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			return nil, badInput("e.g. --field x-amz-meta-uuid=14365123651274", "--field %q: want name=value", kv)
		}
		if reservedPolicyField(name) {
			return nil, badInput("", "--field %s: this field is set by its own flag or by the signature", name)
		}
		p.Eq(name, value)
	}
	return p, nil
}

// reservedPolicyField reports whether a field name belongs to a flag or to the signature.
func reservedPolicyField(name string) bool {
	switch strings.ToLower(name) {
	case "bucket", "key", "content-type", "success_action_status", "success_action_redirect", "file", "policy", "signature",
		"awsaccesskeyid", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature", "x-amz-security-token":
		return true
	}
	return false
}

func (pf *policyFlags) readPolicyFile(cmd *cobra.Command) ([]byte, error) {
	if pf.key != "" || pf.keyPrefixSet || pf.contentType != "" || pf.lengthRange != "" || pf.successStatus != 0 || pf.redirect != "" || len(pf.fields) > 0 {
		return nil, badInput("leave out the policy flags, or leave out --policy-file", "--policy-file signs a written policy: the flags that build one do not apply")
	}
	var doc []byte
	var err error
	if pf.policyFile == "-" {
		doc, err = io.ReadAll(cmd.InOrStdin())
	} else {
		doc, err = os.ReadFile(pf.policyFile)
	}
	if err != nil {
		return nil, usageError{fmt.Errorf("--policy-file: %w", err)}
	}
	if _, err := aws.ParsePostPolicy(doc); err != nil {
		return nil, usageError{fmt.Errorf("--policy-file %s: %w", pf.policyFile, err)}
	}
	return doc, nil
}

// withDocumentFields puts the fields a written policy fixes before the signature's fields: each
// eq condition's (the bucket aside, and those the signature sets), and a key that starts with
// the policy's key prefix, prefix${filename}. It sets the form's expiry from the policy.
func withDocumentFields(doc []byte, form *aws.PostForm) error {
	p, err := aws.ParsePostPolicy(doc)
	if err != nil {
		return err
	}
	var out []aws.FormField
	for _, c := range p.Conditions {
		switch {
		case c.Op == aws.OpStartsWith && c.Field == "key":
			out = append(out, aws.FormField{Name: "key", Value: c.Value + "${filename}"})
		case c.Op != aws.OpEq || strings.EqualFold(c.Field, "bucket") ||
			slices.ContainsFunc(form.Fields, func(f aws.FormField) bool { return strings.EqualFold(f.Name, c.Field) }):
		default:
			out = append(out, aws.FormField{Name: c.Field, Value: c.Value})
		}
	}
	form.Fields = append(out, form.Fields...)
	form.Expires = p.Expiration
	return nil
}

// actionURL is where the form posts: --url, or the bucket's virtual-hosted endpoint.
func (pf *policyFlags) actionURL(region string, doc []byte) string {
	if pf.action != "" {
		return pf.action
	}
	bucket := pf.bucket
	if bucket == "" && doc != nil {
		if p, err := aws.ParsePostPolicy(doc); err == nil {
			for _, c := range p.Conditions {
				if c.Op == aws.OpEq && strings.EqualFold(c.Field, "bucket") {
					bucket = c.Value
				}
			}
		}
	}
	if bucket == "" {
		return ""
	}
	if region == "" || region == "us-east-1" || pf.sigv2 {
		return "https://" + bucket + ".s3.amazonaws.com/"
	}
	return "https://" + bucket + ".s3." + region + ".amazonaws.com/"
}

// policyJSON is what --format json prints.
type policyJSON struct {
	URL       string      `json:"url,omitempty"`
	Expires   string      `json:"expires,omitempty"`
	Policy    string      `json:"policy"`
	Signature string      `json:"signature"`
	Fields    []fieldJSON `json:"fields"`
}

type fieldJSON struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

func writePolicyJSON(w io.Writer, action string, f *aws.PostForm) error {
	out := policyJSON{URL: action, Policy: string(f.Policy), Signature: f.Signature, Fields: []fieldJSON{}}
	if !f.Expires.IsZero() {
		out.Expires = f.Expires.UTC().Format(time.RFC3339)
	}
	for _, fl := range f.Fields {
		out.Fields = append(out.Fields, fieldJSON(fl))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writePolicyHTML writes a form with the fields hidden, then the file input, last, as S3
// requires.
func writePolicyHTML(w io.Writer, action string, f *aws.PostForm) error {
	var b strings.Builder
	b.WriteString("<form action=\"" + html.EscapeString(action) + "\" method=\"post\" enctype=\"multipart/form-data\">\n")
	for _, fl := range f.Fields {
		b.WriteString("  <input type=\"hidden\" name=\"" + html.EscapeString(fl.Name) + "\" value=\"" + html.EscapeString(fl.Value) + "\">\n")
	}
	b.WriteString("  <input type=\"file\" name=\"file\">\n  <input type=\"submit\" value=\"Upload\">\n</form>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writePolicyCurl writes a curl command line that posts the form with the file given as its
// first argument, each value passed literally (--form-string), the file last.
func writePolicyCurl(w io.Writer, action string, f *aws.PostForm) error {
	var b strings.Builder
	b.WriteString("curl -sS")
	for _, fl := range f.Fields {
		b.WriteString(" \\\n  --form-string " + shellQuote(fl.Name+"="+fl.Value))
	}
	b.WriteString(" \\\n  -F \"file=@${1:?usage: sh upload.sh FILE}\" \\\n  " + shellQuote(action) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}
