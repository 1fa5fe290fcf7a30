package alibaba

import (
	"slices"
	"strings"
	"testing"

	"github.com/apisig/apisig/canon"
)

// canonQuery is the canonical query string as package canon writes it, or ok false when canon
// reports a malformed escape.
func canonQuery(raw string) (string, bool) {
	pairs, err := canon.ParseQuery(raw, true)
	if err != nil {
		return "", false
	}
	return string(canon.QueryRule{Encoding: canon.Encoding{Set: canon.Unreserved}}.Append(nil, pairs, nil)), true
}

var queryCases = []string{
	"", "&", "&&a=1&&", "a", "a=", "a=&a", "b=2&a=1&a=0&a=", "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
	"a+b=c+d", "a%20b=%2B", "%41=%7e&A=~", "k=%E4%BD%A0%E5%A5%BD&k=\xff", "x=%zz", "x=%4", "x=%", "%=1", "a=1=2&a=1",
	"*=!'()&-=_.&%5B=1&a=[", "Z=1&a=1&_=1&~=1&%7F=1", "a=b&a-b=1&a.b=2&a%3Db=3", "q=%2f%2F/&q=%252F",
}

// TestCanonicalQueryMatchesCanon checks the V3 fast path against package canon, which the
// non-default knobs use: the same output, and the same inputs refused.
func TestCanonicalQueryMatchesCanon(t *testing.T) {
	var q canonicalQuery
	for _, raw := range queryCases {
		want, wantOK := canonQuery(raw)
		got, ok := q.append([]byte("prefix"), raw)
		if ok != wantOK || ok && string(got) != "prefix"+want {
			t.Errorf("%q: got %q, %v; canon gives %q, %v", raw, got, ok, want, wantOK)
		}
		if !ok && string(got) != "prefix" {
			t.Errorf("%q: a refused query left %q in dst", raw, got)
		}
	}
}

// FuzzCanonicalQuery compares the V3 fast path with package canon on any raw query.
func FuzzCanonicalQuery(f *testing.F) {
	for _, raw := range queryCases {
		f.Add(raw)
	}
	var q canonicalQuery
	f.Fuzz(func(t *testing.T, raw string) {
		want, wantOK := canonQuery(raw)
		got, ok := q.append(nil, raw)
		if ok != wantOK || ok && string(got) != want {
			t.Fatalf("%q: got %q, %v; canon gives %q, %v", raw, got, ok, want, wantOK)
		}
	})
}

// TestOtherSpelling checks the length shortcut against strings.EqualFold, Unicode folds included.
func TestOtherSpelling(t *testing.T) {
	for _, name := range []string{"Date", "Content-Md5", "Authorization", "X-Acs-Signature-Nonce", "X-Acs-Security-Token", "X-Opensearch-Nonce"} {
		for _, k := range []string{name, strings.ToLower(name), strings.ToUpper(name), name + "x", "x", "",
			strings.ReplaceAll(name, "s", "\u017f"), strings.ReplaceAll(strings.ToLower(name), "k", "\u212a"), strings.ReplaceAll(name, "a", "\u00e1")} {
			want := k != name && strings.EqualFold(k, name)
			if got := otherSpelling(k, name, isASCII(k)); got != want {
				t.Errorf("otherSpelling(%q, %q) = %v, want %v", k, name, got, want)
			}
		}
	}
}

// TestSortByName checks the prefix insertion sort against sorting with comparePairs.
func TestSortByName(t *testing.T) {
	names := []string{"", "a", "a\x00", "a\x00\x00\x00\x00\x00\x00\x00\x00", "ab", "SignatureMethod", "SignatureNonce", "Signature", "Signatur",
		"Tag.1.Key", "Tag.1.Value", "Tag.10.Key", "\xff", "\xffa", "Z", "z", "AccessKeyId", "Action", "Timestamp", "TimeStamp"}
	var pairs []canon.Pair
	for i, n := range names {
		pairs = append(pairs, canon.Pair{Key: n, Value: string(rune('a' + i%3))}, canon.Pair{Key: n, Value: "0"})
	}
	for n := 0; n <= len(pairs); n++ {
		for rot := range 5 {
			ps := append(append([]canon.Pair(nil), pairs[rot*3%len(pairs):]...), pairs[:rot*3%len(pairs)]...)[:n]
			idx := make([]int32, n)
			for i := range idx {
				idx[i] = int32(i)
			}
			want := slices.Clone(idx)
			slices.SortStableFunc(want, func(a, b int32) int { return comparePairs(&ps[a], &ps[b]) })
			sortByName(idx, ps, nil)
			for i := range idx {
				if comparePairs(&ps[idx[i]], &ps[want[i]]) != 0 {
					t.Fatalf("n=%d rot=%d: position %d holds %+v, want %+v", n, rot, i, ps[idx[i]], ps[want[i]])
				}
			}
		}
	}
}

// TestSortHeaders checks the header sort against sorting by name, over both of its buffers.
func TestSortHeaders(t *testing.T) {
	names := []string{"x-acs-version", "host", "x-acs-date", "content-type", "x-acs-action", "x-acs-content-sha256",
		"x-acs-signature-nonce", "x-acs-", "x-acs-d", "x-acs-da", "x-acs-dat", "a", "", "x-acs-date\x00"}
	var spare []acsHeader
	var keys []nameKey
	for n := 0; n <= len(names); n++ {
		for rot := range len(names) {
			var hs []acsHeader
			for i := range n {
				hs = append(hs, acsHeader{name: names[(i+rot)%len(names)]})
			}
			var sorted []acsHeader
			sorted, spare, keys = sortHeaders(hs, spare, keys)
			if !slices.IsSortedFunc(sorted, func(a, b acsHeader) int { return strings.Compare(a.name, b.name) }) || len(sorted) != n {
				t.Fatalf("n=%d rot=%d: %v is not sorted", n, rot, sorted)
			}
		}
	}
}
