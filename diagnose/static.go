package diagnose

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// staticChecks are the checks that need no re-signing (the S rows of the catalogue).
func staticChecks(c Case, st *ServerTrace) []Finding {
	var out []Finding
	r := c.Request
	if st != nil && st.ExpectedRegion != "" && c.Params["region"] != "" && c.Params["region"] != st.ExpectedRegion {
		out = append(out, Finding{Method: "static", Mistakes: []string{"A01"},
			Cause:    fmt.Sprintf("the request is signed for region %s, but the server expects %s", c.Params["region"], st.ExpectedRegion),
			Fix:      "sign for " + st.ExpectedRegion + " (the bucket's or the endpoint's region)",
			Evidence: "the server's message: " + st.Message})
	}
	if strings.HasPrefix(c.Scheme.ID, "aws-") {
		out = append(out, awsStatic(r)...)
	}
	if c.Response != nil {
		if f, ok := skewFromResponse(r, c.Response); ok {
			out = append(out, f)
		}
	}
	return out
}

// awsStatic checks a SigV4 request's own fields against each other.
func awsStatic(r *http.Request) []Finding {
	var out []Finding
	q := r.URL.Query()
	auth := r.Header.Get("Authorization")
	date := r.Header.Get("X-Amz-Date")
	cred := ""
	if date == "" {
		date = q.Get("X-Amz-Date")
	}
	if i := strings.Index(auth, "Credential="); i >= 0 {
		cred, _, _ = strings.Cut(auth[i+len("Credential="):], ",")
	} else {
		cred = q.Get("X-Amz-Credential")
	}
	fields := strings.Split(cred, "/")
	if len(fields) == 5 && len(date) >= 8 && fields[1] != date[:8] {
		out = append(out, Finding{Method: "static", Mistakes: []string{"A05"},
			Cause:    fmt.Sprintf("the credential scope's date %s is not the date of X-Amz-Date %s", fields[1], date),
			Fix:      "derive the scope date from the same UTC time as X-Amz-Date",
			Evidence: "Credential=" + cred})
	}
	token := r.Header.Get("X-Amz-Security-Token") != "" || q.Get("X-Amz-Security-Token") != ""
	if len(fields) == 5 && strings.HasPrefix(fields[0], "ASIA") && !token {
		out = append(out, Finding{Method: "static", Mistakes: []string{"A30"},
			Cause:    "the access key id " + fields[0][:4] + "... is temporary (ASIA), but the request carries no session token",
			Fix:      "send X-Amz-Security-Token with the session token of those credentials (signed)",
			Evidence: "no X-Amz-Security-Token header or query parameter"})
	}
	if h := r.Header.Get("X-Amz-Content-Sha256"); h == emptySHA256 && r.ContentLength > 0 {
		out = append(out, Finding{Method: "static", Mistakes: []string{"A26"},
			Cause:    "X-Amz-Content-Sha256 is the hash of an empty body, but the request has a body",
			Fix:      "hash the body that is sent (or sign UNSIGNED-PAYLOAD where the service allows it)",
			Evidence: fmt.Sprintf("Content-Length %d", r.ContentLength)})
	} else if isHex64(h) && r.GetBody != nil {
		if rc, err := r.GetBody(); err == nil {
			sum := sha256.New()
			io.Copy(sum, io.LimitReader(rc, 64<<20))
			rc.Close()
			if got := hex.EncodeToString(sum.Sum(nil)); got != h {
				out = append(out, Finding{Method: "static", Mistakes: []string{"A26", "A27"},
					Cause:    "X-Amz-Content-Sha256 is not the hash of the body sent: the body changed after signing, or another body was hashed",
					Fix:      "hash and send the same bytes (no re-serialising, no wrapping in a form)",
					Evidence: "header " + h + ", body's SHA-256 " + got})
			}
		}
	}
	if signed := signedHeaders(auth, q.Get("X-Amz-SignedHeaders")); signed != nil {
		for _, name := range signed {
			if name == "host" {
				continue
			}
			if _, ok := r.Header[http.CanonicalHeaderKey(name)]; !ok {
				out = append(out, Finding{Method: "static", Mistakes: []string{"A25"},
					Cause:    "the signed header " + name + " is not in the request",
					Fix:      "send every signed header with the value signed (a presigned URL's user must send them too)",
					Evidence: "SignedHeaders lists " + name})
			}
		}
	}
	return out
}

const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

func signedHeaders(auth, query string) []string {
	v := query
	if i := strings.Index(auth, "SignedHeaders="); i >= 0 {
		v, _, _ = strings.Cut(auth[i+len("SignedHeaders="):], ",")
	}
	if v == "" {
		return nil
	}
	return strings.Split(strings.TrimSpace(v), ";")
}

// skewFromResponse compares the request's time with the server's Date header: a difference
// close to a whole number of hours is a time zone, not drift (A03).
func skewFromResponse(r *http.Request, resp *Response) (Finding, bool) {
	server, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return Finding{}, false
	}
	var sent time.Time
	for _, v := range []string{r.Header.Get("X-Amz-Date"), r.URL.Query().Get("X-Amz-Date")} {
		if t, err := time.Parse("20060102T150405Z", v); err == nil {
			sent = t
		}
	}
	if sent.IsZero() {
		if t, err := http.ParseTime(r.Header.Get("Date")); err == nil {
			sent = t
		}
	}
	if sent.IsZero() {
		return Finding{}, false
	}
	d := server.Sub(sent)
	if d.Abs() < 5*time.Minute {
		return Finding{}, false
	}
	f := Finding{Method: "static", Mistakes: []string{"A04"},
		Cause:    fmt.Sprintf("the request's time is %s from the server's", d.Abs().Round(time.Second)),
		Fix:      "set the machine's clock (NTP) or correct for the server's Date",
		Evidence: "request " + sent.UTC().Format(time.RFC3339) + ", server " + server.UTC().Format(time.RFC3339)}
	if h := d.Abs().Round(30 * time.Minute); h >= time.Hour && (d.Abs()-h).Abs() < 2*time.Minute {
		f.Mistakes = []string{"A03"}
		f.Cause += ": a whole number of half-hours, so a time zone (local time written with a Z), not a drifting clock"
		f.Fix = "format the time in UTC"
	}
	return f, true
}
