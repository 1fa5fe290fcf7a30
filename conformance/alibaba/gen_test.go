package alibabaconf

import (
	"math/rand/v2"
	"strings"
)

// gen makes deterministic random request parts from a seeded PCG.
type gen struct{ r *rand.Rand }

func newGen(seed uint64) *gen { return &gen{rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))} }

// awkward are the pieces values are built from: the characters signers disagree about.
var awkward = []string{"a", "Z", "0", "9", "-", "_", ".", "~", " ", "+", "*", "%", "/", "=", "&", "?", "#", "!", "'", "(", ")",
	",", ";", ":", "@", "$", "[", "]", "\"", "ä", "你好", "😀", "%20", "%2B", "é", "\u00a0"}

// safe are the pieces of names that every oracle handles as apisig does.
var safe = []string{"a", "b", "Z", "Q", "0", "7", "-", "_", "."}

func (g *gen) pick(set []string) string { return set[g.r.IntN(len(set))] }

func (g *gen) str(set []string, min, max int) string {
	n := min + g.r.IntN(max-min+1)
	var b strings.Builder
	for range n {
		b.WriteString(g.pick(set))
	}
	return b.String()
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// params returns n distinct parameter names (from names, or awkward ones when awkwardNames)
// with awkward values, some empty.
func (g *gen) params(n int, awkwardNames bool, reserved func(string) bool) [][2]string {
	seen := map[string]bool{}
	var out [][2]string
	for len(out) < n {
		var k string
		if awkwardNames && g.chance(0.3) {
			k = g.str(awkward, 1, 4)
		} else {
			k = g.pick([]string{"Action", "Version", "RegionId", "InstanceId", "Tag.1.Key", "Tag.1.Value", "PageSize", "Name", "Description", "Filter"}) + g.str(safe, 0, 2)
		}
		if seen[k] || reserved(k) {
			continue
		}
		seen[k] = true
		v := ""
		if !g.chance(0.1) {
			v = g.str(awkward, 1, 10)
		}
		out = append(out, [2]string{k, v})
	}
	return out
}

// path returns a decoded path of awkward segments.
func (g *gen) path() string {
	n := 1 + g.r.IntN(3)
	var b strings.Builder
	for range n {
		b.WriteByte('/')
		seg := g.str(awkward, 1, 5)
		b.WriteString(strings.NewReplacer("/", "-", "?", "q", "#", "h").Replace(seg))
	}
	return b.String()
}
