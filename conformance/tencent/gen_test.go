package tencent

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
)

// genFilter and genRequest are SDK request types in the shape of the generated ones (pointer
// fields with name tags, which the SDK flattens for GET and v1, and json tags for POST bodies).
type genFilter struct {
	Name   *string   `json:"Name,omitempty" name:"Name"`
	Values []*string `json:"Values,omitempty" name:"Values"`
}

type genRequest struct {
	*tchttp.BaseRequest
	InstanceName *string      `json:"InstanceName,omitempty" name:"InstanceName"`
	Limit        *int64       `json:"Limit,omitempty" name:"Limit"`
	Offset       *uint64      `json:"Offset,omitempty" name:"Offset"`
	DryRun       *bool        `json:"DryRun,omitempty" name:"DryRun"`
	Price        *float64     `json:"Price,omitempty" name:"Price"`
	InstanceIds  []*string    `json:"InstanceIds,omitempty" name:"InstanceIds"`
	Filters      []*genFilter `json:"Filters,omitempty" name:"Filters"`
	// ActionDot is "Action.1": keys sorting as Action < Action.1, but Action.1=… < Action=….
	ActionDot *string `json:"Action.1,omitempty" name:"Action.1"`
	Lower     *string `json:"lowercase,omitempty" name:"lowercase"`
}

// Case is one generated SDK call.
type Case struct {
	ID         int
	SecretID   string
	SecretKey  string
	Token      string
	Service    string
	Version    string
	Action     string
	Region     string
	Language   string
	Method     string // GET or POST
	Scheme     string // http or https
	Endpoint   string // "" for service.tencentcloudapi.com; may carry a port or a path
	Time       time.Time
	Unsigned   bool   // TC3 UnsignedPayload
	SignMethod string // v1: HmacSHA1 or HmacSHA256
	params     func() *genRequest
}

// EndpointHasPath reports an endpoint configured with a path (the SDK signs "/" for it).
func (c Case) EndpointHasPath() bool { return strings.Contains(c.Endpoint, "/") }

var (
	services  = []string{"cvm", "cbs", "vpc", "cls", "tke", "hunyuan", "ocr", "sms", "tmt", "cam"}
	regions   = []string{"", "ap-guangzhou", "ap-shanghai", "ap-beijing", "na-siliconvalley", "eu-frankfurt"}
	languages = []string{"zh-CN", "en-US", ""}
	words     = []string{"Describe", "Create", "Run", "Instances", "Zones", "Images", "Modify", "Attribute", "Get", "Set", "V2"}
	// awkward values: unicode, spaces, URL and form metacharacters, JSON escapes.
	awkward = []string{"", " ", "a b", "a+b", "a&b=c", "%", "%25", "未命名", "\u672a", "😀", "/path?x=y#z", "~*'()!", "line\nbreak", "tab\tx",
		"quote\"back\\slash", "<html>&amp;", "ä", "x=", "=", "Name", "ins-09dx96dg", "null", "true", "1e10"}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func randString(r *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func randValue(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return pick(r, awkward)
	}
	return randString(r, alnum+" -_.~+/=&%", 1+r.IntN(12))
}

// Generate returns n cases from seed; the same seed gives the same cases.
func Generate(seed uint64, n int) []Case {
	r := rand.New(rand.NewPCG(seed, seed^0x7e9c3))
	out := make([]Case, n)
	for i := range out {
		c := Case{ID: i}
		c.SecretID = "AKID" + randString(r, alnum, 32)
		c.SecretKey = randString(r, alnum+"/+=-_", 32)
		if r.IntN(4) == 0 {
			c.Token = randString(r, alnum+"/+=-_.", 20+r.IntN(60))
		}
		c.Service = pick(r, services)
		if r.IntN(10) == 0 {
			c.Service = strings.ToLower(randString(r, "abcdefghijklmnopqrstuvwxyz", 3+r.IntN(6)))
		}
		c.Version = strconv.Itoa(2015+r.IntN(12)) + "-" + pad2(1+r.IntN(12)) + "-" + pad2(1+r.IntN(28))
		c.Action = pick(r, words) + pick(r, words)
		c.Region = pick(r, regions)
		c.Language = pick(r, languages)
		c.Method = pick(r, []string{"GET", "POST"})
		c.Scheme = pick(r, []string{"https", "https", "http"})
		switch r.IntN(10) {
		case 0, 1:
			c.Endpoint = c.Service + "." + pick(r, regions[1:]) + ".tencentcloudapi.com"
		case 2:
			c.Endpoint = "api-" + strings.ToLower(randString(r, alnum, 5)) + ".internal.example:" + strconv.Itoa(1024+r.IntN(60000))
		case 3:
			c.Endpoint = "gw.example.com/" + strings.ToLower(randString(r, alnum, 4)) + "/v3"
		}
		// Times from 2000 to 2040; one in ten within a minute of a UTC midnight.
		sec := int64(946684800) + r.Int64N(40*365*86400)
		if r.IntN(10) == 0 {
			sec = sec - sec%86400 + int64(r.IntN(120)) - 60
		}
		c.Time = time.Unix(sec, 0)
		c.Unsigned = r.IntN(7) == 0
		c.SignMethod = pick(r, []string{"HmacSHA1", "HmacSHA256"})
		c.params = genParams(r)
		out[i] = c
	}
	return out
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// genParams draws a parameter set and returns a constructor of fresh requests carrying it.
func genParams(r *rand.Rand) func() *genRequest {
	ptr := func(s string) *string { return &s }
	var p genRequest
	if r.IntN(2) == 0 {
		p.InstanceName = ptr(randValue(r))
	}
	if r.IntN(2) == 0 {
		n := r.Int64N(1000) - 10
		p.Limit = &n
	}
	if r.IntN(3) == 0 {
		n := r.Uint64N(1 << 40)
		p.Offset = &n
	}
	if r.IntN(4) == 0 {
		b := r.IntN(2) == 0
		p.DryRun = &b
	}
	if r.IntN(5) == 0 {
		f := r.Float64() * 1000
		p.Price = &f
	}
	for range r.IntN(4) {
		p.InstanceIds = append(p.InstanceIds, ptr("ins-"+randString(r, alnum, 8)))
	}
	for range r.IntN(3) {
		f := &genFilter{Name: ptr(randValue(r))}
		for range r.IntN(3) {
			f.Values = append(f.Values, ptr(randValue(r)))
		}
		p.Filters = append(p.Filters, f)
	}
	if r.IntN(4) == 0 {
		p.ActionDot = ptr(randValue(r))
	}
	if r.IntN(4) == 0 {
		p.Lower = ptr(randValue(r))
	}
	// One in fifty carries a large value (up to about 180 KB of awkward text): a large JSON
	// body for a TC3 POST, a long query or form body otherwise.
	if r.IntN(50) == 0 {
		p.InstanceName = ptr(strings.Repeat("未命名 a+b~*'()!&=%", 1+r.IntN(8192)))
	}
	return func() *genRequest {
		q := p
		q.BaseRequest = &tchttp.BaseRequest{}
		return &q
	}
}
