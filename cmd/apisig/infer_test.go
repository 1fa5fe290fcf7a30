package main

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/schemes"
)

// The host names are AWS's own, from the AWS General Reference's endpoint tables (Amazon S3
// endpoints, the regional and FIPS forms, the dual-stack *.api.aws forms), the S3 User Guide
// (virtual hosting, legacy s3-<region> and s3-external-1 endpoints, access points, S3
// Express), and the documentation of the services named.
func TestInferScheme(t *testing.T) {
	tests := []struct {
		host            string
		region, service string // "" region with a service: no region in the host
		hint            string
	}{
		// S3: virtual-hosted and path style, global and regional.
		{host: "examplebucket.s3.amazonaws.com", region: "us-east-1", service: "s3"},
		{host: "s3.amazonaws.com", region: "us-east-1", service: "s3"},
		{host: "s3.us-west-2.amazonaws.com", region: "us-west-2", service: "s3"},
		{host: "amzn-s3-demo-bucket1.s3.us-west-2.amazonaws.com", region: "us-west-2", service: "s3"},
		{host: "my.dotted.bucket.s3.eu-central-1.amazonaws.com", region: "eu-central-1", service: "s3"},
		{host: "s3.s3.ap-southeast-2.amazonaws.com", region: "ap-southeast-2", service: "s3"},
		// S3: legacy dash-region endpoints and s3-external-1.
		{host: "examplebucket.s3-us-west-2.amazonaws.com", region: "us-west-2", service: "s3"},
		{host: "s3-eu-west-1.amazonaws.com", region: "eu-west-1", service: "s3"},
		{host: "s3-external-1.amazonaws.com", region: "us-east-1", service: "s3"},
		// S3: dual-stack, FIPS, website, accelerate.
		{host: "s3.dualstack.us-east-2.amazonaws.com", region: "us-east-2", service: "s3"},
		{host: "examplebucket.s3.dualstack.eu-west-1.amazonaws.com", region: "eu-west-1", service: "s3"},
		{host: "s3-fips.us-east-2.amazonaws.com", region: "us-east-2", service: "s3"},
		{host: "s3-fips.dualstack.us-east-1.amazonaws.com", region: "us-east-1", service: "s3"},
		{host: "s3-fips.us-gov-west-1.amazonaws.com", region: "us-gov-west-1", service: "s3"},
		{host: "examplebucket.s3-website-us-east-1.amazonaws.com", region: "us-east-1", service: "s3"},
		{host: "examplebucket.s3-website.eu-central-1.amazonaws.com", region: "eu-central-1", service: "s3"},
		{host: "examplebucket.s3-accelerate.amazonaws.com", service: "s3", hint: "S3 Transfer Acceleration"},
		{host: "examplebucket.s3-accelerate.dualstack.amazonaws.com", service: "s3", hint: "S3 Transfer Acceleration"},
		// S3: access points, S3 Control, Object Lambda, Outposts, Express, VPC endpoints, China.
		{host: "myaccesspoint-123456789012.s3-accesspoint.us-west-2.amazonaws.com", region: "us-west-2", service: "s3"},
		{host: "123456789012.s3-control.us-west-2.amazonaws.com", region: "us-west-2", service: "s3"},
		{host: "my-olap-123456789012.s3-object-lambda.us-west-2.amazonaws.com", region: "us-west-2", service: "s3-object-lambda"},
		{host: "myap-123456789012.op-01ac5d28a6a232904.s3-outposts.us-west-2.amazonaws.com", region: "us-west-2", service: "s3-outposts"},
		{host: "bucket-base-name--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com", region: "us-west-2", service: "s3express"},
		{host: "s3express-control.us-west-2.amazonaws.com", region: "us-west-2", service: "s3express"},
		{host: "bucket.vpce-1a2b3c4d-5e6f.s3.us-east-1.vpce.amazonaws.com", region: "us-east-1", service: "s3"},
		{host: "s3.cn-north-1.amazonaws.com.cn", region: "cn-north-1", service: "s3"},
		{host: "examplebucket.s3.cn-northwest-1.amazonaws.com.cn", region: "cn-northwest-1", service: "s3"},
		// <service>.<region>, with a prefix, FIPS, dual-stack (*.api.aws), VPC endpoints.
		{host: "dynamodb.us-east-1.amazonaws.com", region: "us-east-1", service: "dynamodb"},
		{host: "streams.dynamodb.us-east-1.amazonaws.com", region: "us-east-1", service: "dynamodb"},
		{host: "dynamodb-fips.us-gov-west-1.amazonaws.com", region: "us-gov-west-1", service: "dynamodb"},
		{host: "abc123defg.execute-api.eu-west-2.amazonaws.com", region: "eu-west-2", service: "execute-api"},
		{host: "vpce-0123456789abcdef-abcdefgh.execute-api.us-east-1.vpce.amazonaws.com", region: "us-east-1", service: "execute-api"},
		{host: "logs.ap-southeast-2.amazonaws.com", region: "ap-southeast-2", service: "logs"},
		{host: "monitoring.us-east-1.amazonaws.com", region: "us-east-1", service: "monitoring"},
		{host: "lambda.il-central-1.amazonaws.com", region: "il-central-1", service: "lambda"},
		{host: "runtime.sagemaker.us-east-1.amazonaws.com", region: "us-east-1", service: "sagemaker"},
		{host: "ec2.us-east-1.api.aws", region: "us-east-1", service: "ec2"},
		{host: "cloudcontrolapi-fips.us-east-2.api.aws", region: "us-east-2", service: "cloudcontrolapi"},
		{host: "sts.eu-west-1.amazonaws.com", region: "eu-west-1", service: "sts"},
		{host: "sqs.us-west-2.amazonaws.com", region: "us-west-2", service: "sqs"},
		// Global services: signed for us-east-1 (us-gov-west-1 in GovCloud).
		{host: "iam.amazonaws.com", region: "us-east-1", service: "iam"},
		{host: "sts.amazonaws.com", region: "us-east-1", service: "sts"},
		{host: "route53.amazonaws.com", region: "us-east-1", service: "route53"},
		{host: "cloudfront.amazonaws.com", region: "us-east-1", service: "cloudfront"},
		{host: "iam.us-gov.amazonaws.com", region: "us-gov-west-1", service: "iam"},
		{host: "iam.cn-north-1.amazonaws.com.cn", region: "cn-north-1", service: "iam"},
		// The region after its prefix: OpenSearch domains and Serverless collections, legacy SQS.
		{host: "search-my-domain-abcdefgh123.us-east-1.es.amazonaws.com", region: "us-east-1", service: "es"},
		{host: "1a2b3c4d5e6f.us-east-1.aoss.amazonaws.com", region: "us-east-1", service: "aoss"},
		{host: "queue.amazonaws.com", region: "us-east-1", service: "sqs"},
		{host: "us-west-2.queue.amazonaws.com", region: "us-west-2", service: "sqs"},
		// Signing names that differ from the endpoint prefix.
		{host: "email.us-east-1.amazonaws.com", region: "us-east-1", service: "ses"},
		{host: "bedrock-runtime.us-west-2.amazonaws.com", region: "us-west-2", service: "bedrock"},
		{host: "bedrock-agent-runtime.us-west-2.amazonaws.com", region: "us-west-2", service: "bedrock"},
		{host: "a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com", region: "us-east-1", service: "iotdata"},
		{host: "data-ats.iot.eu-west-1.amazonaws.com", region: "eu-west-1", service: "iotdata"},
		{host: "abcdefghijklmnopqrstuvwxyz.appsync-api.us-east-1.amazonaws.com", region: "us-east-1", service: "appsync"},
		{host: "aps-workspaces.us-east-1.amazonaws.com", region: "us-east-1", service: "aps"},
		// Lambda function URLs.
		{host: "abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws", region: "us-east-1", service: "lambda"},
		// Ports, case and a trailing dot do not matter.
		{host: "ExampleBucket.S3.US-WEST-2.AmazonAWS.com.:443", region: "us-west-2", service: "s3"},
		{host: "dynamodb.us-east-1.amazonaws.com:443", region: "us-east-1", service: "dynamodb"},
		// Not AWS, or not enough of it.
		{host: "example.com"},
		{host: "localhost:9000"},
		{host: "127.0.0.1"},
		{host: "[::1]:8080"},
		{host: "amazonaws.com"},
		{host: "notamazonaws.com"},
		{host: "amazonaws.com.evil.example"},
		{host: "something.on.aws"},
		{host: "us-west-2.amazonaws.com", region: "us-west-2", hint: "names no service"},
	}
	for _, tt := range tests {
		got := inferScheme(tt.host)
		want := inference{}
		if tt.region != "" || tt.service != "" {
			want = inference{Scheme: "aws-sigv4", Params: map[string]string{}}
			if tt.region != "" {
				want.Params["region"] = tt.region
			}
			if tt.service != "" {
				want.Params["service"] = tt.service
			}
		}
		hint := got.Hint
		got.Hint = ""
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("inferScheme(%q) (-want +got):\n%s", tt.host, diff)
		}
		if !strings.Contains(hint, tt.hint) || (tt.hint == "" && hint != "") {
			t.Errorf("inferScheme(%q).Hint = %q; want it to contain %q", tt.host, hint, tt.hint)
		}
	}
}

