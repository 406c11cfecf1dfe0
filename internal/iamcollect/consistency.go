package iamcollect

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// reportView indexes the credential report for merging with GAAD.
type reportView struct {
	generatedAt time.Time
	rows        map[string]*CredentialReportRow
}

// newReportView indexes rep by user name.
func newReportView(rep *CredentialReport) reportView {
	v := reportView{generatedAt: rep.GeneratedAt, rows: make(map[string]*CredentialReportRow, len(rep.Rows))}
	for i := range rep.Rows {
		v.rows[rep.Rows[i].User] = &rep.Rows[i]
	}
	return v
}

// row returns the user's report row, or nil when the report is stale for
// that user: the user is missing from it, or was created at or after the
// report's generation (so the row, if any, belongs to an older namesake).
func (v reportView) row(u types.UserDetail) *CredentialReportRow {
	if !utc(u.CreateDate).Before(v.generatedAt) {
		return nil
	}
	return v.rows[aws.ToString(u.UserName)]
}

// staleUsers returns the names of GAAD users the report cannot answer for.
func (v reportView) staleUsers(users []types.UserDetail) []string {
	var out []string
	for _, u := range users {
		if v.row(u) == nil {
			out = append(out, aws.ToString(u.UserName))
		}
	}
	return out
}
