package policydoc

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// OrganizationCentralPurpose is the reader policy purpose of the central
// audit identity of an organization: what it needs on top of audit to list
// the organization's accounts and to assume the member role in each.
const OrganizationCentralPurpose = "organization-central"

// OrganizationListActions are the Organizations actions the
// organization-central purpose grants on "*", sorted: the account list
// (ListAccounts, or ListAccountsForParent over the OU tree that
// ListOrganizationalUnitsForParent walks) and the root (ListRoots).
var OrganizationListActions = []string{
	"organizations:ListAccounts",
	"organizations:ListAccountsForParent",
	"organizations:ListOrganizationalUnitsForParent",
	"organizations:ListRoots",
}

// assumeRoleAction is what organization-central grants on the member role.
const assumeRoleAction = "sts:AssumeRole"

var (
	memberRoleNamePattern = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	memberRolePathPattern = regexp.MustCompile(`^(/|/[\x21-\x7e]*/)$`)
)

// MemberRoleARNPattern is the ARN pattern of a member role in every
// account: arn:<partition>:iam::*:role<path><name>; path "" is "/".
func MemberRoleARNPattern(partition, path, name string) string {
	if path == "" {
		path = "/"
	}
	return "arn:" + partition + ":iam::*:role" + path + name
}

// OrganizationCentralPolicy builds the organization-central policy:
// OrganizationListActions and extraActions on "*", and sts:AssumeRole on
// the member role (roleName under rolePath, "" meaning "/") in every
// account. It returns the policy as compact JSON with sorted keys and the
// sorted, unique list of every action it grants, as ReaderPolicy does.
func OrganizationCentralPolicy(partition, rolePath, roleName string, extraActions []string) (string, []string, error) {
	if !partitionPattern.MatchString(partition) {
		return "", nil, fmt.Errorf("%s: partition %q is not an AWS partition name such as aws", OrganizationCentralPurpose, partition)
	}
	if !memberRoleNamePattern.MatchString(roleName) {
		return "", nil, fmt.Errorf("%s: the member role name %q must be 1 to 64 characters of letters, digits and +=,.@-_", OrganizationCentralPurpose, roleName)
	}
	if rolePath != "" && (!memberRolePathPattern.MatchString(rolePath) || strings.Contains(rolePath, "*")) {
		return "", nil, fmt.Errorf(`%s: the member role path %q must be "/" or begin and end with "/"`, OrganizationCentralPurpose, rolePath)
	}
	for _, a := range extraActions {
		if err := ValidateActionName(a, true); err != nil {
			return "", nil, fmt.Errorf("extra actions: %w", err)
		}
	}
	stmts := []statement{
		allowOnAll("OrganizationAccountsRead", append(slices.Clone(OrganizationListActions), extraActions...)),
		{
			"Sid":      "AssumeMemberRole",
			"Effect":   "Allow",
			"Action":   []string{assumeRoleAction},
			"Resource": []string{MemberRoleARNPattern(partition, rolePath, roleName)},
		},
	}
	doc, err := marshal(map[string]any{"Version": policyVersion, "Statement": stmts})
	if err != nil {
		return "", nil, err
	}
	actions := append(slices.Clone(OrganizationListActions), extraActions...)
	return doc, sortedUnique(append(actions, assumeRoleAction)), nil
}
