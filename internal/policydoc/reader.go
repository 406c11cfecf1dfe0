package policydoc

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Purposes are the reader policy purposes, in the order documentation lists
// them; the first is the default.
var Purposes = []string{"audit", "iam-inventory", "key-rotation-self"}

// AuditActions is exactly the set of actions this provider's data sources
// call, sorted. It is the single list in code behind the audit purpose; an
// acceptance test checks every call recorded during the suite against it.
var AuditActions = []string{
	"iam:GenerateCredentialReport",
	"iam:GetAccessKeyLastUsed",
	"iam:GetAccountAuthorizationDetails",
	"iam:GetAccountPasswordPolicy",
	"iam:GetAccountSummary",
	"iam:GetCredentialReport",
	"iam:GetLoginProfile",
	"iam:ListAccessKeys",
	"iam:ListAccountAliases",
	"iam:ListMFADevices",
	"iam:ListOrganizationsFeatures",
	"iam:ListRoles",
	"iam:ListSAMLProviders",
	"iam:ListServerCertificates",
	"iam:ListUsers",
	"iam:ListVirtualMFADevices",
	"organizations:DescribeOrganization",
	"organizations:ListDelegatedAdministrators",
	"sts:AssumeRoot",
	"sts:GetCallerIdentity",
}

// rootSessionAction opens a privileged root session in a member account.
// The audit purpose grants it in a statement of its own, only with the task
// policy that reads root credentials: the other task policies delete root
// credentials, set a root password or unlock bucket and queue policies.
const rootSessionAction = "sts:AssumeRoot"

// RootAuditTaskPolicyARNPattern matches the IAMAuditRootUserCredentials
// task policy in every partition.
const RootAuditTaskPolicyARNPattern = "arn:*:iam::aws:policy/root-task/IAMAuditRootUserCredentials"

// rootAuditStatement allows root sessions scoped to reading root credentials.
// AssumeRoot's only resource type is a root user, so "*" grants no more than
// "arn:*:iam::*:root" would (which some IAM emulators refuse).
func rootAuditStatement() statement {
	return statement{
		"Sid":       "IAMAuditRootUserCredentials",
		"Effect":    "Allow",
		"Action":    []string{rootSessionAction},
		"Resource":  "*",
		"Condition": map[string]any{"ArnLike": map[string]any{"sts:TaskPolicyArn": RootAuditTaskPolicyARNPattern}},
	}
}

// IAMInventoryActions is the read list an IAM asset connector publishes, as
// the 19 real IAM actions, sorted. The vendor list also names
// iam:ListGroupTags; it is left out on purpose because no such action exists
// (IAM groups cannot be tagged), and IAM would reject or silently ignore it.
var IAMInventoryActions = []string{
	"iam:GetAccountSummary",
	"iam:GetGroup",
	"iam:GetGroupPolicy",
	"iam:GetLoginProfile",
	"iam:GetUser",
	"iam:GetUserPolicy",
	"iam:ListAccessKeys",
	"iam:ListAttachedGroupPolicies",
	"iam:ListAttachedUserPolicies",
	"iam:ListGroupPolicies",
	"iam:ListGroups",
	"iam:ListGroupsForUser",
	"iam:ListMFADevices",
	"iam:ListSSHPublicKeys",
	"iam:ListServiceSpecificCredentials",
	"iam:ListSigningCertificates",
	"iam:ListUserPolicies",
	"iam:ListUserTags",
	"iam:ListUsers",
}

// keyRotationActions are the actions key-rotation-self grants on the
// caller's own user only, sorted.
var keyRotationActions = []string{
	"iam:CreateAccessKey",
	"iam:DeleteAccessKey",
	"iam:GetAccessKeyLastUsed",
	"iam:GetUser",
	"iam:ListAccessKeys",
	"iam:UpdateAccessKey",
}

// policyVersion is the IAM policy language version of every built document.
const policyVersion = "2012-10-17"

var (
	serviceNamePattern    = regexp.MustCompile(`^[a-z0-9-]+$`)
	actionNamePattern     = regexp.MustCompile(`^[A-Za-z0-9]+$`)
	actionWildcardPattern = regexp.MustCompile(`^[A-Za-z0-9*]+$`)
)

