// Package schemes builds the registry of every signature scheme apisig ships. The CLI and the
// servers use it; a program that needs only some schemes builds its own [apisig.Registry].
package schemes

import (
	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
	"github.com/apisig/apisig/alibaba/oss"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/aws/sigv2"
	"github.com/apisig/apisig/aws/sigv4a"
	"github.com/apisig/apisig/httpsig"
	"github.com/apisig/apisig/oauth1"
	"github.com/apisig/apisig/paypal"
	"github.com/apisig/apisig/signedurl"
	"github.com/apisig/apisig/tencent"
	"github.com/apisig/apisig/tencent/cos"
	"github.com/apisig/apisig/webhook"
)

// Registry returns a new registry of every scheme, in a stable order.
func Registry() *apisig.Registry {
	return apisig.NewRegistry(
		aws.Scheme(),
		aws.ChunkedScheme(),
		sigv2.Scheme(),
		sigv4a.Scheme(),
		sigv4a.ChunkedScheme(),
		oss.SchemeV1(),
		oss.SchemeV4(),
		alibaba.RPCScheme(),
		alibaba.ACS3Scheme(),
		alibaba.ROAScheme(),
		alibaba.OpenSearchV3Scheme(),
		tencent.TC3Scheme(),
		tencent.V1Scheme(),
		cos.Scheme(),
		webhook.Scheme(webhook.GitHub),
		webhook.Scheme(webhook.GitHubSHA1),
		webhook.Scheme(webhook.Stripe),
		webhook.Scheme(webhook.Slack),
		webhook.Scheme(webhook.Shopify),
		webhook.Scheme(webhook.Standard),
		httpsig.NewScheme(),
		oauth1.Scheme(),
		paypal.Scheme(),
		signedurl.Scheme(),
	)
}
