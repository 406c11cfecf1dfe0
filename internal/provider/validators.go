package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Input patterns, with the messages that tell users what is allowed. They
// follow the constraints IAM and STS document, so bad input fails at plan
// time instead of as an AWS 400 during apply.
var (
	accountIDPattern   = regexp.MustCompile(`^\d{12}$`)
	regionPattern      = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
	roleARNPattern     = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:role/([\x21-\x7E]+/)?[\w+=,.@-]{1,64}$`)
	externalIDPattern  = regexp.MustCompile(`^[\w+=,.@:/-]+$`) // 2 to 1224 characters, checked separately: Go's regexp caps repeats at 1000
	sessionNamePattern = regexp.MustCompile(`^[\w+=,.@-]{2,64}$`)
	// UserOrRoleNamePattern is IAM's rule for user and role names.
	userOrRoleNamePattern = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	// iamPathPattern is IAM's rule for paths: "/" or "/a/b/", printable ASCII.
	iamPathPattern = regexp.MustCompile(`^/([\x21-\x2E\x30-\x7E]+/)*$`)
	// principalPattern accepts what a trust policy's AWS principal may name:
	// an account ID, an account root ARN, or a user or role ARN.
	principalPattern = regexp.MustCompile(`^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:(root|(user|role)/([\x21-\x7E]+/)?[\w+=,.@-]{1,64}))$`)
	// managedPolicyARNPattern accepts AWS managed and customer managed policy ARNs.
	managedPolicyARNPattern = regexp.MustCompile(`^arn:aws[a-z-]*:iam::(aws|\d{12}):policy/([\x21-\x7E]+/)?[\w+=,.@-]{1,128}$`)
	// servicePrincipalPattern is an AWS service principal such as securityhub.amazonaws.com.
	servicePrincipalPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$`)
)

func regionValidator() validator.String {
	return stringvalidator.RegexMatches(regionPattern, `must be an AWS region name such as "us-east-1"`)
}

func accountIDValidator() validator.String {
	return stringvalidator.RegexMatches(accountIDPattern, "must be a 12-digit AWS account ID")
}

func roleARNValidator() validator.String {
	return stringvalidator.RegexMatches(roleARNPattern, `must be an IAM role ARN such as "arn:aws:iam::123456789012:role/name"`)
}

func externalIDValidator() validator.String {
	const allowed = "must be 2 to 1224 characters of letters, digits and +=,.@:/-_"
	return stringvalidator.All(
		stringvalidator.LengthBetween(2, 1224),
		stringvalidator.RegexMatches(externalIDPattern, allowed),
	)
}

func sessionNameValidator() validator.String {
	return stringvalidator.RegexMatches(sessionNamePattern, "must be 2 to 64 characters of letters, digits and +=,.@-_")
}

func userOrRoleNameValidator() validator.String {
	return stringvalidator.RegexMatches(userOrRoleNamePattern, "must be 1 to 64 characters of letters, digits and +=,.@-_")
}

func iamPathValidator() validator.String {
	return stringvalidator.All(
		stringvalidator.LengthBetween(1, 512),
		stringvalidator.RegexMatches(iamPathPattern, `must be "/" or begin and end with "/", such as "/audit/", using printable ASCII`),
	)
}

func principalValidator() validator.String {
	return stringvalidator.RegexMatches(principalPattern,
		`must be a 12-digit account ID, an account root ARN ("arn:aws:iam::123456789012:root"), or an IAM user or role ARN`)
}

func managedPolicyARNValidator() validator.String {
	return stringvalidator.RegexMatches(managedPolicyARNPattern,
		`must be a managed policy ARN such as "arn:aws:iam::aws:policy/SecurityAudit"`)
}

// durationValidator accepts Go duration strings within [minimum, maximum].
type durationValidator struct {
	minimum, maximum time.Duration
}

func durationBetween(minimum, maximum time.Duration) validator.String {
	return durationValidator{minimum: minimum, maximum: maximum}
}

func (v durationValidator) Description(_ context.Context) string {
	return fmt.Sprintf("must be a Go duration string (such as \"1h\" or \"90m\") from %s to %s", v.minimum, v.maximum)
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil || d < v.minimum || d > v.maximum {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration",
			fmt.Sprintf("%q %s.", req.ConfigValue.ValueString(), v.Description(ctx)))
	}
}

// endpointURLValidator accepts absolute http(s) URLs.
type endpointURLValidator struct{}

func (endpointURLValidator) Description(_ context.Context) string {
	return `must be an absolute http or https URL, such as "https://iam.amazonaws.com"`
}

func (v endpointURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v endpointURLValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	u, err := url.Parse(req.ConfigValue.ValueString())
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Endpoint URL",
			fmt.Sprintf("%q %s.", req.ConfigValue.ValueString(), v.Description(ctx)))
	}
}

// blockArgumentsValidator checks arguments of an optional nested block, only
// when the block is present: objectvalidator's AlsoRequires and AtLeastOneOf
// would also fire for an absent block.
type blockArgumentsValidator struct {
	required []string // each must be set
	oneOf    []string // at least one must be set
}

func (v blockArgumentsValidator) Description(_ context.Context) string {
	desc := ""
	if len(v.required) > 0 {
		desc = fmt.Sprintf("requires %v", v.required)
	}
	if len(v.oneOf) > 0 {
		desc += fmt.Sprintf(" and one of %v", v.oneOf)
	}
	return desc
}

func (v blockArgumentsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v blockArgumentsValidator) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attrs := req.ConfigValue.Attributes()
	for _, name := range v.required {
		if a, ok := attrs[name]; !ok || a.IsNull() {
			resp.Diagnostics.AddAttributeError(req.Path.AtName(name), "Missing Required Argument",
				fmt.Sprintf("The %s block requires %s.", req.Path, name))
		}
	}
	if len(v.oneOf) == 0 {
		return
	}
	for _, name := range v.oneOf {
		if a, ok := attrs[name]; ok && !a.IsNull() {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Missing Required Argument",
		fmt.Sprintf("The %s block requires one of %v.", req.Path, v.oneOf))
}
