package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// This file holds what the policies and inline_policies attributes share:
// the full-admin verdict on a permissions policy, and the inline policies
// of users, groups and roles.

// fullAdminDescription defines grants_full_admin in user terms; the
// policies and inline_policies attributes share it.
const fullAdminDescription = "Whether the policy grants full administrative privileges: its Allow statements " +
	"whose resources match every ARN (`\"*\"`, `\"arn:*\"`, `\"arn:<partition>:*\"`, or any `NotResource` that does " +
	"not exclude everything) together allow every action, whatever their `Condition`. That is an `Action` of " +
	"`\"*\"`, `\"*:*\"`, `\"?*\"` or service wildcards covering every service; or a `NotAction` that does not " +
	"exclude all of IAM (`\"NotAction\": \"iam:DeleteAccountAlias\"` still allows every IAM write, and whoever " +
	"can write IAM can grant themselves anything); or such statements together (`\"Action\": \"iam:*\"` in one " +
	"statement, `\"NotAction\": \"iam:*\"` in another). The `PowerUserAccess` shape and `\"NotAction\": " +
	"\"iam:*\"` alone are not full admin. `Deny` statements are ignored, as CIS counts the Allow. This is " +
	"stricter than the literal `\"*:*\"` test of CIS and Security Hub, which `grants_star_on_star` reports."

// policyAnalysisAttributes are the full-admin verdict attributes of a
// policy: grants_full_admin, grants_star_on_star, full_admin_reason.
func policyAnalysisAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"grants_full_admin": schema.BoolAttribute{MarkdownDescription: fullAdminDescription, Computed: true},
		"grants_star_on_star": schema.BoolAttribute{
			MarkdownDescription: "Whether one Allow statement has Action `\"*\"` or `\"*:*\"` and Resource `\"*\"`: the " +
				"literal test of CIS 1.16 and Security Hub IAM.1. `grants_full_admin` is true whenever this is; a " +
				"policy with only `grants_full_admin` grants the same written another way.",
			Computed: true,
		},
		"full_admin_reason": schema.StringAttribute{
			MarkdownDescription: "Which statements make `grants_full_admin` true, such as `NotAction \"iam:DeleteAccountAlias\" " +
				"on Resource \"*\" leaves IAM writes allowed, and with them every action`; null when it is false.",
			Computed: true,
		},
	}
}

// inlinePoliciesAttribute is the inline_policies attribute of a user, group
// or role (entity).
func inlinePoliciesAttribute(entity string) schema.ListNestedAttribute {
	attrs := policyAnalysisAttributes()
	attrs["name"] = computedStringAttribute("The inline policy's name.")
	attrs["document"] = computedStringAttribute("The policy document as normalized JSON: URL-decoded, keys " +
		"sorted, no insignificant whitespace.")
	return inlinePolicyType.typed(schema.ListNestedAttribute{
		MarkdownDescription: fmt.Sprintf("The %s's inline policies with their documents, sorted by name. They "+
			"come with `iam:GetAccountAuthorizationDetails`: no extra call.", entity),
		Computed:     true,
		NestedObject: schema.NestedAttributeObject{Attributes: attrs},
	})
}

// analyzePolicy normalizes and analyzes a permissions policy document of
// partition.
func analyzePolicy(document, partition string) (normalized string, _ policydoc.Admin, _ error) {
	normalized, err := policydoc.Normalize(document)
	if err != nil {
		return "", policydoc.Admin{}, err
	}
	admin, err := policydoc.AnalyzeAdmin(document, partition)
	if err != nil {
		return "", policydoc.Admin{}, err
	}
	return normalized, admin, nil
}

// partitionOf returns the partition of an ARN (arn:<partition>:…); IAM
// returns every entity with its ARN. A value that is no ARN (only in
// hand-built test data) is taken to be in the aws partition.
func partitionOf(arn string) string {
	parts := strings.SplitN(arn, ":", 3)
	if len(parts) < 3 || parts[0] != "arn" || parts[1] == "" {
		return "aws"
	}
	return parts[1]
}
