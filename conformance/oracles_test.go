package conformance

// The official SDKs the family subpackages (alibaba/, tencent/, oauth1/, ...) drive as oracles.
// Importing them here keeps `go mod tidy` stable while those packages are written in parallel.
import (
	_ "github.com/alibabacloud-go/openapi-util/service"
	_ "github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	_ "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/signer"
	_ "github.com/aliyun/aliyun-oss-go-sdk/oss"
	_ "github.com/dghubble/oauth1"
	_ "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	_ "github.com/tencentyun/cos-go-sdk-v5"
)
