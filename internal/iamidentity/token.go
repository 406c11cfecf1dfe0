package iamidentity

import (
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// CreateTokenTagKey is the reserved tag a create puts on the user, role or
// policy it makes, with a value unique to the request: after a create whose
// answer was lost, an entity under the name is adopted only when it carries
// the request's value. The tag is removed once the create is confirmed and
// never shows in a resource's tags.
const CreateTokenTagKey = "iamaudit:create-token"

// MaxTags is how many tags of their own users and roles can have: IAM's
// limit of 50 less the create token.
const MaxTags = 49

// withToken returns tags (sorted by key) and the create token tag.
func withToken(tags map[string]string, token string) []iamtypes.Tag {
	out := iamTags(tags)
	return append(out, iamtypes.Tag{Key: aws.String(CreateTokenTagKey), Value: aws.String(token)})
}

// iamTags converts tags to IAM tags, sorted by key.
func iamTags(tags map[string]string) []iamtypes.Tag {
	out := make([]iamtypes.Tag, 0, len(tags)+1)
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, iamtypes.Tag{Key: aws.String(k), Value: aws.String(tags[k])})
	}
	return out
}

// tokenOf is the value of the create token tag among tags, or "".
func tokenOf(tags []iamtypes.Tag) string {
	for _, t := range tags {
		if aws.ToString(t.Key) == CreateTokenTagKey {
			return aws.ToString(t.Value)
		}
	}
	return ""
}

// ownTags maps IAM tags to the resource's tags: the create token is not one.
func ownTags(tags []iamtypes.Tag) map[string]string {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		if k := aws.ToString(t.Key); k != CreateTokenTagKey {
			out[k] = aws.ToString(t.Value)
		}
	}
	return out
}
