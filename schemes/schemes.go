// Package schemes builds the registry of every signature scheme apisig ships. The CLI and the
// servers use it; a program that needs only some schemes builds its own [apisig.Registry].
package schemes

import (
	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
	"github.com/apisig/apisig/alibaba/oss"
	"github.com/apisig/apisig/aws"
)

// Registry returns a new registry of every scheme, in a stable order.
func Registry() *apisig.Registry {
	return apisig.NewRegistry(
		aws.Scheme(),
		oss.SchemeV1(),
		oss.SchemeV4(),
		alibaba.RPCScheme(),
		alibaba.ACS3Scheme(),
	)
}
