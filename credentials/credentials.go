package credentials

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/apisig/apisig"
)

// Ecosystem names a cloud whose credentials, environment variables and files apisig knows.
type Ecosystem string

// The ecosystems.
const (
	AWS     Ecosystem = "aws"
	Alibaba Ecosystem = "alibaba"
	Tencent Ecosystem = "tencent"
)

// Ecosystems lists every ecosystem, in a fixed order.
func Ecosystems() []Ecosystem { return []Ecosystem{AWS, Alibaba, Tencent} }

// ParseEcosystem returns the ecosystem named s. An unknown name is an error that wraps
// [apisig.ErrInvalidInput] and lists the allowed names.
func ParseEcosystem(s string) (Ecosystem, error) {
	for _, e := range Ecosystems() {
		if string(e) == s {
			return e, nil
		}
	}
	return "", fmt.Errorf("credentials: unknown ecosystem %q (allowed: %s): %w", s, ecosystemList(), apisig.ErrInvalidInput)
}

func ecosystemList() string {
	names := make([]string, 0, 3)
	for _, e := range Ecosystems() {
		names = append(names, string(e))
	}
	return strings.Join(names, ", ")
}

// Env is everything outside the process that discovery reads: environment variables, the home
// directory and files. It is injected so that tests never read the real environment: a test
// passes a Getenv backed by a map and a HomeDir from t.TempDir.
type Env struct {
	// Getenv returns an environment variable; an empty value counts as unset. nil means no
	// variable is set.
	Getenv func(key string) string
	// HomeDir is the user's home directory. Empty means there is none: files under it are not
	// looked for (files named by environment variables still are).
	HomeDir string
	// ReadFile reads a whole file. nil means the file system (os.Open), reading at most 1 MiB.
	// It must report a missing file with an error that wraps [fs.ErrNotExist].
	ReadFile func(name string) ([]byte, error)
	// ReadDir lists a directory (to name the Tencent CLI's profiles). nil means [os.ReadDir].
	ReadDir func(name string) ([]fs.DirEntry, error)
}

// OS returns the process's real environment: [os.Getenv], [os.UserHomeDir] and the file system.
func OS() Env {
	home, _ := os.UserHomeDir()
	return Env{Getenv: os.Getenv, HomeDir: home}
}

// maxFileSize bounds every file read: credentials files are small, and a variable pointing at
// /dev/zero must not exhaust memory.
const maxFileSize = 1 << 20

func (e Env) getenv(key string) string {
	if e.Getenv == nil {
		return ""
	}
	return e.Getenv(key)
}

func (e Env) readFile(name string) ([]byte, error) {
	var data []byte
	var err error
	if e.ReadFile != nil {
		data, err = e.ReadFile(name)
	} else {
		var f *os.File
		f, err = os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		data, err = io.ReadAll(io.LimitReader(f, maxFileSize+1))
	}
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize {
		return nil, errors.New("file is larger than 1 MiB")
	}
	return data, nil
}

func (e Env) readDir(name string) ([]fs.DirEntry, error) {
	if e.ReadDir != nil {
		return e.ReadDir(name)
	}
	return os.ReadDir(name)
}

// locate returns the file named by the environment variable envVar (with a leading ~
// expanded), or else def under the home directory, and how to show it. p is "" when there is
// neither.
func (e Env) locate(envVar string, def ...string) (p, shown string) {
	if envVar != "" {
		if v := e.getenv(envVar); v != "" {
			p = e.expand(v)
			return p, e.display(p)
		}
	}
	if e.HomeDir == "" {
		return "", "~/" + strings.Join(def, "/")
	}
	p = filepath.Join(append([]string{e.HomeDir}, def...)...)
	return p, e.display(p)
}

