package provider

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// foreignItem is something attached to a reader user, its group or its
// policy that the resource did not create, and how to remove it.
type foreignItem struct {
	what   string
	remove func(context.Context) error
}

// ownedNames identifies what a reader user resource owns.
type ownedNames struct {
	user, group, policyARN, accessKeyID string
}

// foreignItems lists what blocks deleting the reader user's entities
// without destroying things someone else made: other access keys, a console
// password, MFA devices, signing certificates, SSH keys, inline and directly
// attached user policies, other groups, other members and policies of its
// group, and other attachments of its policy. Entities already gone are
// skipped.
func foreignItems(ctx context.Context, api *iam.Client, owned ownedNames) ([]foreignItem, error) {
	var items []foreignItem
	for _, list := range []func(context.Context, *iam.Client, ownedNames) ([]foreignItem, error){
		foreignAccessKeys, foreignLoginProfile, foreignMFADevices, foreignCertificatesAndSSHKeys,
		foreignUserPolicies, foreignGroupMemberships, foreignGroupContents, foreignPolicyAttachments,
	} {
		found, err := list(ctx, api, owned)
		if err != nil && !isNoSuchEntity(err) {
			return nil, err
		}
		items = append(items, found...)
	}
	return items, nil
}

func foreignAccessKeys(ctx context.Context, api *iam.Client, o ownedNames) ([]foreignItem, error) {
	out, err := api.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String(o.user)})
	if err != nil {
		return nil, err
	}
	var items []foreignItem
	for _, k := range out.AccessKeyMetadata {
		id := aws.ToString(k.AccessKeyId)
		if id == o.accessKeyID {
			continue
		}
		items = append(items, foreignItem{what: "access key " + id, remove: func(ctx context.Context) error {
			_, err := api.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String(o.user), AccessKeyId: aws.String(id)})
			return err
		}})
	}
	return items, nil
}

func foreignLoginProfile(ctx context.Context, api *iam.Client, o ownedNames) ([]foreignItem, error) {
	if _, err := api.GetLoginProfile(ctx, &iam.GetLoginProfileInput{UserName: aws.String(o.user)}); err != nil {
		return nil, err
	}
	return []foreignItem{{what: "console password (login profile)", remove: func(ctx context.Context) error {
		_, err := api.DeleteLoginProfile(ctx, &iam.DeleteLoginProfileInput{UserName: aws.String(o.user)})
		return err
	}}}, nil
}

func foreignMFADevices(ctx context.Context, api *iam.Client, o ownedNames) ([]foreignItem, error) {
	out, err := api.ListMFADevices(ctx, &iam.ListMFADevicesInput{UserName: aws.String(o.user)})
	if err != nil {
		return nil, err
	}
	var items []foreignItem
	for _, d := range out.MFADevices {
		serial := aws.ToString(d.SerialNumber)
		items = append(items, foreignItem{what: "MFA device " + serial, remove: func(ctx context.Context) error {
			if _, err := api.DeactivateMFADevice(ctx, &iam.DeactivateMFADeviceInput{
				UserName: aws.String(o.user), SerialNumber: aws.String(serial),
			}); err != nil && !isNoSuchEntity(err) {
				return err
			}
			if !strings.Contains(serial, ":mfa/") {
				return nil // hardware and FIDO devices are not IAM entities
			}
			_, err := api.DeleteVirtualMFADevice(ctx, &iam.DeleteVirtualMFADeviceInput{SerialNumber: aws.String(serial)})
			return err
		}})
	}
	return items, nil
}

func foreignCertificatesAndSSHKeys(ctx context.Context, api *iam.Client, o ownedNames) ([]foreignItem, error) {
	certs, err := api.ListSigningCertificates(ctx, &iam.ListSigningCertificatesInput{UserName: aws.String(o.user)})
	if err != nil {
		return nil, err
	}
	var items []foreignItem
	for _, c := range certs.Certificates {
		id := aws.ToString(c.CertificateId)
		items = append(items, foreignItem{what: "signing certificate " + id, remove: func(ctx context.Context) error {
			_, err := api.DeleteSigningCertificate(ctx, &iam.DeleteSigningCertificateInput{UserName: aws.String(o.user), CertificateId: aws.String(id)})
			return err
		}})
	}
	keys, err := api.ListSSHPublicKeys(ctx, &iam.ListSSHPublicKeysInput{UserName: aws.String(o.user)})
	if err != nil {
		return nil, err
	}
	for _, k := range keys.SSHPublicKeys {
		id := aws.ToString(k.SSHPublicKeyId)
		items = append(items, foreignItem{what: "SSH public key " + id, remove: func(ctx context.Context) error {
			_, err := api.DeleteSSHPublicKey(ctx, &iam.DeleteSSHPublicKeyInput{UserName: aws.String(o.user), SSHPublicKeyId: aws.String(id)})
			return err
		}})
	}
	return items, nil
}

