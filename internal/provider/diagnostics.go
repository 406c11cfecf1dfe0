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

// accessAdvice says, for a denied action, what to grant to whom (the
// provider's credentials, or the member role) and why.
type accessAdvice func(action, whom string) string

// providerCredentials is whom to grant to in the provider's own account.
const providerCredentials = "the provider's credentials"

// readerAccess is the advice of data sources: the reader policy grants
// what they call.
func readerAccess(action, whom string) string {
	return fmt.Sprintf("Grant %s to %s, for example with the policy from data.iamaudit_reader_policy "+
		"(purpose \"audit\"). The audit fails closed: it does not return partial data.", action, whom)
}

// identityAccess is the advice of a resource that manages IAM identities
// (typeName) and needs actions.
func identityAccess(typeName string, actions []string) accessAdvice {
	return func(action, whom string) string {
		return fmt.Sprintf("%s creates, reads and changes IAM users, groups, roles and policies, so %s "+
			"must be allowed IAM administration actions such as %s, which the reader policies (data.iamaudit_reader_policy) "+
			"deliberately do not grant. It needs exactly: %s.", typeName, whom, action, strings.Join(actions, ", "))
	}
}

// addAWSError turns an error from AWS into a diagnostic that names the
// action that failed and, for AccessDenied, what to grant (advice; the
// reader policy by default, for data sources). The SDK's error text never
// contains request bodies; Redact is a last line of defence.
func addAWSError(diags *diag.Diagnostics, summary string, err error, advice ...accessAdvice) {
	diags.AddError(summary, awsErrorDetail(err, providerCredentials, advice...))
}

// awsErrorDetail is the detail of addAWSError; whom is who needs a denied
// action.
func awsErrorDetail(err error, whom string, advice ...accessAdvice) string {
	if errors.Is(err, iamcollect.ErrReportTimeout) {
		return fmt.Sprintf(
			"The IAM %s: AWS still reported it in progress (iam:GenerateCredentialReport, iam:GetCredentialReport). "+
				"The audit fails closed: it does not return data without the report. Try again later, or allow "+
				"more time with the provider argument credential_report_timeout.", err.Error())
	}
	action := awserr.Action(err)
	if awserr.IsAccessDenied(err) {
		grant := readerAccess
		if len(advice) > 0 {
			grant = advice[0]
		}
		return fmt.Sprintf("%s was denied: %s\n\n%s", action, awserr.Message(err), grant(action, whom))
	}
	return fmt.Sprintf("%s failed: %s", action, awsclient.Redact(awserr.WithoutAction(err).Error()))
}
