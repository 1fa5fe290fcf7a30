package conformance

import (
	"flag"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var (
	flagSeed  = flag.Uint64("conformance.seed", 20261123, "seed of the random request generator")
	flagCases = flag.Int("conformance.n", 10000, "number of generated requests (-short: 1000)")
)

// oracle is one SDK signer seen through its adapter.
type oracle struct {
	name    string
	applies func(c *Case) bool
	sign    func(t *testing.T, c *Case) (Signed, error)
	// equal compares apisig's result with the SDK's.
	equal func(c *Case, apisig, sdk Signed) bool
}

func byteEqual(c *Case, a, s Signed) bool { return a.Result(c.Presign) == s.Result(c.Presign) }

// smithyEqual: smithy-go writes a presigned URL's query with url.Values.Encode ('+' for a space,
// keys sorted raw, X-Amz-Signature among them), so in presign mode the URLs are compared as
// scheme, host, escaped path and the multiset of decoded query parameters, which includes the
// signature. Header mode is byte for byte.
func smithyEqual(c *Case, a, s Signed) bool {
	if !c.Presign {
		return a.Auth == s.Auth
	}
	return sameURL(a.URL, s.URL)
}

func sameURL(x, y string) bool {
	ux, err1 := url.Parse(x)
	uy, err2 := url.Parse(y)
	if err1 != nil || err2 != nil {
		return false
	}
	if ux.Scheme != uy.Scheme || ux.Host != uy.Host || ux.EscapedPath() != uy.EscapedPath() {
		return false
	}
	qx, qy := parsePairs(ux.RawQuery), parsePairs(uy.RawQuery)
	less := func(a, b qpair) int {
		if c := strings.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.v, b.v)
	}
	slices.SortFunc(qx, less)
	slices.SortFunc(qy, less)
	return slices.Equal(qx, qy)
}

// smithyRules makes smithy-go sign what apisig signs: host and every header apisig does not
// ignore. (Its default signs only host and x-amz-*.)
var smithyRules = headerRules(func(h string) bool { return h == "host" || !isApisigIgnored(h) })

var oracles = []oracle{
	{
		name:    oracleAWSV2,
		applies: func(*Case) bool { return true },
		sign:    func(_ *testing.T, c *Case) (Signed, error) { return signAWSV2(c, payloadInput(c)) },
		equal:   byteEqual,
	},
	{
		name:    oracleSmithy,
		applies: func(*Case) bool { return true },
		sign:    func(_ *testing.T, c *Case) (Signed, error) { return signSmithy(c, payloadInput(c), smithyRules) },
		equal:   smithyEqual,
	},
	{
		name:    oracleMinio,
		applies: (*Case).IsS3,
		sign:    func(t *testing.T, c *Case) (Signed, error) { return signMinio(t, c, payloadInput(c)) },
		equal:   byteEqual,
	},
}

// tally counts outcomes per oracle and class.
type tally struct {
	compared, agreed, fixed int
	// byClass counts the cases where the class was necessary: the disagreement persisted
	// with every other applicable class fixed but this one.
	byClass map[string]int
	// combos counts disagreements by the set of necessary classes.
	combos map[string]int
	// example is the smallest case in which the class was the only necessary one.
	example map[string]*Case
}

func newTally() *tally {
	return &tally{byClass: map[string]int{}, combos: map[string]int{}, example: map[string]*Case{}}
}

// check compares apisig with one oracle on one case. It returns a non-empty error text when
// the disagreement is not explained by a documented class, or the class fixes do not
// reproduce the SDK.
func check(t *testing.T, o oracle, c *Case, tl *tally) string {
	sdk, err := o.sign(t, c)
	if err != nil {
		return fmt.Sprintf("%s: %v", o.name, err)
	}
	mine, err := signApisig(c, false)
	if err != nil {
		return fmt.Sprintf("apisig: %v", err)
	}
	tl.compared++
	var applied []*class
	for _, cl := range classes {
		if cl.Oracle == o.name && cl.Applies(c) {
			applied = append(applied, cl)
		}
	}
	agree := o.equal(c, mine, sdk)
	if agree {
		tl.agreed++
	}
	if len(applied) == 0 {
		if agree {
			return ""
		}
		return "unexplained disagreement (no documented class applies)\n" + diagnose(t, o, c, c, nil)
	}
	// The fixes of the applicable classes must make apisig reproduce the SDK, whether or not
	// the default output happened to agree.
	if ok, msg := fixed(t, o, c, applied, -1); !ok {
		return fmt.Sprintf("classes %v applied, still different\n%s", ids(applied), msg)
	}
	if agree {
		return ""
	}
	tl.fixed++
	var needed []string
	for i, cl := range applied {
		if ok, _ := fixed(t, o, c, applied, i); !ok {
			needed = append(needed, cl.ID)
			tl.byClass[cl.ID]++
		}
	}
	key := strings.Join(needed, "+")
	if key == "" {
		key = "(any one of " + strings.Join(ids(applied), ", ") + ")"
	}
	tl.combos[key]++
	if len(needed) == 1 {
		if ex := tl.example[needed[0]]; ex == nil || len(c.String()) < len(ex.String()) {
			tl.example[needed[0]] = c
		}
	}
	return ""
}

