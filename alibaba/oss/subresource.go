package oss

import "strings"

// subResources are the query parameters OSS V1 signs in the canonicalized resource: the union
// of the lists in aliyun-oss-go-sdk (conn.go signKeyList) and alibabacloud-oss-go-sdk-v2
// (signer/v1.go requiredSignedParametersMap, plus the per-operation SubResource lists it
// passes). Every parameter starting with "x-oss-" is signed too.
var subResources = fieldSet(`acl uploads location cors logging website referer lifecycle
		delete append tagging objectMeta uploadId partNumber security-token position img style
		styleName replication replicationProgress replicationLocation cname bucketInfo comp qos
		live status vod startTime endTime symlink response-content-type response-content-language
		response-expires response-cache-control response-content-disposition
		response-content-encoding udf udfName udfImage udfId udfImageDesc udfApplication
		udfApplicationLog restore callback callback-var qosInfo policy stat encryption versions
		versioning versionId requestPayment sequential inventory inventoryId continuation-token
		asyncFetch worm wormId wormExtend withHashContext transferAcceleration regionList
		cloudboxes metaQuery resourceGroup rtc responseHeader`)

func fieldSet(words string) map[string]bool {
	m := make(map[string]bool)
	for _, k := range strings.Fields(words) {
		m[k] = true
	}
	return m
}

// IsSubResource reports whether OSS V1 signs the query parameter key in the canonicalized
// resource: one of OSS's sub-resources, or any parameter starting with "x-oss-".
func IsSubResource(key string) bool {
	return subResources[key] || strings.HasPrefix(key, "x-oss-")
}

func (s *V1) isSubResource(key string) bool {
	if IsSubResource(key) {
		return true
	}
	for _, k := range s.SubResources {
		if k == key {
			return true
		}
	}
	return false
}
