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

// row returns the report row that belongs to u, or nil when the report
// cannot answer for u:
//   - u is missing from the report;
//   - u was created at or after the report's generation, so the report
//     predates u and a row under its name belongs to an older namesake;
//   - the row's user_creation_time is not u's CreateDate to the second: the
//     row describes another user of the same name (one deleted and re-created
//     while the report was being generated, or a report whose generation
//     time does not bound its content).
func (v reportView) row(u types.UserDetail) *CredentialReportRow {
	created := utc(u.CreateDate)
	if !created.Before(v.generatedAt) {
		return nil
	}
	row := v.rows[aws.ToString(u.UserName)]
	if row == nil || !sameSecond(row.UserCreationTime, created) {
		return nil
	}
	return row
}

// sameSecond reports whether t is set and falls in the same UTC second as u
// (GAAD and the report both carry whole seconds).
func sameSecond(t *time.Time, u time.Time) bool {
	return t != nil && t.Unix() == u.Unix()
}
