package provider

import (
	"maps"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// This file holds the one Terraform model of an IAM user, shared by the
// elements of iamaudit_users and by iamaudit_user: its attributes and the
// derived facts; values_user.go builds its values from iamcollect.User.

// credentialReportFreshness explains, for every description that depends on
// the credential report, how old it can be, how the provider compensates and
// how to read current state instead.
const credentialReportFreshness = "AWS regenerates the credential report at most every 4 hours and otherwise " +
	"returns the existing one, so in the provider's default `credential_data = \"report\"` mode password and " +
	"access key facts are as of `credential_report_generated_at`, up to 4 hours ago: a password or key added, or " +
	"a key deactivated, since then shows in the next report. The provider compensates where it can: users " +
	"missing from the report, created after it was generated, or deleted and re-created under the same name " +
	"(the report row's `user_creation_time` differs) are read with per-user calls (`iam:GetLoginProfile`, " +
	"`iam:ListAccessKeys`, `iam:GetAccessKeyLastUsed`, `iam:ListMFADevices`, and `iam:ListUsers` for the " +
	"password's last use). To verify a remediation now, configure the provider with " +
	"`credential_data = \"live\"`: every user is then read with those per-user calls."

// keySlotShift warns that report slots are positions, not identities.
const keySlotShift = "Slots are positions in the credential report, not key identities: when the key in slot 1 is " +
	"deleted, the key in slot 2 moves to slot 1. Use `iamaudit_access_keys` to track keys by ID."

// userAttributes returns the computed attributes of one user. iamaudit_users
// nests them as list elements; iamaudit_user puts them at top level and
// replaces name with its required argument.
func userAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"name":    schema.StringAttribute{MarkdownDescription: "Name of the user.", Computed: true},
		"arn":     schema.StringAttribute{MarkdownDescription: "ARN of the user.", Computed: true},
		"user_id": schema.StringAttribute{MarkdownDescription: "Unique ID of the user (`AIDA…`).", Computed: true},
		"path":    schema.StringAttribute{MarkdownDescription: "Path of the user, `/` by default.", Computed: true},
		"create_date": schema.StringAttribute{
			MarkdownDescription: "When the user was created (RFC 3339, UTC).",
			Computed:            true,
		},
		"age_days": schema.Int64Attribute{
			MarkdownDescription: "Whole days since `create_date`.",
			Computed:            true,
		},
		"tags": schema.MapAttribute{
			MarkdownDescription: "Tags of the user; empty when it has none.",
			ElementType:         types.StringType,
			Computed:            true,
		},
		"permissions_boundary_arn": schema.StringAttribute{
			MarkdownDescription: "ARN of the user's permissions boundary policy, or null when it has none.",
			Computed:            true,
		},
		"groups": schema.ListAttribute{
			MarkdownDescription: "Names of the groups the user belongs to, sorted.",
			ElementType:         types.StringType,
			Computed:            true,
		},
		"attached_policy_arns": schema.ListAttribute{
			MarkdownDescription: "ARNs of the managed policies attached directly to the user, sorted. CIS AWS " +
				"Foundations asks for permissions through groups only, so this is usually expected to be empty.",
			ElementType: types.StringType,
			Computed:    true,
		},
		"inline_policy_names": schema.ListAttribute{
			MarkdownDescription: "Names of the user's inline policies, sorted.",
			ElementType:         types.StringType,
			Computed:            true,
		},
		"inline_policies": inlinePoliciesAttribute("user"),
		"password_enabled": schema.BoolAttribute{
			MarkdownDescription: "Whether the user has a console password (a login profile).",
			Computed:            true,
		},
		"password_last_used": schema.StringAttribute{
			MarkdownDescription: "When the console password was last used to sign in, or null when it never was " +
				"(or AWS has no information).",
			Computed: true,
		},
		"password_last_used_days": schema.Int64Attribute{
			MarkdownDescription: "Whole days since `password_last_used`, or null.",
			Computed:            true,
		},
		"password_last_changed": schema.StringAttribute{
			MarkdownDescription: "When the console password was last set, or null when the user has none. Only " +
				"the credential report carries it, in live mode too: null for a password the report does not " +
				"know yet (set since the report, or a user the report cannot answer for).",
			Computed: true,
		},
		"password_next_rotation": schema.StringAttribute{
			MarkdownDescription: "When the password policy requires the next password change, or null when " +
				"passwords do not expire. From the credential report only, like `password_last_changed`.",
			Computed: true,
		},
		"mfa_enabled": schema.BoolAttribute{
			MarkdownDescription: "Whether an MFA device is assigned to the user now: a virtual device " +
				"(`iam:ListVirtualMFADevices`), else the credential report's `mfa_active` confirmed by " +
				"`iam:ListMFADevices` for that user (a device removed since the report does not count). In live " +
				"mode, and for users read with per-user calls, `iam:ListMFADevices` alone.",
			Computed: true,
		},
		"access_keys": accessKeySlotType.typed(schema.ListNestedAttribute{
			MarkdownDescription: "The user's access keys as the credential report lists them, by slot: a slot is " +
				"listed when it holds a key, inactive keys included. " + keySlotShift,
			Computed: true,
			NestedObject: schema.NestedAttributeObject{
				Attributes: accessKeySlotAttributes(),
			},
		}),
		"active_access_key_count": schema.Int64Attribute{
			MarkdownDescription: "Number of `access_keys` that are active (0, 1 or 2).",
			Computed:            true,
		},
		"credentials_as_of": schema.StringAttribute{
			MarkdownDescription: "The instant the password and access key attributes describe (RFC 3339, UTC): " +
				"`credential_report_generated_at` when they come from the credential report, the read time when " +
				"the user was read with per-user calls (live mode, or a user the report cannot answer for).",
			Computed: true,
		},
		"last_activity_days": schema.Int64Attribute{
			MarkdownDescription: "Whole days since the user's latest activity: the latest of `password_last_used` " +
				"and every access key's `last_used_date`. Creation dates do not count. Null when the user has " +
				"never signed in nor used a key.",
			Computed: true,
		},
	}
}

