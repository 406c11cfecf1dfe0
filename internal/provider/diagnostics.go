package provider

import (
	"errors"
	"fmt"

	"github.com/aws/smithy-go"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awsclient"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// addAWSError turns an AWS SDK error into a diagnostic that names the IAM
// action that failed and, for AccessDenied, says how to grant it. The SDK's
// error text never contains request bodies; Redact is a last line of defence.
func addAWSError(diags *diag.Diagnostics, summary string, err error) {
	if errors.Is(err, iamcollect.ErrReportTimeout) {
		diags.AddError(summary, fmt.Sprintf(
			"The IAM %s: AWS still reported it in progress (iam:GenerateCredentialReport, iam:GetCredentialReport). "+
				"The audit fails closed: it does not return data without the report. Try again later, or allow "+
				"more time with the provider argument credential_report_timeout.", err.Error()))
		return
	}
	action := awserr.Action(err)
	var apiErr smithy.APIError
	if awserr.IsAccessDenied(err) && errors.As(err, &apiErr) {
		diags.AddError(summary, fmt.Sprintf(
			"%s was denied: %s\n\nGrant %s to the provider's credentials, for example with the policy "+
				"from data.iamaudit_reader_policy (purpose \"audit\"). The audit fails closed: it does not "+
				"return partial data.", action, apiErr.ErrorMessage(), action))
		return
	}
	diags.AddError(summary, fmt.Sprintf("%s failed: %s", action, awsclient.Redact(awserr.WithoutAction(err).Error())))
}
