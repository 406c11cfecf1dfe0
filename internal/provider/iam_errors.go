package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/smithy-go"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// errorCode is the AWS error code of err ("NoSuchEntity"), or "" when err
// did not come from an AWS API.
func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// isNoSuchEntity reports whether IAM said the entity does not exist.
func isNoSuchEntity(err error) bool {
	return errorCode(err) == "NoSuchEntity"
}

// isEntityAlreadyExists reports whether IAM refused to create a duplicate.
func isEntityAlreadyExists(err error) bool {
	return errorCode(err) == "EntityAlreadyExists"
}

// isAccessDenied reports whether a policy denied the call.
func isAccessDenied(err error) bool {
	return awserr.IsAccessDenied(err)
}

// isInvalidPrincipal reports whether IAM rejected a trust policy because a
// principal it names is not (yet) known to IAM: what CreateRole and
// UpdateAssumeRolePolicy return for a few seconds after that principal was
// created.
func isInvalidPrincipal(err error) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode() == "MalformedPolicyDocument" &&
		strings.Contains(strings.ToLower(apiErr.ErrorMessage()), "invalid principal")
}

// addResourceAWSError is addAWSError for the calls resources make: an
// AccessDenied names the action and says that managing connector identities
// needs IAM administration permissions, which the reader policies do not
// grant.
func addResourceAWSError(diags *diag.Diagnostics, summary string, err error) {
	if !isAccessDenied(err) {
		addAWSError(diags, summary, err)
		return
	}
	var apiErr smithy.APIError
	_ = errors.As(err, &apiErr)
	action := actionOf(err)
	diags.AddError(summary, fmt.Sprintf(
		"%s was denied: %s\n\nThis resource creates, reads and changes IAM users, groups, roles and policies, so "+
			"the provider's credentials need IAM administration permissions such as %s, which the reader "+
			"policies (data.iamaudit_reader_policy) deliberately do not grant.",
		action, apiErr.ErrorMessage(), action))
}

// actionOf names the IAM action behind an SDK error ("iam:DeleteUser"),
// or "an AWS call".
func actionOf(err error) string {
	return awserr.Action(err)
}
