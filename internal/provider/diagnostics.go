package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awsclient"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// accessAdvice says, for a denied action, what to grant and why.
type accessAdvice func(action string) string

// readerAccess is the advice of data sources: the reader policy grants
// what they call.
func readerAccess(action string) string {
	return fmt.Sprintf("Grant %s to the provider's credentials, for example with the policy from data.iamaudit_reader_policy "+
		"(purpose \"audit\"). The audit fails closed: it does not return partial data.", action)
}

// identityAccess is the advice of a resource that manages IAM identities
// (typeName) and needs actions.
func identityAccess(typeName string, actions []string) accessAdvice {
	return func(action string) string {
		return fmt.Sprintf("%s creates, reads and changes IAM users, groups, roles and policies, so the provider's credentials "+
			"need IAM administration permissions such as %s, which the reader policies (data.iamaudit_reader_policy) "+
			"deliberately do not grant. It needs exactly: %s.", typeName, action, strings.Join(actions, ", "))
	}
}

// addAWSError turns an error from AWS into a diagnostic that names the
// action that failed and, for AccessDenied, what to grant (advice; the
// reader policy by default, for data sources). The SDK's error text never
// contains request bodies; Redact is a last line of defence.
func addAWSError(diags *diag.Diagnostics, summary string, err error, advice ...accessAdvice) {
	if errors.Is(err, iamcollect.ErrReportTimeout) {
		diags.AddError(summary, fmt.Sprintf(
			"The IAM %s: AWS still reported it in progress (iam:GenerateCredentialReport, iam:GetCredentialReport). "+
				"The audit fails closed: it does not return data without the report. Try again later, or allow "+
				"more time with the provider argument credential_report_timeout.", err.Error()))
		return
	}
	action := awserr.Action(err)
	if awserr.IsAccessDenied(err) {
		grant := readerAccess
		if len(advice) > 0 {
			grant = advice[0]
		}
		diags.AddError(summary, fmt.Sprintf("%s was denied: %s\n\n%s", action, awserr.Message(err), grant(action)))
		return
	}
	diags.AddError(summary, fmt.Sprintf("%s failed: %s", action, awsclient.Redact(awserr.WithoutAction(err).Error())))
}
