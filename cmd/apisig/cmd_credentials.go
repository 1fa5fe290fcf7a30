package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/credentials"
)

func newCredentialsCommand(stdout io.Writer) *cobra.Command {
	var o credentialOptions
	cmd := &cobra.Command{
		Use:   "credentials [--ecosystem aws|alibaba|tencent] [--profile NAME]",
		Short: "Show where credentials are found and which ones apisig would sign with",
		Long: `credentials lists, for each ecosystem (or the one given), every place apisig looks for
credentials, in the order it tries them, and what each holds: flags, then environment
variables, then the cloud's own files (~/.aws/credentials and ~/.aws/config,
~/.aliyun/config.json, ~/.tccli/<profile>.credential, ~/.tencentcloud/credentials), then
apisig's own ~/.config/apisig/credentials.json (or $APISIG_CONFIG). It marks the source whose
credentials are used and the one that gives the region.

Secrets are never printed, and an access key id only by its last four characters. Profiles
that get credentials in a way apisig does not implement (assume role, SSO,
credential_process, RAM roles, CVM roles) are shown as found but not supported.

Give the secret with --secret-key-file (a file, or - for standard input) rather than
--secret-key: a secret typed on the command line stays in shell history.

EXIT STATUS
  0  the report was printed (with --ecosystem: and credentials were found)
  2  bad usage, or with --ecosystem: no usable credentials, or a source is broken
  3  any other failure`,
		Example: `  apisig credentials
  apisig credentials --ecosystem aws --profile dev
  AWS_PROFILE=dev apisig credentials --ecosystem aws
  apisig credentials --ecosystem alibaba --access-key LTAI... --secret-key-file key.txt`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return badInput("the ecosystem is a flag: --ecosystem aws", "credentials takes no arguments, got %q", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCredentials(stdout, cmd.ErrOrStderr(), cmd.InOrStdin(), credentials.OS(), &o)
		},
	}
	o.register(cmd)
	return cmd
}

// credentialOptions are the flags that choose the credentials. chain turns them into a
// credentials.Chain, so that commands that sign can resolve credentials the same way.
type credentialOptions struct {
	ecosystem     string
	profile       string
	accessKey     string
	secretKey     string
	secretKeyFile string
	sessionToken  string
	region        string
}

func (o *credentialOptions) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&o.ecosystem, "ecosystem", "", "`ecosystem` to look at: aws, alibaba or tencent (default: all)")
	o.registerKeys(fs)
	fs.StringVar(&o.region, "region", "", "`region`, as a flag")
}

// registerKeys registers the flags that give or choose the credentials; the commands that sign
// share them with credentials.
func (o *credentialOptions) registerKeys(fs *pflag.FlagSet) {
	fs.StringVar(&o.profile, "profile", "", "credentials `profile` to use (default: from the ecosystem's variable, e.g. AWS_PROFILE, else default)")
	fs.StringVar(&o.accessKey, "access-key", "", "access key `id`, as a flag")
	fs.StringVar(&o.secretKey, "secret-key", "", "secret `key` as a flag (kept in shell history: prefer --secret-key-file)")
	fs.StringVar(&o.secretKeyFile, "secret-key-file", "", "read the secret key from this `file` (- for standard input)")
	fs.StringVar(&o.sessionToken, "session-token", "", "session `token` for temporary keys, as a flag")
}

