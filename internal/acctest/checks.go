package acctest

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
)

var _ knownvalue.Check = timestampNotBefore{}

// TimestampNotBefore checks that a value is an RFC 3339 timestamp at or
// after t (to the second): for times the provider takes from its own clock,
// such as the read time of per-user calls, which a test can bound but not
// know.
func TimestampNotBefore(t time.Time) knownvalue.Check {
	return timestampNotBefore{min: t.UTC().Truncate(time.Second)}
}

type timestampNotBefore struct {
	min time.Time
}

// CheckValue implements knownvalue.Check.
func (c timestampNotBefore) CheckValue(other any) error {
	s, ok := other.(string)
	if !ok {
		return fmt.Errorf("expected string value for TimestampNotBefore check, got: %T", other)
	}
	got, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return fmt.Errorf("expected an RFC 3339 timestamp, got %q", s)
	}
	if got.Before(c.min) {
		return fmt.Errorf("expected a timestamp at or after %s, got %s", c.String(), s)
	}
	return nil
}

// String implements knownvalue.Check.
func (c timestampNotBefore) String() string {
	return c.min.Format(time.RFC3339)
}
