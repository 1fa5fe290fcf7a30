package main

import (
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
	"github.com/apisig/apisig/alibaba/oss"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/tencent"
	"github.com/apisig/apisig/tencent/cos"
)

// inference is what a host name says about how to sign requests to it.
type inference struct {
	// Scheme is the registry id of the scheme, "" when the host says nothing.
	Scheme string
	// Params holds the scheme parameters the host name carries (region, service).
	Params map[string]string
	// Hint says why a parameter could not be read from the host, for the error a
	// person sees when it turns out to be required.
	Hint string
}

// hostRule maps host names under a domain to a scheme and its parameters. A new scheme
// family (Alibaba Cloud's *.aliyuncs.com, Tencent Cloud's *.tencentcloudapi.com, ...) adds a
// row here when it joins the registry.
type hostRule struct {
	suffix string
	infer  func(labels []string) inference
}

var hostRules = []hostRule{
	{".amazonaws.com", inferAWS},
	{".amazonaws.com.cn", inferAWS}, // the China partition
	{".api.aws", inferAWS},          // the newer dual-stack endpoints: ec2.us-east-1.api.aws
	{".on.aws", inferOnAWS},         // Lambda function URLs
	{".aliyuncs.com", inferAliyun},
	{".tencentcloudapi.com", inferTencent},
	{".myqcloud.com", inferCOS},
}

// inferScheme reads the scheme and its parameters from a host name (a port is ignored).
func inferScheme(host string) inference {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	best := -1
	for i, r := range hostRules {
		if strings.HasSuffix(host, r.suffix) && (best < 0 || len(r.suffix) > len(hostRules[best].suffix)) {
			best = i
		}
	}
	if best < 0 {
		return inference{}
	}
	rest := strings.TrimSuffix(host, hostRules[best].suffix)
	if rest == "" {
		return inference{}
	}
	return hostRules[best].infer(strings.Split(rest, "."))
}