func TestChooseScheme(t *testing.T) {
	reg := schemes.Registry()
	tests := []struct {
		name, id, host string
		flags          map[string]string
		want           map[string]string
		err            string
	}{
		{name: "inferred", host: "dynamodb.eu-west-1.amazonaws.com", want: map[string]string{"region": "eu-west-1", "service": "dynamodb"}},
		{name: "flags override the host", host: "dynamodb.eu-west-1.amazonaws.com", flags: map[string]string{"region": "us-east-1"},
			want: map[string]string{"region": "us-east-1", "service": "dynamodb"}},
		{name: "--scheme for any host", id: "aws-sigv4", host: "localhost:9000", flags: map[string]string{"region": "us-east-1", "service": "s3"},
			want: map[string]string{"region": "us-east-1", "service": "s3"}},
		{name: "nothing to go on", host: "api.example.com", err: `cannot tell the signature scheme from host "api.example.com"`},
		{name: "unknown scheme", id: "nope", host: "s3.amazonaws.com", err: `scheme "nope": is not known; known schemes: aws-sigv4`},
	}
	for _, tt := range tests {
		got, err := chooseScheme(reg, tt.id, tt.host, nil, tt.flags)
		if tt.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
				t.Errorf("%s: chooseScheme = %v; want error %q", tt.name, err, tt.err)
			}
			if !errors.Is(err, apisig.ErrInvalidInput) && !errors.As(err, new(usageError)) {
				t.Errorf("%s: chooseScheme error %v is not a usage error", tt.name, err)
			}
			continue
		}
		if err != nil || got.scheme.ID != "aws-sigv4" {
			t.Errorf("%s: chooseScheme = %v, %v; want aws-sigv4", tt.name, got.scheme.ID, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got.params); diff != "" {
			t.Errorf("%s: chooseScheme params (-want +got):\n%s", tt.name, diff)
		}
	}
}

