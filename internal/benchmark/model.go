package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The AWS paging call model.
//
// moto answers every IAM list call (GetAccountAuthorizationDetails,
// ListUsers, ListAccessKeys, ...) with all items in one page, whatever
// MaxItems says, so the calls counted against moto understate what AWS
// needs for large accounts. The benchmark counts the items of every list
// response on the way back from moto and models the calls AWS would have
// needed for the same request: ceil(items / page size), at least one, with
// the page size the request asked for (MaxItems) or IAM's default of 100.
// GetAccountAuthorizationDetails pages count users, groups, roles and
// policies together against one MaxItems.

// DefaultPageSize is the page size IAM list calls use without MaxItems.
const DefaultPageSize = 100

// MaxPageSize is the largest MaxItems IAM accepts.
const MaxPageSize = 1000

// PageSize returns the page size AWS uses for a request that sent maxItems
// (0 when absent): IAM's default of 100 when absent or invalid, at most 1000.
func PageSize(maxItems int) int {
	switch {
	case maxItems <= 0:
		return DefaultPageSize
	case maxItems > MaxPageSize:
		return MaxPageSize
	default:
		return maxItems
	}
}

// AWSPages returns how many calls AWS needs to return items in pages of
// pageSize: ceil(items / pageSize), and one for an empty list.
func AWSPages(items, pageSize int) int {
	if pageSize <= 0 {
		pageSize = DefaultPageSize
	}
	if items <= pageSize {
		return 1
	}
	return (items + pageSize - 1) / pageSize
}

// ModelledCalls returns the calls AWS would need for one response that
// carried items list entries for a request with page size pageSize. A
// truncated response was already paged by the server, so it stays one call.
func ModelledCalls(items, pageSize int, truncated bool) int {
	if truncated {
		return 1
	}
	return AWSPages(items, pageSize)
}

// IsPaginated reports whether an IAM action (without the "iam:" prefix) is
// paginated with Marker and MaxItems: every List* action, GetGroup and
// GetAccountAuthorizationDetails.
func IsPaginated(action string) bool {
	return strings.HasPrefix(action, "List") || action == "GetAccountAuthorizationDetails" || action == "GetGroup"
}

// ListItems counts the entries of the top-level lists of an AWS query
// protocol response (<XResponse><XResult><List><member>), summed over
// lists, and reads IsTruncated. Nested lists (a user's GroupList inside
// GetAccountAuthorizationDetails' UserDetailList) are not counted.
func ListItems(body []byte) (items int, truncated bool, err error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	depth := 0
	inTruncated := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return items, truncated, nil
		}
		if err != nil {
			return 0, false, fmt.Errorf("parsing response XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 4 && t.Name.Local == "member" {
				items++
			}
			inTruncated = depth == 3 && t.Name.Local == "IsTruncated"
		case xml.EndElement:
			depth--
			inTruncated = false
		case xml.CharData:
			if inTruncated && strings.TrimSpace(string(t)) == "true" {
				truncated = true
			}
		}
	}
}

// PageStats are the list responses of one action seen by the tap.
type PageStats struct {
	// Responses is the number of responses the server returned.
	Responses int
	// Modelled is the number of calls AWS would need for them.
	Modelled int
}

// ModelCounts returns the per-action call counts AWS would need, given the
// counts observed at the proxy and the tap's page statistics: each observed
// response of a paginated action is replaced by its modelled calls; every
// other call counts as itself.
func ModelCounts(observed map[string]int, pages map[string]PageStats) map[string]int {
	out := make(map[string]int, len(observed))
	for action, n := range observed {
		out[action] = n
		if st, ok := pages[action]; ok && st.Responses <= n {
			out[action] = n - st.Responses + st.Modelled
		}
	}
	return out
}

// Sum returns the total of counts, only over actions with the given
// service prefix ("iam:") when prefix is not empty.
func Sum(counts map[string]int, prefix string) int {
	total := 0
	for action, n := range counts {
		if strings.HasPrefix(action, prefix) {
			total += n
		}
	}
	return total
}
