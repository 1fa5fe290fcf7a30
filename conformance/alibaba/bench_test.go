package alibabaconf

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"net/http"
	"strings"
	"testing"

	openapiutil "github.com/alibabacloud-go/openapi-util/service"
	"github.com/alibabacloud-go/tea/tea"
	sdkauth "github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	sdkcreds "github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
)

// The benchmark requests: an ECS DescribeInstances GET (RPC), the V3 RunInstances example, an
// ROA POST with a small JSON body. Each side signs the same request; the openapi-util rows
// compute only the signature from ready-made maps, which flatters them.

var benchCreds = apisig.Credentials{AccessKeyID: akid, Secret: apisig.NewSecret(secret)}

var rpcParams = [][2]string{{"Action", "DescribeInstances"}, {"Version", "2014-05-26"}, {"RegionId", "cn-hangzhou"}, {"PageSize", "50"},
	{"PageNumber", "1"}, {"InstanceName", "web server*"}, {"Tag.1.Key", "env"}, {"Tag.1.Value", "prod~1"}, {"Format", "JSON"}}

func fixed(n string) apisig.NonceSource {
	return apisig.NonceFunc(func() (string, error) { return n, nil })
}

// op is one side of a comparison: setup returns the operation, which reports its error.
type op struct {
	family, name string
	setup        func() func() error
}