func ids(cs []*class) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// fixed applies the fixes of the classes (all but index skip) and reports whether apisig then
// reproduces the SDK.
func fixed(t *testing.T, o oracle, c *Case, cs []*class, skip int) (bool, string) {
	ac, oc := c.clone(), c.clone()
	var knobs []knobSetting
	for i, cl := range cs {
		if i == skip {
			continue
		}
		knobs = append(knobs, cl.Knobs...)
		if cl.Apisig != nil {
			cl.Apisig(ac)
		}
		if cl.SDK != nil {
			cl.SDK(oc)
		}
	}
	sdk, err := o.sign(t, oc)
	if err != nil {
		return false, err.Error()
	}
	mine, err := signApisig(ac, false, knobs...)
	if err != nil {
		return false, err.Error()
	}
	if o.equal(c, mine, sdk) {
		return true, ""
	}
	return false, diagnose(t, o, ac, oc, knobs)
}

// diagnose explains a difference: both results, and the canonical requests of apisig and of
// aws-sdk-go-v2 (the only SDK that exposes its own, through LogSigning).
func diagnose(t *testing.T, o oracle, ac, oc *Case, knobs []knobSetting) string {
	mine, err := signApisig(ac, true, knobs...)
	if err != nil {
		return "apisig explain: " + err.Error()
	}
	sdk, _ := o.sign(t, oc)
	in := payloadInput(oc)
	in.WantCanonicalRequest = true
	ref, _ := signAWSV2(oc, in)
	var b strings.Builder
	fmt.Fprintf(&b, "apisig case:\n%s\nknobs: %s\n", ac, describeKnobs(knobs))
	if oc.String() != ac.String() {
		fmt.Fprintf(&b, "%s case:\n%s\n", o.name, oc)
	}
	fmt.Fprintf(&b, "apisig: %s\n%s: %s\n", mine.Result(ac.Presign), o.name, sdk.Result(oc.Presign))
	fmt.Fprintf(&b, "canonical request diff (-apisig +aws-sdk-go-v2 on the %s case):\n%s", o.name, cmp.Diff(mine.Canonical, ref.Canonical))
	return b.String()
}

// TestSigV4AgainstSDKs compares apisig's aws.SigV4 with aws-sdk-go-v2, smithy-go aws-http-auth
// and (S3 only) minio-go on generated requests, byte for byte. A case where apisig and an SDK
// disagree must fall in a documented class (classes_test.go, SDK-NOTES.md), and the class's
// fix (dialect knobs where apisig has them) must make apisig reproduce the SDK exactly.
func TestSigV4AgainstSDKs(t *testing.T) {
	n := *flagCases
	if testing.Short() && n > 1000 {
		n = 1000
	}
	cases := Cases(*flagSeed, n)
	tallies := map[string]*tally{}
	failures := 0
	for _, o := range oracles {
		tl := newTally()
		tallies[o.name] = tl
		for _, c := range cases {
			if !o.applies(c) {
				continue
			}
			if msg := check(t, o, c, tl); msg != "" {
				failures++
				if failures <= 10 {
					t.Errorf("%s, case %d: %s", o.name, c.ID, msg)
				}
			}
		}
	}
	if failures > 10 {
		t.Errorf("... %d failures in all", failures)
	}
	t.Logf("seed %d, %d generated requests\n%s", *flagSeed, n, report(tallies))
}

// report renders the tallies as the markdown table kept in SDK-NOTES.md.
func report(tallies map[string]*tally) string {
	var b strings.Builder
	b.WriteString("| oracle | compared | byte-equal by default | disagree (all explained and reproduced) |\n|---|---:|---:|---:|\n")
	for _, o := range oracles {
		tl := tallies[o.name]
		fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", o.name, tl.compared, tl.agreed, tl.compared-tl.agreed)
	}
	b.WriteString("\n| class | fix | necessary in | sole cause in | smallest generated example |\n|---|---|---:|---:|---|\n")
	for _, cl := range classes {
		tl := tallies[cl.Oracle]
		ex := "-"
		if c := tl.example[cl.ID]; c != nil {
			ex = fmt.Sprintf("case %d", c.ID)
		}
		fix := cl.Fix
		if len(cl.Knobs) > 0 {
			fix += " `" + describeKnobs(cl.Knobs) + "`"
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %s |\n", cl.ID, fix, tl.byClass[cl.ID], tl.combos[cl.ID], ex)
	}
	b.WriteString("\ndisagreements by set of necessary classes:\n")
	for _, o := range oracles {
		tl := tallies[o.name]
		keys := make([]string, 0, len(tl.combos))
		for k := range tl.combos {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			return tl.combos[keys[i]] > tl.combos[keys[j]] || tl.combos[keys[i]] == tl.combos[keys[j]] && keys[i] < keys[j]
		})
		for _, k := range keys {
			fmt.Fprintf(&b, "  %s %s: %d\n", o.name, k, tl.combos[k])
		}
	}
	b.WriteString("\nminimal examples:\n")
	for _, cl := range classes {
		if c := tallies[cl.Oracle].example[cl.ID]; c != nil {
			fmt.Fprintf(&b, "[%s] %s\n", cl.ID, c)
		}
	}
	return b.String()
}
