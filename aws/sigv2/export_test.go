package sigv2

// SubResourceLists exposes the sub-resource lists to the tests.
var SubResourceLists = [][]string{subResources, minioSubResources}
