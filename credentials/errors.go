package credentials

import (
	"errors"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
)

// Sentinel errors. Every error [Chain.Resolve] returns wraps one of them and also
// [apisig.ErrInvalidInput] (a source is broken, so a person must fix it) or
// [apisig.ErrNoCredentials] (nothing was found), so callers use [errors.Is], never the text.
var (
	// ErrMalformed: a file cannot be read or parsed, or a value has the wrong type.
	ErrMalformed = errors.New("malformed credentials source")
	// ErrIncomplete: a source holds part of a key pair (an access key id without its secret, or
	// the reverse, or only a session token).
	ErrIncomplete = errors.New("incomplete credentials")
	// ErrUnsupported: a profile obtains its credentials in a way apisig does not implement
	// (assume role, SSO, credential_process, instance roles, ...). apisig reports it rather than
	// silently using other credentials the cloud's own CLI would not use.
	ErrUnsupported = errors.New("credential method not supported")
	// ErrProfileNotFound: a profile was asked for by name and no file defines it.
	ErrProfileNotFound = errors.New("profile not found")
)

// SourceError says which source is broken, where, and why. It wraps its Kind (one of
// [ErrMalformed], [ErrIncomplete], [ErrUnsupported]), [apisig.ErrInvalidInput], and the
// underlying error if any. It never contains a secret.
type SourceError struct {
	// Source is the source at fault.
	Source Source
	// Line is the 1-based line in the file, 0 when not known or not a file.
	Line int
	// Key is the key (or environment variable) at fault, "" when the whole source is.
	Key string
	// Problem says what is wrong, quoting keys with %q.
	Problem string
	// Hint says how to fix it, "" when there is nothing more to say. Not part of Error.
	Hint string
	// Kind is the sentinel this error wraps.
	Kind error
	// Err is the underlying error (an I/O error), or nil.
	Err error
}

// Error formats as `credentials: ~/.aws/config:12 [profile dev]: problem`.
func (e *SourceError) Error() string {
	var b strings.Builder
	b.WriteString("credentials: ")
	switch e.Source.Kind {
	case FromFile:
		b.WriteString(e.Source.Name)
		if e.Line > 0 {
			b.WriteString(":")
			b.WriteString(strconv.Itoa(e.Line))
		}
		if e.Source.Section != "" {
			b.WriteString(" ")
			b.WriteString(e.Source.Section)
		}
	default:
		b.WriteString(e.Source.String())
	}
	b.WriteString(": ")
	b.WriteString(e.Problem)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the Kind, [apisig.ErrInvalidInput] and the underlying error.
func (e *SourceError) Unwrap() []error {
	errs := []error{e.Kind, apisig.ErrInvalidInput}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// NotFoundError reports that no source holds credentials for the profile. It wraps
// [apisig.ErrNoCredentials].
type NotFoundError struct {
	Ecosystem Ecosystem
	Profile   string
	// Looked lists every source looked at, in order.
	Looked []Source
}

// Error lists the sources looked at.
func (e *NotFoundError) Error() string {
	var b strings.Builder
	b.WriteString("credentials: no ")
	b.WriteString(string(e.Ecosystem))
	b.WriteString(" credentials for profile ")
	b.WriteString(strconv.Quote(e.Profile))
	b.WriteString(" (looked at ")
	for i, s := range e.Looked {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s.String())
	}
	b.WriteString(")")
	return b.String()
}

// Unwrap returns [apisig.ErrNoCredentials].
func (e *NotFoundError) Unwrap() error { return apisig.ErrNoCredentials }

// FileProfiles names a file and the profiles it defines.
type FileProfiles struct {
	// File is the file (for tccli, the directory) looked in, with the home directory shown as ~.
	File string
	// Profiles are the profile names the file defines, sorted.
	Profiles []string
}

// ProfileNotFoundError reports that a profile asked for by name (explicitly, by an environment
// variable, or as the "current" profile of a CLI's config) is defined in no file. It lists the
// profiles that were found. It wraps [ErrProfileNotFound] and [apisig.ErrNoCredentials].
type ProfileNotFoundError struct {
	Ecosystem Ecosystem
	Profile   string
	// From says where the profile name came from: "explicit", "env AWS_PROFILE", ... (see
	// [Report].ProfileFrom). Error shows it unless it is "explicit".
	From string
	// Found lists each existing file looked in, with the profiles it defines.
	Found []FileProfiles
}

// Error names the profile and lists the profiles found.
func (e *ProfileNotFoundError) Error() string {
	var b strings.Builder
	b.WriteString("credentials: ")
	b.WriteString(string(e.Ecosystem))
	b.WriteString(" profile ")
	b.WriteString(strconv.Quote(e.Profile))
	if e.From != "" && e.From != "explicit" {
		b.WriteString(" (from ")
		b.WriteString(e.From)
		b.WriteString(")")
	}
	b.WriteString(" not found")
	n := 0
	for _, f := range e.Found {
		if len(f.Profiles) == 0 {
			continue
		}
		if n == 0 {
			b.WriteString("; profiles found: ")
		} else {
			b.WriteString("; ")
		}
		n++
		b.WriteString(f.File)
		b.WriteString(": ")
		b.WriteString(strings.Join(f.Profiles, ", "))
	}
	if n == 0 {
		b.WriteString("; no file defines any profile")
	}
	return b.String()
}

// Unwrap returns [ErrProfileNotFound] and [apisig.ErrNoCredentials].
func (e *ProfileNotFoundError) Unwrap() []error {
	return []error{ErrProfileNotFound, apisig.ErrNoCredentials}
}