// forScheme resolves the credentials to sign with for a scheme: through the chain of the
// scheme's ecosystem, or, for a scheme that belongs to no cloud (OAuth, webhooks), from the
// flags alone. It prints the chain's warnings and returns the region the chain found.
func (o *credentialOptions) forScheme(schemeID string, env credentials.Env, stdin io.Reader, stderr io.Writer) (apisig.Credentials, string, error) {
	x, err := o.explicit(stdin)
	if err != nil {
		return apisig.Credentials{}, "", err
	}
	eco, ok := ecosystemOf(schemeID)
	if !ok {
		if x.SecretOnCommandLine {
			warnSecretFlag(stderr, "a secret was given on the command line, where shell history and the process list keep it")
		}
		c := apisig.Credentials{AccessKeyID: x.AccessKeyID, Secret: x.Secret, SessionToken: x.SessionToken}
		if c.Secret.IsZero() {
			return c, "", withHint(fmt.Errorf("%w: scheme %s takes its credentials from flags only", apisig.ErrNoCredentials, schemeID),
				"pass --access-key ID --secret-key-file FILE (or - for standard input)")
		}
		return c, "", nil
	}
	res, err := o.chain(eco, x, env).Resolve()
	if err != nil {
		rep := &credentials.Report{Ecosystem: eco, Err: err}
		return apisig.Credentials{}, "", withHint(err, credentialsHint(rep))
	}
	for _, w := range res.Warnings {
		if w.Kind == credentials.WarnSecretOnCommandLine {
			warnSecretFlag(stderr, w.String())
			continue
		}
		fmt.Fprintf(stderr, "apisig: warning: %s\n", w)
	}
	return res.Credentials, res.Region, nil
}

func warnSecretFlag(stderr io.Writer, msg string) {
	fmt.Fprintf(stderr, "apisig: warning: %s\n", msg)
	fmt.Fprintln(stderr, "apisig: hint: use --secret-key-file FILE, or --secret-key-file - to read it from standard input")
}

// ecosystemOf tells which cloud's credentials a scheme signs with, from its id's family prefix.
func ecosystemOf(schemeID string) (credentials.Ecosystem, bool) {
	family, _, _ := strings.Cut(schemeID, "-")
	switch family {
	case "aws", "s3":
		return credentials.AWS, true
	case "alibaba", "aliyun", "oss":
		return credentials.Alibaba, true
	case "tencent", "tc3", "cos":
		return credentials.Tencent, true
	}
	return "", false
}

// ecosystems returns the ecosystem chosen, or all of them.
func (o *credentialOptions) ecosystems() ([]credentials.Ecosystem, error) {
	if o.ecosystem == "" {
		return credentials.Ecosystems(), nil
	}
	e, err := credentials.ParseEcosystem(o.ecosystem)
	if err != nil {
		return nil, badInput("", "invalid --ecosystem %q (allowed: %s)", o.ecosystem, ecosystemNames())
	}
	return []credentials.Ecosystem{e}, nil
}

func ecosystemNames() string {
	var names []string
	for _, e := range credentials.Ecosystems() {
		names = append(names, string(e))
	}
	return strings.Join(names, ", ")
}

// explicit returns the credentials given as flags, reading --secret-key-file.
func (o *credentialOptions) explicit(stdin io.Reader) (credentials.Explicit, error) {
	if o.secretKey != "" && o.secretKeyFile != "" {
		return credentials.Explicit{}, badInput("give the secret once, preferably with --secret-key-file", "--secret-key and --secret-key-file both given")
	}
	x := credentials.Explicit{
		AccessKeyID: o.accessKey,
		Region:      o.region,
	}
	x.Secret = apisig.NewSecret(o.secretKey)
	x.SessionToken = apisig.NewSecret(o.sessionToken)
	x.SecretOnCommandLine = o.secretKey != "" || o.sessionToken != ""
	if o.secretKeyFile != "" {
		s, err := credentials.ReadSecretFile(o.secretKeyFile, stdin)
		if err != nil {
			return credentials.Explicit{}, badInput("", "--secret-key-file: %w", err)
		}
		x.Secret = s
	}
	return x, nil
}

// chain returns the chain for one ecosystem, from the flags.
func (o *credentialOptions) chain(e credentials.Ecosystem, x credentials.Explicit, env credentials.Env) credentials.Chain {
	return credentials.Chain{Ecosystem: e, Profile: o.profile, Explicit: x, Env: env}
}