// The host names of Alibaba Cloud (OSS's regions and endpoints page, the OpenAPI endpoint
// lists) and Tencent Cloud (API 3.0's "Request Structure" domain names, COS's "Regions and
// Access Endpoints"), with the query that tells an RPC-style call.
func TestInferChinaClouds(t *testing.T) {
	tests := []struct {
		url    string
		scheme string
		params map[string]string
		hint   string
	}{
		{url: "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/obj", scheme: "aliyun-oss-v4", params: map[string]string{"region": "cn-hangzhou"}},
		{url: "https://oss-cn-shanghai-internal.aliyuncs.com/", scheme: "aliyun-oss-v4", params: map[string]string{"region": "cn-shanghai"}},
		{url: "https://examplebucket.oss-accelerate.aliyuncs.com/obj", scheme: "aliyun-oss-v4", params: map[string]string{}, hint: "no region"},
		{url: "https://ecs.aliyuncs.com/?Action=DescribeRegions&Version=2014-05-26", scheme: "aliyun-rpc-v1", params: map[string]string{}},
		{url: "https://ecs.cn-hangzhou.aliyuncs.com/", scheme: "aliyun-acs3", params: map[string]string{}},
		{url: "https://opensearch-cn-hangzhou.aliyuncs.com/v3/openapi/apps", scheme: "aliyun-opensearch-v3", params: map[string]string{}},
		{url: "https://cvm.tencentcloudapi.com/", scheme: "tencent-tc3", params: map[string]string{"service": "cvm"}},
		{url: "https://cvm.ap-guangzhou.tencentcloudapi.com/", scheme: "tencent-tc3", params: map[string]string{"service": "cvm", "region": "ap-guangzhou"}},
		{url: "https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/exampleobject", scheme: "tencent-cos", params: map[string]string{}},
		{url: "https://www.myqcloud.com/", scheme: ""},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		got := refineByQuery(inferScheme(u.Host), u.Query())
		if got.Scheme != tt.scheme || (tt.scheme != "" && !cmp.Equal(got.Params, tt.params)) {
			t.Errorf("infer(%s) = %s %v; want %s %v", tt.url, got.Scheme, got.Params, tt.scheme, tt.params)
		}
		if !strings.Contains(got.Hint, tt.hint) || (tt.hint == "" && got.Hint != "") {
			t.Errorf("infer(%s).Hint = %q; want it to contain %q", tt.url, got.Hint, tt.hint)
		}
	}
}
