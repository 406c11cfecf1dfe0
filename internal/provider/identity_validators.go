package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamidentity"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// roleDescriptionPattern is IAM's rule for role descriptions.
var roleDescriptionPattern = regexp.MustCompile(`^[\x{0009}\x{000A}\x{000D}\x{0020}-\x{007E}\x{00A1}-\x{00FF}]*$`)

// IAM tag limits.
const (
	maxTagKeyLength   = 128
	maxTagValueLength = 256
)

func purposeValidator() validator.String {
	return stringvalidator.OneOf(policydoc.Purposes...)
}

func roleDescriptionValidator() validator.String {
	return stringvalidator.All(
		stringvalidator.LengthAtMost(1000),
		stringvalidator.RegexMatches(roleDescriptionPattern, "must be at most 1000 printable Latin-1 characters"),
	)
}

// identityTagsValidators check the tags of a user or role at plan time:
// at most iamidentity.MaxTags (the create token needs the 50th) and never
// the create token's reserved key.
func identityTagsValidators() []validator.Map {
	return []validator.Map{
		mapvalidator.SizeAtMost(iamidentity.MaxTags),
		mapvalidator.KeysAre(stringvalidator.LengthBetween(1, maxTagKeyLength), reservedTagKeyValidator{}),
		mapvalidator.ValueStringsAre(stringvalidator.LengthAtMost(maxTagValueLength)),
	}
}

// actionNameValidator checks that an element of extra_actions is an IAM
// action name "service:Action"; whether wildcards are allowed depends on
// allow_wildcard_actions, which extraActionsValidator checks.
type actionNameValidator struct{}

func (actionNameValidator) Description(_ context.Context) string {
	return `must be an IAM action "service:Action" such as "s3:ListAllMyBuckets"`
}

func (v actionNameValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v actionNameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := policydoc.ValidateActionName(req.ConfigValue.ValueString(), true); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Action Name", capitalize(err.Error())+".")
	}
}

// extraActionsValidator rejects wildcard extra_actions ("iam:Get*") unless
// allow_wildcard_actions is true: a wildcard grants every action AWS adds
// later, so it must be a deliberate choice.
type extraActionsValidator struct {
	// list is set when extra_actions is a list (data source), not a set.
	list bool
}

var (
	_ resource.ConfigValidator   = extraActionsValidator{}
	_ datasource.ConfigValidator = extraActionsValidator{}
)

func (extraActionsValidator) Description(_ context.Context) string {
	return "extra_actions may contain wildcards (*) only when allow_wildcard_actions is true"
}

func (v extraActionsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v extraActionsValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	v.validate(ctx, req.Config, &resp.Diagnostics)
}

func (v extraActionsValidator) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	v.validate(ctx, req.Config, &resp.Diagnostics)
}

func (v extraActionsValidator) validate(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) {
	var allow types.Bool
	diags.Append(config.GetAttribute(ctx, path.Root("allow_wildcard_actions"), &allow)...)
	if allow.IsUnknown() || allow.ValueBool() {
		return
	}
	var actions []types.String
	if v.list {
		var raw types.List
		diags.Append(config.GetAttribute(ctx, path.Root("extra_actions"), &raw)...)
		if !raw.IsNull() && !raw.IsUnknown() {
			diags.Append(raw.ElementsAs(ctx, &actions, false)...)
		}
	} else {
		var raw types.Set
		diags.Append(config.GetAttribute(ctx, path.Root("extra_actions"), &raw)...)
		if !raw.IsNull() && !raw.IsUnknown() {
			diags.Append(raw.ElementsAs(ctx, &actions, false)...)
		}
	}
	for _, a := range actions {
		if !a.IsUnknown() && strings.Contains(a.ValueString(), "*") {
			diags.AddAttributeError(path.Root("extra_actions"), "Wildcard Action Not Allowed",
				fmt.Sprintf("%q contains a wildcard. A wildcard grants every matching action, including ones AWS adds "+
					"later; list the actions you need, or set allow_wildcard_actions = true to accept that.", a.ValueString()))
		}
	}
}

// capitalize upper-cases the first letter of a sentence.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// pgpKeyValidator checks at plan time that pgp_key is a usable public key.
type pgpKeyValidator struct{}

func (pgpKeyValidator) Description(_ context.Context) string {
	return "must be a PGP public key with an encryption subkey, base64-encoded (`gpg --export KEYID | base64`) or ASCII-armored"
}

func (v pgpKeyValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v pgpKeyValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := iamidentity.ValidatePGPKey(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid PGP Key",
			fmt.Sprintf("The value %s: %s.", v.Description(ctx), err))
	}
}

// reservedTagKeyValidator rejects the create token's tag key, in any case.
type reservedTagKeyValidator struct{}

func (reservedTagKeyValidator) Description(_ context.Context) string {
	return fmt.Sprintf("must not be %s, which the provider reserves", iamidentity.CreateTokenTagKey)
}

func (v reservedTagKeyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v reservedTagKeyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || !strings.EqualFold(req.ConfigValue.ValueString(), iamidentity.CreateTokenTagKey) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Reserved Tag Key",
		fmt.Sprintf("The tag key %s is reserved: the provider tags the users, roles and policies it creates with it, "+
			"for as long as the create runs, to recognize them after a lost answer. Use another key.", iamidentity.CreateTokenTagKey))
}
