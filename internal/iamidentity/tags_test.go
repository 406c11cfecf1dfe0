package iamidentity

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestTagChanges(t *testing.T) {
	t.Parallel()
	set, remove := tagChanges(map[string]string{"a": "1", "b": "2", "c": "3"}, map[string]string{"a": "1", "b": "20", "d": "4"})
	var setKeys []string
	for _, tag := range set {
		setKeys = append(setKeys, *tag.Key+"="+*tag.Value)
	}
	if !slices.Equal(setKeys, []string{"b=20", "d=4"}) || !slices.Equal(remove, []string{"c"}) {
		t.Fatalf("tagChanges() = %v, %v; want [b=20 d=4], [c]", setKeys, remove)
	}
	if set, remove := tagChanges(nil, nil); len(set) != 0 || len(remove) != 0 {
		t.Fatalf("tagChanges(nil, nil) = %v, %v", set, remove)
	}
}

func TestCreateToken(t *testing.T) {
	t.Parallel()
	tags := withToken(map[string]string{"b": "2", "a": "1"}, "tok")
	var got []string
	for _, tag := range tags {
		got = append(got, aws.ToString(tag.Key)+"="+aws.ToString(tag.Value))
	}
	if want := []string{"a=1", "b=2", CreateTokenTagKey + "=tok"}; !slices.Equal(got, want) {
		t.Fatalf("withToken() = %v, want %v", got, want)
	}
	if tokenOf(tags) != "tok" || tokenOf(tags[:2]) != "" {
		t.Error("tokenOf does not find exactly the token")
	}
	if own := ownTags(tags); len(own) != 2 || own["a"] != "1" {
		t.Errorf("ownTags() = %v: the token is not a tag of the resource", own)
	}
	if a, b := randomToken(), randomToken(); a == b || len(a) != 32 {
		t.Errorf("tokens %q and %q: want 128 random bits in hex, unique", a, b)
	}
}
