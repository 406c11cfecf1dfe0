package iamcollect

import (
	"errors"
	"fmt"
	"time"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// ErrReportTimeout is matched (errors.Is) by the error returned when the
// credential report is not generated within Options.ReportTimeout.
var ErrReportTimeout = errors.New("credential report generation timed out")

// reportTimeoutError says how long the engine waited for the credential report.
type reportTimeoutError struct {
	timeout time.Duration
}

func (e reportTimeoutError) Error() string {
	return fmt.Sprintf("credential report was not generated within %s", e.timeout)
}

func (e reportTimeoutError) Is(target error) bool {
	return target == ErrReportTimeout
}

// wrapErr names the IAM operation op ("ListUsers") that err came from, so
// diagnostics can name the action; nil stays nil.
func wrapErr(op string, err error) error {
	return awserr.WithAction("iam:"+op, err)
}