// ValidateActionName checks that s is an IAM action name "service:Action",
// where service is lowercase letters, digits and hyphens and Action is
// letters and digits; with allowWildcards, Action may also contain "*"
// (e.g. "iam:Get*" or "iam:*"). A bare "*" is never accepted.
func ValidateActionName(s string, allowWildcards bool) error {
	service, action, found := strings.Cut(s, ":")
	pattern, what := actionNamePattern, "letters and digits"
	if allowWildcards {
		pattern, what = actionWildcardPattern, `letters, digits and "*" wildcards`
	}
	if !found || !serviceNamePattern.MatchString(service) || !pattern.MatchString(action) {
		return fmt.Errorf(`invalid action name %q: must be "service:Action", where service is lowercase letters, digits and hyphens (e.g. iam) and Action is %s (e.g. ListUsers)`, s, what)
	}
	return nil
}

// statement is one statement of a built policy; keys are marshaled sorted.
type statement map[string]any

// ReaderPolicy builds the least-privilege policy for purpose (one of
// Purposes) plus extraActions, which must be valid action names (wildcards
// allowed) and are deduplicated exactly as written. It returns the policy as
// compact JSON with sorted keys (so Normalize returns it unchanged) and the
// sorted, unique list of every action it grants. Action elements are always
// lists; Resource is "*" or a list of ARNs.
//
// audit and iam-inventory grant their actions and the extra actions in one
// statement on "*"; audit grants sts:AssumeRoot in a second statement, with
// the IAMAuditRootUserCredentials task policy only. key-rotation-self grants
// iam:ListAccountAliases on "*",
// the key rotation actions on the caller's own user only (with and without a
// path; ${aws:username} stays literal for IAM to fill in), and the extra
// actions not already granted on "*" in a separate statement on "*";
// partition and accountID are required for it and ignored otherwise.
func ReaderPolicy(purpose, partition, accountID string, extraActions []string) (string, []string, error) {
	if !slices.Contains(Purposes, purpose) {
		return "", nil, fmt.Errorf("unknown reader policy purpose %q: allowed values are %s", purpose, strings.Join(Purposes, ", "))
	}
	for _, a := range extraActions {
		if err := ValidateActionName(a, true); err != nil {
			return "", nil, fmt.Errorf("extra actions: %w", err)
		}
	}
	var stmts []statement
	switch purpose {
	case "audit":
		read := slices.DeleteFunc(slices.Clone(AuditActions), func(a string) bool { return a == rootSessionAction })
		stmts = []statement{allowOnAll("IAMAuditRead", append(read, extraActions...)), rootAuditStatement()}
	case "iam-inventory":
		stmts = []statement{allowOnAll("IAMInventoryRead", append(slices.Clone(IAMInventoryActions), extraActions...))}
	case "key-rotation-self":
		var err error
		if stmts, err = keyRotationStatements(partition, accountID, extraActions); err != nil {
			return "", nil, err
		}
	}
	var actions []string
	for _, st := range stmts {
		if a, ok := st["Action"].([]string); ok {
			actions = append(actions, a...)
		}
	}
	doc, err := marshal(map[string]any{"Version": policyVersion, "Statement": stmts})
	if err != nil {
		return "", nil, err
	}
	return doc, sortedUnique(actions), nil
}

// allowOnAll allows actions (sorted, deduplicated) on every resource ("*").
func allowOnAll(sid string, actions []string) statement {
	return statement{"Sid": sid, "Effect": "Allow", "Action": sortedUnique(actions), "Resource": "*"}
}

// keyRotationStatements builds the key-rotation-self statements.
func keyRotationStatements(partition, accountID string, extraActions []string) ([]statement, error) {
	if !partitionPattern.MatchString(partition) {
		return nil, fmt.Errorf("key-rotation-self: partition %q is not an AWS partition name such as aws", partition)
	}
	if !accountIDPattern.MatchString(accountID) {
		return nil, fmt.Errorf("key-rotation-self: account ID %q must be 12 digits", accountID)
	}
	userPrefix := "arn:" + partition + ":iam::" + accountID + ":user/"
	stmts := []statement{
		allowOnAll("ListAccountAliases", []string{"iam:ListAccountAliases"}),
		{
			"Sid":      "RotateOwnAccessKeys",
			"Effect":   "Allow",
			"Action":   slices.Clone(keyRotationActions),
			"Resource": []string{userPrefix + "${aws:username}", userPrefix + "*/${aws:username}"},
		},
	}
	var extra []string
	for _, a := range extraActions {
		if a != "iam:ListAccountAliases" {
			extra = append(extra, a)
		}
	}
	if len(extra) > 0 {
		stmts = append(stmts, allowOnAll("ExtraActions", extra))
	}
	return stmts, nil
}