// accessKeySlotAttributes returns the attributes of one access_keys element.
func accessKeySlotAttributes() map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{
		"slot": schema.Int64Attribute{
			MarkdownDescription: "The credential report column the key is in: `1` or `2`.",
			Computed:            true,
		},
		"active": schema.BoolAttribute{
			MarkdownDescription: "Whether the key is active.",
			Computed:            true,
		},
		"create_date": schema.StringAttribute{
			MarkdownDescription: "When the key was created or last rotated (the report's `access_key_N_last_rotated`).",
			Computed:            true,
		},
	}
	maps.Copy(attrs, keyUsageAttributes())
	return attrs
}

// credentialReportGeneratedAtAttribute is the report timestamp both user data
// sources expose.
func credentialReportGeneratedAtAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "When the credential report the provider read was generated (RFC 3339, UTC): the " +
			"instant its facts describe. " + credentialReportFreshness,
		Computed: true,
	}
}

// reportDrivenGeneratedAtAttribute is credential_report_generated_at of the
// data sources that read the report only to decide which users to ask.
func reportDrivenGeneratedAtAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "When the credential report that decided which users were asked was generated " +
			"(RFC 3339, UTC); null with `credential_data = \"live\"`, which does not read the report.",
		Computed: true,
	}
}

// activeKeyCount counts the active key slots.
func activeKeyCount(slots []iamcollect.AccessKeySlot) int64 {
	var n int64
	for _, s := range slots {
		if s.Active {
			n++
		}
	}
	return n
}

// lastActivity is the latest of the password's and every key's last use, or
// nil when there is none. Creation dates do not count.
func lastActivity(u iamcollect.User) *time.Time {
	latest := u.PasswordLastUsed
	for _, s := range u.AccessKeys {
		if s.LastUsedDate != nil && (latest == nil || s.LastUsedDate.After(*latest)) {
			latest = s.LastUsedDate
		}
	}
	return latest
}