func foreignUserPolicies(ctx context.Context, api *iam.Client, o ownedNames) ([]foreignItem, error) {
	inline, err := api.ListUserPolicies(ctx, &iam.ListUserPoliciesInput{UserName: aws.String(o.user)})
	if err != nil {
		return nil, err
	}
	var items []foreignItem
	for _, name := range inline.PolicyNames {
		items = append(items, foreignItem{what: "inline user policy " + name, remove: func(ctx context.Context) error {
			_, err := api.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: aws.String(o.user), PolicyName: aws.String(name)})
			return err
		}})
	}
	attached, err := api.ListAttachedUserPolicies(ctx, &iam.ListAttachedUserPoliciesInput{UserName: aws.String(o.user)})
	if err != nil {
		return nil, err
	}
	for _, p := range attached.AttachedPolicies {
		arn := aws.ToString(p.PolicyArn)
		items = append(items, foreignItem{what: "directly attached policy " + arn, remove: func(ctx context.Context) error {
			_, err := api.DetachUserPolicy(ctx, &iam.DetachUserPolicyInput{UserName: aws.String(o.user), PolicyArn: aws.String(arn)})
			return err
		}})
	}
	return items, nil
}

func foreignGroupMemberships(ctx context.Context, api *iam.Client, o ownedNames) ([]foreignItem, error) {
	out, err := api.ListGroupsForUser(ctx, &iam.ListGroupsForUserInput{UserName: aws.String(o.user)})
	if err != nil {
		return nil, err
	}
	var items []foreignItem
	for _, g := range out.Groups {
		name := aws.ToString(g.GroupName)
		if name == o.group {
			continue
		}
		items = append(items, foreignItem{what: "membership in group " + name, remove: func(ctx context.Context) error {
			_, err := api.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{GroupName: aws.String(name), UserName: aws.String(o.user)})
			return err
		}})
	}
	return items, nil
}

func foreignGroupContents(ctx context.Context, api *iam.Client, o ownedNames) ([]foreignItem, error) {
	group, err := api.GetGroup(ctx, &iam.GetGroupInput{GroupName: aws.String(o.group)})
	if err != nil {
		return nil, err
	}
	var items []foreignItem
	for _, u := range group.Users {
		name := aws.ToString(u.UserName)
		if name == o.user {
			continue
		}
		items = append(items, foreignItem{what: "member " + name + " of group " + o.group, remove: func(ctx context.Context) error {
			_, err := api.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{GroupName: aws.String(o.group), UserName: aws.String(name)})
			return err
		}})
	}
	inline, err := api.ListGroupPolicies(ctx, &iam.ListGroupPoliciesInput{GroupName: aws.String(o.group)})
	if err != nil {
		return nil, err
	}
	for _, name := range inline.PolicyNames {
		items = append(items, foreignItem{what: "inline policy " + name + " of group " + o.group, remove: func(ctx context.Context) error {
			_, err := api.DeleteGroupPolicy(ctx, &iam.DeleteGroupPolicyInput{GroupName: aws.String(o.group), PolicyName: aws.String(name)})
			return err
		}})
	}
	attached, err := api.ListAttachedGroupPolicies(ctx, &iam.ListAttachedGroupPoliciesInput{GroupName: aws.String(o.group)})
	if err != nil {
		return nil, err
	}
	for _, p := range attached.AttachedPolicies {
		arn := aws.ToString(p.PolicyArn)
		if arn == o.policyARN {
			continue
		}
		items = append(items, foreignItem{what: "policy " + arn + " attached to group " + o.group, remove: func(ctx context.Context) error {
			_, err := api.DetachGroupPolicy(ctx, &iam.DetachGroupPolicyInput{GroupName: aws.String(o.group), PolicyArn: aws.String(arn)})
			return err
		}})
	}
	return items, nil
}

func foreignPolicyAttachments(ctx context.Context, api *iam.Client, o ownedNames) ([]foreignItem, error) {
	att, err := listPolicyAttachments(ctx, api, o.policyARN)
	if err != nil {
		return nil, err
	}
	var others policyAttachments
	others.Users, others.Roles = att.Users, att.Roles
	for _, g := range att.Groups {
		if g != o.group {
			others.Groups = append(others.Groups, g)
		}
	}
	if len(others.Users)+len(others.Groups)+len(others.Roles) == 0 {
		return nil, nil
	}
	what := "attachments of " + o.policyARN + " to " + strings.Join(append(append(append([]string(nil),
		prefixed("user ", others.Users)...), prefixed("group ", others.Groups)...), prefixed("role ", others.Roles)...), ", ")
	return []foreignItem{{what: what, remove: func(ctx context.Context) error {
		return detachPolicyEverywhere(ctx, api, o.policyARN, others)
	}}}, nil
}

func prefixed(prefix string, values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = prefix + v
	}
	return out
}