// regionLabel matches AWS region names: us-east-1, eu-central-2, us-gov-west-1, cn-north-1,
// us-isob-east-1, ap-southeast-5.
var regionLabel = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$`)

// awsSigningNames maps the endpoint prefixes whose SigV4 signing name differs from the
// prefix to the signing name (from the services' API models: signingName).
var awsSigningNames = map[string]string{
	"email":                 "ses",     // email.us-east-1.amazonaws.com: Amazon SES
	"queue":                 "sqs",     // queue.amazonaws.com, us-west-2.queue.amazonaws.com: legacy SQS
	"bedrock-runtime":       "bedrock", // Amazon Bedrock's runtime and agent endpoints
	"bedrock-agent":         "bedrock",
	"bedrock-agent-runtime": "bedrock",
	"appsync-api":           "appsync", // <id>.appsync-api.<region>.amazonaws.com: AppSync GraphQL with IAM
	"aps-workspaces":        "aps",     // Amazon Managed Service for Prometheus
}

// inferAWS reads a SigV4 region and service from the labels of a host name under
// amazonaws.com. The host name patterns are those of the AWS General Reference's endpoint
// tables and of S3's "Virtual hosting of buckets":
//
//	<service>.amazonaws.com                        a global service: signed for us-east-1
//	<service>.<region>.amazonaws.com               the regional form
//	<id>.execute-api.<region>.amazonaws.com        a prefix before the service
//	<service>-fips.<region>.amazonaws.com          FIPS endpoints
//	<domain>.<region>.es.amazonaws.com             service after the region (OpenSearch, legacy SQS)
//	vpce-<id>.<service>.<region>.vpce.amazonaws.com  interface VPC endpoints
//	S3: s3[.dualstack|-fips].<region>, s3-<region> (legacy), s3-external-1, s3-accelerate,
//	    s3-accesspoint, s3-control, s3-object-lambda, s3-outposts, s3express-<zone>, each with
//	    or without a bucket or access point in front
func inferAWS(labels []string) inference {
	if n := len(labels); n > 1 && labels[n-1] == "vpce" {
		labels = labels[:n-1]
	}
	if inf, ok := inferS3(labels); ok {
		return inf
	}
	at := -1
	for i := len(labels) - 1; i >= 0; i-- {
		if regionLabel.MatchString(labels[i]) {
			at = i
			break
		}
	}
	var service, region string
	switch {
	case at >= 0 && at+1 < len(labels):
		region, service = labels[at], labels[at+1] // <domain>.<region>.es
	case at > 0:
		region, service = labels[at], labels[at-1]
	case at == 0:
		return inference{Scheme: aws.SchemeID, Params: map[string]string{"region": labels[0]},
			Hint: "the host name names no service: pass --service"}
	default:
		service, region = labels[len(labels)-1], "us-east-1"
		if len(labels) > 1 && labels[len(labels)-1] == "us-gov" { // iam.us-gov.amazonaws.com
			service, region = labels[len(labels)-2], "us-gov-west-1"
		}
	}
	service = strings.TrimSuffix(service, "-fips")
	if service == "dualstack" && at > 1 {
		service = labels[at-2]
	}
	if at > 1 && service == "iot" && (labels[at-2] == "data" || strings.HasSuffix(labels[at-2], "-ats")) {
		service = "iotdata" // data.iot.<region>, <prefix>-ats.iot.<region>: the IoT data plane
	}
	if name, ok := awsSigningNames[service]; ok {
		service = name
	}
	return inference{Scheme: aws.SchemeID, Params: map[string]string{"region": region, "service": service}}
}

// inferS3 handles S3's host names, whose region may be a label of its own, part of the
// "s3-" label, or absent.
func inferS3(labels []string) (inference, bool) {
	for i := len(labels) - 1; i >= 0; i-- { // from the right: a bucket name may look like "s3"
		l := labels[i]
		service, region, ok := s3Label(l)
		if !ok {
			continue
		}
		if region == "" {
			for _, next := range labels[i+1:] {
				if regionLabel.MatchString(next) {
					region = next
				}
			}
		}
		inf := inference{Scheme: aws.SchemeID, Params: map[string]string{"service": service, "region": region}}
		switch {
		case region != "":
		case strings.HasPrefix(l, "s3-accelerate"):
			delete(inf.Params, "region")
			inf.Hint = "S3 Transfer Acceleration host names carry no region: pass --region with the bucket's region"
		default:
			inf.Params["region"] = "us-east-1" // s3.amazonaws.com and <bucket>.s3.amazonaws.com
		}
		return inf, true
	}
	return inference{}, false
}

// s3Label recognises one S3 endpoint label and returns the signing name and any region it
// carries.
func s3Label(l string) (service, region string, ok bool) {
	switch {
	case l == "s3", l == "s3-fips", l == "s3-accelerate", l == "s3-accesspoint", l == "s3-control", l == "s3-website":
		return "s3", "", true
	case l == "s3-object-lambda", l == "s3-outposts":
		return l, "", true
	case l == "s3-external-1":
		return "s3", "us-east-1", true
	case strings.HasPrefix(l, "s3express-"): // s3express-control, s3express-usw2-az1
		return "s3express", "", true
	case strings.HasPrefix(l, "s3-website-") && regionLabel.MatchString(l[len("s3-website-"):]):
		return "s3", l[len("s3-website-"):], true
	case strings.HasPrefix(l, "s3-fips-") && regionLabel.MatchString(l[len("s3-fips-"):]):
		return "s3", l[len("s3-fips-"):], true
	case strings.HasPrefix(l, "s3-") && regionLabel.MatchString(l[len("s3-"):]): // s3-us-west-2 (legacy)
		return "s3", l[len("s3-"):], true
	}
	return "", "", false
}

// inferOnAWS handles host names under on.aws: Lambda function URLs,
// <url-id>.lambda-url.<region>.on.aws, signed for service lambda.
func inferOnAWS(labels []string) inference {
	if n := len(labels); n >= 3 && labels[n-2] == "lambda-url" && regionLabel.MatchString(labels[n-1]) {
		return inference{Scheme: aws.SchemeID, Params: map[string]string{"region": labels[n-1], "service": "lambda"}}
	}
	return inference{}
}

// inferAliyun reads host names under aliyuncs.com (Alibaba Cloud's endpoint lists):
//
//	[<bucket>.]oss-<region>[-internal].aliyuncs.com   OSS: OSS4-HMAC-SHA256 for the region
//	opensearch-<region>.aliyuncs.com                  OpenSearch: its v3 header signature
//	<product>[-vpc][.<region>].aliyuncs.com           OpenAPI: ACS3-HMAC-SHA256, the current
//	                                                  signature of every product (RPC style
//	                                                  with Action in the query: see chooseScheme)
func inferAliyun(labels []string) inference {
	last := labels[len(labels)-1]
	switch {
	case last == "oss-accelerate" || last == "oss-accelerate-overseas":
		return inference{Scheme: oss.IDV4, Params: map[string]string{}, Hint: "OSS acceleration host names carry no region: pass --region with the bucket's region"}
	case strings.HasPrefix(last, "oss-"):
		region := strings.TrimSuffix(strings.TrimPrefix(last, "oss-"), "-internal")
		return inference{Scheme: oss.IDV4, Params: map[string]string{"region": region}}
	case strings.HasPrefix(last, "opensearch-"):
		return inference{Scheme: alibaba.OpenSearchV3SchemeID, Params: map[string]string{}}
	}
	return inference{Scheme: alibaba.ACS3SchemeID, Params: map[string]string{}}
}

// inferTencent reads <service>[.<region>].tencentcloudapi.com: TC3-HMAC-SHA256 for the service
// (and X-TC-Region when the host names one).
func inferTencent(labels []string) inference {
	p := map[string]string{"service": labels[0]}
	if len(labels) > 1 {
		p["region"] = labels[1]
	}
	return inference{Scheme: tencent.TC3SchemeID, Params: p}
}

// inferCOS reads <bucket>-<appid>.cos.<region>.myqcloud.com: COS's q-sign-algorithm signature.
func inferCOS(labels []string) inference {
	for _, l := range labels {
		if l == "cos" || strings.HasPrefix(l, "cos-") || strings.HasPrefix(l, "cos.") {
			return inference{Scheme: cos.SchemeID, Params: map[string]string{}}
		}
	}
	return inference{}
}

// refineByQuery adjusts what the host said with what the query says: an Alibaba Cloud
// OpenAPI call with Action in its query is an RPC-style call, signed with the RPC signature
// that its SDKs and documentation examples use.
func refineByQuery(inf inference, q url.Values) inference {
	if inf.Scheme == alibaba.ACS3SchemeID && q.Has(alibaba.ParamAction) {
		inf.Scheme = alibaba.RPCSchemeID
	}
	return inf
}

// schemeChoice is the scheme to sign with and the configuration to build it from.
type schemeChoice struct {
	scheme apisig.Scheme
	params map[string]string
	hint   string // from inference, for an error about a missing parameter
}

// chooseScheme picks the scheme (--scheme, else inferred from host) and merges its
// parameters: those read from the host, overridden by the flags.
func chooseScheme(reg *apisig.Registry, id, host string, query url.Values, flagParams map[string]string) (schemeChoice, error) {
	inf := refineByQuery(inferScheme(host), query)
	if id == "" {
		id = inf.Scheme
	}
	if id == "" {
		return schemeChoice{}, badInput("pass --scheme; known schemes: "+strings.Join(reg.IDs(), ", "),
			"cannot tell the signature scheme from host %q", host)
	}
	s, err := reg.Lookup(id)
	if err != nil {
		return schemeChoice{}, err
	}
	params := map[string]string{}
	if inf.Scheme == id {
		for k, v := range inf.Params {
			params[k] = v
		}
	}
	for k, v := range flagParams {
		params[k] = v
	}
	return schemeChoice{scheme: s, params: params, hint: inf.Hint}, nil
}