// ops are the operations compared, in the order of BENCHMARKS.md.
var ops = []op{
	{"RPC", "apisig", func() func() error {
		s := &alibaba.RPC{Clock: apisig.FixedClock(signedAt), Nonce: fixed("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf")}
		req, _ := http.NewRequest("GET", "https://ecs.aliyuncs.com/?"+encodeForm(rpcParams), nil)
		return func() error {
			if err := s.Sign(context.Background(), req, benchCreds); err != nil {
				return err
			}
			return nil
		}
	}},
	{"RPC", "openapi-util", func() func() error {
		params := map[string]*string{}
		for _, p := range rpcParams {
			params[p[0]] = tea.String(p[1])
		}
		for k, v := range map[string]string{"AccessKeyId": akid, "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
			"SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "Timestamp": "2026-11-23T09:30:00Z"} {
			params[k] = tea.String(v)
		}
		return func() error {
			openapiutil.GetRPCSignature(params, tea.String("GET"), tea.String(secret))
			return nil
		}
	}},
	{"RPC", "alibaba-cloud-sdk-go", func() func() error {
		r := requests.NewCommonRequest()
		r.Method, r.Domain, r.Version, r.ApiName = "GET", "ecs.aliyuncs.com", "2014-05-26", "DescribeInstances"
		for _, p := range rpcParams {
			r.QueryParams[p[0]] = p[1]
		}
		r.TransToAcsRequest()
		provider := sdkcreds.NewStaticAKCredentialsProvider(akid, secret)
		return func() error {
			if err := sdkauth.Sign(r.Ontology, nil, "cn-hangzhou", provider); err != nil {
				return err
			}
			return nil
		}
	}},
	{"RPC", "floor-hmac-sha1", func() func() error {
		s := &alibaba.RPC{Clock: apisig.FixedClock(signedAt), Nonce: fixed("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf")}
		req, _ := http.NewRequest("GET", "https://ecs.aliyuncs.com/?"+encodeForm(rpcParams), nil)
		tr, _ := s.Explain(context.Background(), req, benchCreds)
		sts, _ := tr.Find(apisig.StepStringToSign)
		m := hmac.New(sha1.New, []byte(secret+"&"))
		var sum [sha1.Size]byte
		return func() error {
			m.Reset()
			m.Write([]byte(sts))
			m.Sum(sum[:0])
			return nil
		}
	}},
	{"ACS3", "apisig", func() func() error {
		s := &alibaba.ACS3{Clock: apisig.FixedClock(signedAt), Nonce: fixed("3156853299f313e23d1673dc12e1703d")}
		req := acs3BenchRequest()
		return func() error {
			if err := s.Sign(context.Background(), req, benchCreds); err != nil {
				return err
			}
			return nil
		}
	}},
	{"ACS3", "openapi-util", func() func() error {
		tr := &tea.Request{Method: tea.String("POST"), Pathname: tea.String("/"),
			Query: map[string]*string{"ImageId": tea.String("win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"), "RegionId": tea.String("cn-shanghai")},
			Headers: map[string]*string{"host": tea.String("ecs.cn-shanghai.aliyuncs.com"), "x-acs-action": tea.String("RunInstances"),
				"x-acs-version": tea.String("2014-05-26"), "x-acs-date": tea.String("2026-11-23T09:30:00Z"),
				"x-acs-signature-nonce": tea.String("3156853299f313e23d1673dc12e1703d"), "x-acs-content-sha256": tea.String(alibaba.EmptyPayloadHash)}}
		return func() error {
			openapiutil.GetAuthorization(tr, tea.String(alibaba.ACS3Algorithm), tea.String(alibaba.EmptyPayloadHash), tea.String(akid), tea.String(secret))
			return nil
		}
	}},
	{"ROA", "apisig", func() func() error {
		s := &alibaba.ROA{Clock: apisig.FixedClock(signedAt), Nonce: fixed("3156853299f313e23d1673dc12e1703d")}
		req, _ := http.NewRequest("POST", "https://cs.aliyuncs.com/clusters?force=true", strings.NewReader(roaBody))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		return func() error {
			if err := s.Sign(context.Background(), req, benchCreds); err != nil {
				return err
			}
			return nil
		}
	}},
	{"ROA", "openapi-util", func() func() error {
		tr := &tea.Request{Method: tea.String("POST"), Pathname: tea.String("/clusters"), Query: map[string]*string{"force": tea.String("true")},
			Headers: map[string]*string{"accept": tea.String("application/json"), "content-type": tea.String("application/json"),
				"content-md5": tea.String("dGVzdA=="), "date": tea.String("Mon, 23 Nov 2026 09:30:00 GMT"),
				"x-acs-signature-method": tea.String("HMAC-SHA1"), "x-acs-signature-version": tea.String("1.0"),
				"x-acs-signature-nonce": tea.String("3156853299f313e23d1673dc12e1703d")}}
		return func() error {
			openapiutil.GetROASignature(openapiutil.GetStringToSign(tr), tea.String(secret))
			return nil
		}
	}},
	{"ROA", "alibaba-cloud-sdk-go", func() func() error {
		r := requests.NewCommonRequest()
		r.Method, r.Domain, r.Version, r.PathPattern = "POST", "cs.aliyuncs.com", "2015-12-15", "/clusters"
		r.QueryParams["force"] = "true"
		r.Content = []byte(roaBody)
		r.Headers["Content-Type"] = "application/json"
		r.TransToAcsRequest()
		provider := sdkcreds.NewStaticAKCredentialsProvider(akid, secret)
		return func() error {
			if err := sdkauth.Sign(r.Ontology, nil, "cn-hangzhou", provider); err != nil {
				return err
			}
			return nil
		}
	}},
}

func runOps(b *testing.B, family string) {
	for _, o := range ops {
		if o.family != family {
			continue
		}
		b.Run(o.name, func(b *testing.B) {
			f := o.setup()
			b.ReportAllocs()
			for b.Loop() {
				if err := f(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRPC(b *testing.B)  { runOps(b, "RPC") }
func BenchmarkACS3(b *testing.B) { runOps(b, "ACS3") }
func BenchmarkROA(b *testing.B)  { runOps(b, "ROA") }

func acs3BenchRequest() *http.Request {
	req, _ := http.NewRequest("POST", "https://ecs.cn-shanghai.aliyuncs.com/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai", nil)
	req.Header["x-acs-action"] = []string{"RunInstances"}
	req.Header["x-acs-version"] = []string{"2014-05-26"}
	return req
}

const roaBody = `{"name":"my cluster","size":3}`