func (e Env) expand(p string) string {
	if e.HomeDir != "" && (p == "~" || strings.HasPrefix(p, "~/") || strings.HasPrefix(p, `~\`)) {
		return filepath.Join(e.HomeDir, p[1:])
	}
	return p
}

// display shows a path with the home directory as ~, as people write it.
func (e Env) display(p string) string {
	if e.HomeDir == "" {
		return p
	}
	home := filepath.Clean(e.HomeDir)
	if rel, ok := strings.CutPrefix(p, home+string(filepath.Separator)); ok {
		return "~/" + filepath.ToSlash(rel)
	}
	return p
}

// Explicit holds values given directly, usually as command-line flags. They come first in every
// chain.
type Explicit struct {
	// AccessKeyID and Secret must be given together or not at all.
	AccessKeyID string
	Secret      apisig.Secret
	// SessionToken is optional, and needs the two above.
	SessionToken apisig.Secret
	// Region, when set, wins over every other source of a region.
	Region string
	// SecretOnCommandLine says that Secret or SessionToken were typed as command-line arguments
	// rather than read with [ReadSecretFile]: the result then carries a
	// [WarnSecretOnCommandLine] warning, because shell history and the process list keep them.
	SecretOnCommandLine bool
}

// SourceKind says what kind of place a [Source] is.
type SourceKind int

// The kinds of source. The zero value is no source.
const (
	FromFlags SourceKind = iota + 1 // values given explicitly ([Explicit])
	FromEnv                         // environment variables
	FromFile                        // a file: a cloud's own, or apisig's config
)

// Source describes where a value came from. Its String is what people read:
// "flags", "env AWS_ACCESS_KEY_ID", "file ~/.aws/credentials [dev]".
type Source struct {
	Kind SourceKind
	// Name is the environment variable for FromEnv, the file's path for FromFile (with the home
	// directory shown as ~), and empty for FromFlags.
	Name string
	// Section names the profile within a file, as the file spells it: "[dev]",
	// "[profile dev]", `profile "dev"`. Empty when the file holds one profile.
	Section string
}

// String describes the source.
func (s Source) String() string {
	switch s.Kind {
	case FromFlags:
		return "flags"
	case FromEnv:
		return "env " + s.Name
	case FromFile:
		if s.Section == "" {
			return "file " + s.Name
		}
		return "file " + s.Name + " " + s.Section
	}
	return "none"
}

// State says what a source holds for the profile. Sources are tried in order: the first in
// state [Complete] supplies the credentials; reaching one in state [Partial], [Unsupported] or
// [Invalid] first is an error.
type State int

// The states of a source.
const (
	NotFound    State = iota // the variable is unset, or the file or the profile in it is missing
	Skipped                  // not consulted, by rule (see Finding.Note)
	NoKeys                   // the profile exists but holds no keys (it may hold a region)
	Complete                 // an access key id and its secret (and maybe a session token)
	Partial                  // part of a key pair
	Unsupported              // credentials obtained in a way apisig does not implement
	Invalid                  // the file cannot be read or parsed
)

var stateNames = [...]string{"not found", "skipped", "no keys", "complete", "partial", "unsupported", "invalid"}

// String names the state.
func (s State) String() string {
	if s < 0 || int(s) >= len(stateNames) {
		return fmt.Sprintf("State(%d)", int(s))
	}
	return stateNames[s]
}

// Finding is what one source holds for the profile, with secrets redacted.
type Finding struct {
	Source Source
	State  State
	// RedactedKeyID is the access key id as [RedactKeyID] shows it, "" when none.
	RedactedKeyID string
	// Secret and SessionToken say whether the source holds them. Their values are never shown.
	Secret, SessionToken bool
	// Region is the region the source sets, and RegionSource where exactly (an environment
	// variable may differ from the one that holds the key id).
	Region       string
	RegionSource Source
	// Profiles lists the profiles an existing file defines, sorted; nil for other sources.
	Profiles []string
	// Note explains the state in a few words: "file not found", "skipped: ...".
	Note string
	// Err is the error for states Partial, Unsupported and Invalid: a [*SourceError].
	Err error

	creds         apisig.Credentials
	present       bool   // the file exists (for listing profiles when one is missing)
	listedIn      string // where Profiles were listed, when not the source itself
	regionCapable bool   // the source may set a region, so a region search must read it
}

// Provides summarises what the source holds, redacted: "access key id ****MPLE, secret,
// region us-east-1".
func (f Finding) Provides() string {
	var parts []string
	if f.RedactedKeyID != "" {
		parts = append(parts, "access key id "+f.RedactedKeyID)
	}
	if f.Secret {
		parts = append(parts, "secret")
	}
	if f.SessionToken {
		parts = append(parts, "session token")
	}
	if f.Region != "" {
		parts = append(parts, "region "+f.Region)
	}
	return strings.Join(parts, ", ")
}

// RedactKeyID returns an access key id with all but its last four characters hidden:
// "AKIAIOSFODNN7EXAMPLE" becomes "****MPLE". Ids shorter than eight characters are hidden
// entirely, since four characters would be half of them.
func RedactKeyID(id string) string {
	if id == "" {
		return ""
	}
	n := utf8.RuneCountInString(id)
	if n < 8 {
		return "****"
	}
	r := []rune(id)
	return "****" + string(r[n-4:])
}

// WarningKind classifies a [Warning].
type WarningKind string

// The kinds of warning.
const (
	// WarnSecretOnCommandLine: a secret was given on the command line.
	WarnSecretOnCommandLine WarningKind = "secret-on-command-line"
	// WarnProfileShadowed: a profile was selected by an environment variable, but credentials
	// in the environment take precedence over it, so the profile's keys are not used.
	WarnProfileShadowed WarningKind = "profile-shadowed"
	// WarnSectionIgnored: a file has a section named like the profile that the cloud's own
	// tools ignore ([dev] instead of [profile dev] in ~/.aws/config, or the reverse in
	// ~/.aws/credentials).
	WarnSectionIgnored WarningKind = "section-ignored"
)

// Warning is something a person should know that does not stop resolution.
type Warning struct {
	Kind    WarningKind
	Source  Source
	Message string
}

// String formats the warning with its source.
func (w Warning) String() string { return w.Source.String() + ": " + w.Message }

// Report lists every source looked at for one ecosystem and profile, in the order they are
// tried, with what each provides (redacted) and which one is used.
type Report struct {
	Ecosystem Ecosystem
	// Profile is the profile looked up, and ProfileFrom where its name came from: "explicit",
	// "env AWS_PROFILE", "file ~/.aliyun/config.json current", or "default".
	Profile, ProfileFrom string
	Findings             []Finding
	// Used is the index in Findings of the source whose credentials are used, -1 if none.
	Used int
	// Region is the region found, "" if none, and RegionSource where.
	Region       string
	RegionSource Source
	Warnings     []Warning
	// Err is the error [Chain.Resolve] returns, nil when credentials were found.
	Err error
}

// Result is what [Chain.Resolve] found. To give the credentials to a [apisig.Transport], wrap
// them: apisig.StaticCredentials(r.Credentials).
type Result struct {
	Ecosystem   Ecosystem
	Profile     string
	Credentials apisig.Credentials
	// Source is where the credentials came from.
	Source Source
	// Region is "" when no source sets one; RegionSource says where it came from.
	Region       string
	RegionSource Source
	Warnings     []Warning
}

// Chain discovers credentials for one ecosystem, trying in order:
//
//  1. Explicit (flags);
//  2. the environment (skipped when Profile is set: a profile asked for explicitly is used);
//  3. the cloud's own files, for the profile;
//  4. apisig's own config file, for the profile.
//
// The first source with a complete key pair wins. A region is looked up the same way, in the
// same order, independently (a key pair from the environment and a region from
// ~/.aws/config is usual). The zero Chain is not usable: set Ecosystem and Env.
//
// A Chain is a value, safe for concurrent use; it reads files on every call.
type Chain struct {
	Ecosystem Ecosystem
	// Profile is the profile to use. Empty means: from the ecosystem's profile variable
	// (AWS_PROFILE, ALIBABA_CLOUD_PROFILE, TENCENTCLOUD_PROFILE or TCCLI_PROFILE), else the
	// Alibaba CLI's "current" profile, else "default".
	Profile  string
	Explicit Explicit
	Env      Env
}

// Resolve is Chain{Ecosystem: eco, Profile: profile, Env: env}.Resolve().
func Resolve(env Env, eco Ecosystem, profile string) (*Result, error) {
	return Chain{Ecosystem: eco, Profile: profile, Env: env}.Resolve()
}

// Resolve returns the credentials and region for the chain's profile. The error is a
// [*SourceError] for a broken source reached before any usable one, a [*ProfileNotFoundError]
// when a profile asked for by name exists nowhere, or a [*NotFoundError].
func (c Chain) Resolve() (*Result, error) {
	rep, creds := c.report()
	if rep.Err != nil {
		return nil, rep.Err
	}
	return &Result{
		Ecosystem:    rep.Ecosystem,
		Profile:      rep.Profile,
		Credentials:  creds,
		Source:       rep.Findings[rep.Used].Source,
		Region:       rep.Region,
		RegionSource: rep.RegionSource,
		Warnings:     rep.Warnings,
	}, nil
}

// Credentials resolves the chain on each call, so rotated keys in a file are picked up. It
// implements [apisig.CredentialsProvider]. A hot path that does not need that should call
// Resolve once and use [apisig.StaticCredentials].
func (c Chain) Credentials(ctx context.Context) (apisig.Credentials, error) {
	if err := ctx.Err(); err != nil {
		return apisig.Credentials{}, err
	}
	r, err := c.Resolve()
	if err != nil {
		return apisig.Credentials{}, err
	}
	return r.Credentials, nil
}

// Report looks at every source and says what each holds. It never fails: problems are recorded
// in the findings and in Report.Err. A Report holds no secret and no full access key id, so it
// can be printed as it is.
func (c Chain) Report() *Report {
	rep, _ := c.report()
	return rep
}

// report returns the report and the credentials used.
func (c Chain) report() (*Report, apisig.Credentials) {
	sp, err := specFor(c.Ecosystem)
	if err != nil {
		return &Report{Ecosystem: c.Ecosystem, Used: -1, Err: err}, apisig.Credentials{}
	}
	r := &run{c: c, sp: sp, cache: map[string]fileResult{}}
	r.chooseProfile()
	findings := []Finding{r.flagsFinding(), r.envFinding()}
	findings = append(findings, sp.files(r)...)
	findings = append(findings, r.configFinding())

	rep := &Report{
		Ecosystem:   c.Ecosystem,
		Profile:     r.profile,
		ProfileFrom: r.profileFrom,
		Findings:    findings,
		Used:        -1,
	}
	for i, f := range findings {
		if f.State == Complete {
			rep.Used = i
			break
		}
		if f.State == Partial || f.State == Unsupported || f.State == Invalid {
			rep.Err = f.Err
			break
		}
	}
	if rep.Used < 0 && rep.Err == nil {
		rep.Err = r.notFound(findings)
	}
	if rep.Err == nil {
		for _, f := range findings {
			if f.Region != "" {
				rep.Region, rep.RegionSource = f.Region, f.RegionSource
				break
			}
			if f.State == Invalid && f.regionCapable {
				// The cloud's own tools would fail here too: the region may be in this file.
				rep.Err = f.Err
				break
			}
		}
	}
	if rep.Used >= 0 && rep.Err == nil {
		used := findings[rep.Used]
		if used.Source.Kind == FromEnv && strings.HasPrefix(r.profileFrom, "env ") && r.profile != "default" {
			r.warn(WarnProfileShadowed, used.Source, fmt.Sprintf("%s=%s is set, but %s takes precedence: the keys of profile %q are not used",
				strings.TrimPrefix(r.profileFrom, "env "), r.profile, used.Source.Name, r.profile))
		}
	}
	rep.Warnings = r.warnings
	var creds apisig.Credentials
	if rep.Err == nil {
		creds = findings[rep.Used].creds
	}
	for i := range findings {
		findings[i].creds = apisig.Credentials{}
	}
	return rep, creds
}

// run holds the state of one Report.
type run struct {
	c               Chain
	sp              *spec
	profile         string
	profileFrom     string
	profileExplicit bool // Chain.Profile was set
	profileNamed    bool // the name came from somewhere, rather than the "default" fallback
	warnings        []Warning
	cache           map[string]fileResult
}

// fileResult caches a file read, so that a file consulted twice (the Alibaba CLI's config, for
// its current profile and its keys) is read once.
type fileResult struct {
	data []byte
	err  error // nil, or an error wrapping fs.ErrNotExist, or another read error
}

func (r *run) read(p string) ([]byte, error) {
	if fr, ok := r.cache[p]; ok {
		return fr.data, fr.err
	}
	data, err := r.c.Env.readFile(p)
	r.cache[p] = fileResult{data, err}
	return data, err
}

func (r *run) warn(kind WarningKind, src Source, msg string) {
	r.warnings = append(r.warnings, Warning{Kind: kind, Source: src, Message: msg})
}

func (r *run) chooseProfile() {
	if r.c.Profile != "" {
		r.profile, r.profileFrom, r.profileExplicit, r.profileNamed = r.c.Profile, "explicit", true, true
		return
	}
	for _, v := range r.sp.profileVars {
		if p := r.c.Env.getenv(v); p != "" {
			r.profile, r.profileFrom, r.profileNamed = p, "env "+v, true
			return
		}
	}
	if r.sp.defaultProfile != nil {
		if p, from := r.sp.defaultProfile(r); p != "" {
			r.profile, r.profileFrom, r.profileNamed = p, from, true
			return
		}
	}
	r.profile, r.profileFrom = "default", "default"
}

// keyNames names the three parts of a key pair in one source, for messages, with the line each
// is on (0 when not a file). Keys of files are quoted in messages, variables are not.
type keyNames struct {
	id, secret, token             string
	idLine, secretLine, tokenLine int
	quote                         bool
}

// classify sets f's state from the key material found. A source without any stays NoKeys.
func classify(f *Finding, id string, secret, token apisig.Secret, kn keyNames) {
	hasID, hasSecret, hasToken := id != "", !secret.IsZero(), !token.IsZero()
	f.RedactedKeyID, f.Secret, f.SessionToken = RedactKeyID(id), hasSecret, hasToken
	switch {
	case hasID && hasSecret:
		f.State = Complete
		f.creds = apisig.Credentials{AccessKeyID: id, Secret: secret, SessionToken: token}
	case !hasID && !hasSecret && !hasToken:
		f.State = NoKeys
	default:
		q := func(s string) string {
			if kn.quote {
				return strconv.Quote(s)
			}
			return s
		}
		key, missing, present, line, verb := kn.id, q(kn.id)+" and "+q(kn.secret), q(kn.token), kn.tokenLine, " are not"
		switch {
		case hasID:
			key, missing, present, line, verb = kn.secret, q(kn.secret), q(kn.id), kn.idLine, " is not"
		case hasSecret:
			key, missing, present, line, verb = kn.id, q(kn.id), q(kn.secret), kn.secretLine, " is not"
		}
		f.State, f.Note = Partial, missing+" missing"
		f.Err = &SourceError{
			Source:  f.Source,
			Line:    line,
			Key:     key,
			Problem: present + " is set but " + missing + verb,
			Kind:    ErrIncomplete,
		}
	}
}

func (r *run) flagsFinding() Finding {
	e := r.c.Explicit
	f := Finding{Source: Source{Kind: FromFlags}, regionCapable: true}
	if e.Region != "" {
		f.Region, f.RegionSource = e.Region, f.Source
	}
	classify(&f, e.AccessKeyID, e.Secret, e.SessionToken, keyNames{id: "access key id", secret: "secret", token: "session token"})
	if f.State == NoKeys {
		f.State, f.Note = NotFound, "not given"
	}
	if e.SecretOnCommandLine && (!e.Secret.IsZero() || !e.SessionToken.IsZero()) {
		r.warn(WarnSecretOnCommandLine, f.Source,
			"a secret given on the command line is kept in shell history and visible to other users in the process list; read it from a file or stdin instead")
	}
	return f
}

func (r *run) envFinding() Finding {
	sp, env := r.sp, r.c.Env
	f := Finding{Source: Source{Kind: FromEnv, Name: sp.idVar}, regionCapable: true}
	for _, v := range sp.regionVars {
		if reg := env.getenv(v); reg != "" {
			f.Region, f.RegionSource = reg, Source{Kind: FromEnv, Name: v}
			break
		}
	}
	if r.profileExplicit {
		f.State, f.Note = Skipped, "a profile was given explicitly, so the environment's keys are not used"
		return f
	}
	classify(&f, env.getenv(sp.idVar), apisig.NewSecret(env.getenv(sp.secretVar)), apisig.NewSecret(env.getenv(sp.tokenVar)),
		keyNames{id: sp.idVar, secret: sp.secretVar, token: sp.tokenVar})
	if f.State == NoKeys {
		f.State, f.Note = NotFound, "not set"
	}
	return f
}

// notFound builds the error for a chain in which no source has credentials.
func (r *run) notFound(findings []Finding) error {
	if r.profileNamed {
		known := false
		var found []FileProfiles
		for _, f := range findings {
			if f.Source.Kind != FromFile {
				continue
			}
			if f.State != NotFound {
				known = true
			}
			if f.present && f.Profiles != nil {
				in := f.Source.Name
				if f.listedIn != "" {
					in = f.listedIn
				}
				found = append(found, FileProfiles{File: in, Profiles: f.Profiles})
			}
		}
		if !known {
			return &ProfileNotFoundError{Ecosystem: r.c.Ecosystem, Profile: r.profile, From: r.profileFrom, Found: found}
		}
	}
	looked := make([]Source, 0, len(findings))
	for _, f := range findings {
		looked = append(looked, f.Source)
	}
	return &NotFoundError{Ecosystem: r.c.Ecosystem, Profile: r.profile, Looked: looked}
}

// fileFinding starts the finding for a file: NotFound when there is no path or the file is
// missing, Invalid when it cannot be read. ok reports whether data can be parsed.
func (r *run) fileFinding(p, shown, section string) (f Finding, data []byte, ok bool) {
	f.Source = Source{Kind: FromFile, Name: shown, Section: section}
	if p == "" {
		f.Source.Section = ""
		f.State, f.Note = NotFound, "no home directory"
		return f, nil, false
	}
	data, err := r.read(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		f.Source.Section = ""
		f.State, f.Note = NotFound, "file not found"
		return f, nil, false
	case err != nil:
		f.Source.Section = ""
		f.State, f.Note = Invalid, "cannot be read"
		f.Err = &SourceError{Source: f.Source, Problem: "cannot be read", Kind: ErrMalformed, Err: err}
		return f, nil, false
	}
	f.present = true
	return f, data, true
}

// invalid marks f as a file that cannot be parsed, from a parser error with a line and key.
func invalid(f *Finding, line int, key, problem string) {
	f.Source.Section = ""
	f.State, f.Note = Invalid, "cannot be parsed"
	f.Err = &SourceError{Source: f.Source, Line: line, Key: key, Problem: problem, Kind: ErrMalformed}
}

// parseFailed turns a parser's error into an Invalid finding.
func parseFailed(f *Finding, err error) {
	var ie *iniError
	var je *jsonError
	switch {
	case errors.As(err, &ie):
		invalid(f, ie.Line, ie.Key, ie.Problem)
	case errors.As(err, &je):
		problem := je.Problem
		if len(je.Path) > 0 {
			problem = strconv.Quote(je.key()) + ": " + problem
		}
		invalid(f, je.Line, je.key(), problem)
	default:
		invalid(f, 0, "", err.Error())
	}
}

// unsupported marks f as using a credential method apisig does not implement.
func unsupported(f *Finding, line int, key, what, hint string) {
	f.State, f.Note = Unsupported, what+" found but not supported"
	f.Err = &SourceError{
		Source:  f.Source,
		Line:    line,
		Key:     key,
		Problem: fmt.Sprintf("%q: %s found but not supported by apisig", key, what),
		Hint:    hint,
		Kind:    ErrUnsupported,
	}
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Interface guard.
var _ apisig.CredentialsProvider = Chain{}