func runCredentials(stdout, stderr io.Writer, stdin io.Reader, env credentials.Env, o *credentialOptions) error {
	ecos, err := o.ecosystems()
	if err != nil {
		return err
	}
	if o.ecosystem == "" && (o.accessKey != "" || o.secretKey != "" || o.secretKeyFile != "" || o.sessionToken != "") {
		return badInput("add --ecosystem aws (or alibaba, tencent)", "credentials given as flags need --ecosystem")
	}
	x, err := o.explicit(stdin)
	if err != nil {
		return err
	}
	var last *credentials.Report
	for i, e := range ecos {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		last = o.chain(e, x, env).Report()
		if err := writeCredentialsReport(stdout, last); err != nil {
			return err
		}
		for _, w := range last.Warnings {
			if w.Kind == credentials.WarnSecretOnCommandLine {
				warnSecretFlag(stderr, w.String())
				continue
			}
			fmt.Fprintf(stderr, "apisig: warning: %s\n", w)
		}
	}
	if len(ecos) == 1 && last.Err != nil {
		return withHint(last.Err, credentialsHint(last))
	}
	return nil
}

// writeCredentialsReport prints one ecosystem's report as a table.
func writeCredentialsReport(w io.Writer, r *credentials.Report) error {
	fmt.Fprintf(w, "%s: profile %q (%s)\n", r.Ecosystem, r.Profile, profileOrigin(r.ProfileFrom))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for i, f := range r.Findings {
		mark := ""
		switch {
		case i == r.Used && r.Err == nil:
			mark = "  <- credentials"
		case f.Region != "" && f.RegionSource == r.RegionSource && r.Region != "":
			mark = "  <- region"
		}
		if i == r.Used && r.Err == nil && f.Region != "" && f.RegionSource == r.RegionSource {
			mark = "  <- credentials, region"
		}
		fmt.Fprintf(tw, "  %d. %s\t%s%s\n", i+1, f.Source, findingStatus(f), mark)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if r.Err != nil {
		fmt.Fprintf(w, "  no credentials: %s\n", strings.TrimPrefix(r.Err.Error(), "credentials: "))
		return nil
	}
	used := r.Findings[r.Used]
	fmt.Fprintf(w, "  credentials: access key id %s from %s", used.RedactedKeyID, used.Source)
	if used.SessionToken {
		fmt.Fprint(w, " (temporary: with a session token)")
	}
	fmt.Fprintln(w)
	if r.Region == "" {
		fmt.Fprintln(w, "  region: none set")
	} else {
		fmt.Fprintf(w, "  region: %s from %s\n", r.Region, r.RegionSource)
	}
	return nil
}

func profileOrigin(from string) string {
	switch from {
	case "explicit":
		return "from --profile"
	case "default":
		return "the default"
	}
	return "from " + from
}

// findingStatus says in a few words what a source holds.
func findingStatus(f credentials.Finding) string {
	withRegion := func(s string) string {
		if f.Region != "" {
			return s + "; region " + f.Region
		}
		return s
	}
	switch f.State {
	case credentials.Complete:
		return f.Provides()
	case credentials.NoKeys, credentials.NotFound:
		return withRegion(f.Note)
	case credentials.Skipped:
		return withRegion("skipped: " + f.Note)
	case credentials.Partial:
		return "incomplete: " + f.Note
	case credentials.Unsupported:
		return f.Note
	case credentials.Invalid:
		return "invalid: " + strings.TrimPrefix(f.Err.Error(), "credentials: ")
	}
	return f.State.String()
}

// credentialsHint says how to fix a report's error.
func credentialsHint(r *credentials.Report) string {
	var se *credentials.SourceError
	if errors.As(r.Err, &se) && se.Hint != "" {
		return se.Hint
	}
	configure := map[credentials.Ecosystem]string{
		credentials.AWS:     "aws configure --profile NAME",
		credentials.Alibaba: "aliyun configure --profile NAME",
		credentials.Tencent: "tccli configure --profile NAME",
	}[r.Ecosystem]
	switch {
	case errors.Is(r.Err, credentials.ErrProfileNotFound):
		return "choose a profile that exists with --profile, or create it with `" + configure + "`"
	case errors.Is(r.Err, credentials.ErrIncomplete):
		return "give both the access key id and its secret, or neither"
	case errors.Is(r.Err, credentials.ErrMalformed):
		return "fix the file at the line shown"
	}
	vars := credentials.Variables(r.Ecosystem)
	return fmt.Sprintf("set %s and %s, run `%s`, or pass --access-key with --secret-key-file", vars[0], vars[1], strings.TrimSuffix(configure, " --profile NAME"))
}
