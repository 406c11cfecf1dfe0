package iamidentity

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// foreignItem is something attached to a reader user, its group or its
// policy that the resource did not create, and how to remove it.
type foreignItem struct {
	what   string
	remove func(context.Context) error
}

// foreignItems lists what blocks deleting a reader user's entities without
// destroying things someone else made: other access keys, a console
// password, MFA devices, signing certificates, SSH keys, inline and directly
// attached user policies, other groups, other members and policies of its
// group, and other attachments of its policy. Entities already gone are
// skipped.
func (c *Client) foreignItems(ctx context.Context, u ReaderUserRef) ([]foreignItem, error) {
	var items []foreignItem
	for _, list := range []func(context.Context, ReaderUserRef) ([]foreignItem, error){
		c.foreignAccessKeys, c.foreignLoginProfile, c.foreignMFADevices, c.foreignCertificatesAndSSHKeys,
		c.foreignUserPolicies, c.foreignGroupMemberships, c.foreignGroupContents, c.foreignPolicyAttachments,
	} {
		found, err := list(ctx, u)
		if err != nil && !awserr.IsNoSuchEntity(err) {
			return nil, err
		}
		items = append(items, found...)
	}
	return items, nil
}

func (c *Client) foreignAccessKeys(ctx context.Context, u ReaderUserRef) ([]foreignItem, error) {
	keys, err := c.accessKeys(ctx, u.Name)
	if err != nil {
		return nil, err
	}
	var items []foreignItem
	for _, k := range keys {
		if k.ID == u.AccessKeyID {
			continue
		}
		items = append(items, foreignItem{what: "access key " + k.ID, remove: func(ctx context.Context) error {
			return c.deleteAccessKey(ctx, u.Name, k.ID)
		}})
	}
	return items, nil
}

func (c *Client) foreignLoginProfile(ctx context.Context, u ReaderUserRef) ([]foreignItem, error) {
	if _, err := c.api.GetLoginProfile(ctx, &iam.GetLoginProfileInput{UserName: aws.String(u.Name)}); err != nil {
		return nil, err
	}
	return []foreignItem{{what: "console password (login profile)", remove: func(ctx context.Context) error {
		_, err := c.api.DeleteLoginProfile(ctx, &iam.DeleteLoginProfileInput{UserName: aws.String(u.Name)})
		return err
	}}}, nil
}

func (c *Client) foreignMFADevices(ctx context.Context, u ReaderUserRef) ([]foreignItem, error) {
	devices, err := collect(ctx, iam.NewListMFADevicesPaginator(c.api, &iam.ListMFADevicesInput{UserName: aws.String(u.Name)}),
		func(o *iam.ListMFADevicesOutput) []iamtypes.MFADevice { return o.MFADevices })
	if err != nil {
		return nil, err
	}
	var items []foreignItem
	for _, d := range devices {
		serial := aws.ToString(d.SerialNumber)
		items = append(items, foreignItem{what: "MFA device " + serial, remove: func(ctx context.Context) error {
			if _, err := c.api.DeactivateMFADevice(ctx, &iam.DeactivateMFADeviceInput{
				UserName: aws.String(u.Name), SerialNumber: aws.String(serial),
			}); err != nil && !awserr.IsNoSuchEntity(err) {
				return err
			}
			if !strings.Contains(serial, ":mfa/") {
				return nil // hardware and FIDO devices are not IAM entities
			}
			_, err := c.api.DeleteVirtualMFADevice(ctx, &iam.DeleteVirtualMFADeviceInput{SerialNumber: aws.String(serial)})
			return err
		}})
	}
	return items, nil
}

func (c *Client) foreignCertificatesAndSSHKeys(ctx context.Context, u ReaderUserRef) ([]foreignItem, error) {
	user := aws.String(u.Name)
	certs, err := collect(ctx, iam.NewListSigningCertificatesPaginator(c.api, &iam.ListSigningCertificatesInput{UserName: user}),
		func(o *iam.ListSigningCertificatesOutput) []iamtypes.SigningCertificate { return o.Certificates })
	if err != nil {
		return nil, err
	}
	var items []foreignItem
	for _, cert := range certs {
		id := cert.CertificateId
		items = append(items, foreignItem{what: "signing certificate " + aws.ToString(id), remove: func(ctx context.Context) error {
			_, err := c.api.DeleteSigningCertificate(ctx, &iam.DeleteSigningCertificateInput{UserName: user, CertificateId: id})
			return err
		}})
	}
	keys, err := collect(ctx, iam.NewListSSHPublicKeysPaginator(c.api, &iam.ListSSHPublicKeysInput{UserName: user}),
		func(o *iam.ListSSHPublicKeysOutput) []iamtypes.SSHPublicKeyMetadata { return o.SSHPublicKeys })
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		id := k.SSHPublicKeyId
		items = append(items, foreignItem{what: "SSH public key " + aws.ToString(id), remove: func(ctx context.Context) error {
			_, err := c.api.DeleteSSHPublicKey(ctx, &iam.DeleteSSHPublicKeyInput{UserName: user, SSHPublicKeyId: id})
			return err
		}})
	}
	return items, nil
}

func (c *Client) foreignUserPolicies(ctx context.Context, u ReaderUserRef) ([]foreignItem, error) {
	user := aws.String(u.Name)
	inline, err := collect(ctx, iam.NewListUserPoliciesPaginator(c.api, &iam.ListUserPoliciesInput{UserName: user}),
		func(o *iam.ListUserPoliciesOutput) []string { return o.PolicyNames })
	if err != nil {
		return nil, err
	}
	var items []foreignItem
	for _, name := range inline {
		items = append(items, foreignItem{what: "inline user policy " + name, remove: func(ctx context.Context) error {
			_, err := c.api.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: user, PolicyName: aws.String(name)})
			return err
		}})
	}
	attached, err := attachedPolicyARNs(ctx, iam.NewListAttachedUserPoliciesPaginator(c.api, &iam.ListAttachedUserPoliciesInput{UserName: user}),
		func(o *iam.ListAttachedUserPoliciesOutput) []iamtypes.AttachedPolicy { return o.AttachedPolicies })
	if err != nil {
		return nil, err
	}
	for _, arn := range attached {
		items = append(items, foreignItem{what: "directly attached policy " + arn, remove: func(ctx context.Context) error {
			_, err := c.api.DetachUserPolicy(ctx, &iam.DetachUserPolicyInput{UserName: user, PolicyArn: aws.String(arn)})
			return err
		}})
	}
	return items, nil
}

func (c *Client) foreignGroupMemberships(ctx context.Context, u ReaderUserRef) ([]foreignItem, error) {
	groups, err := c.groupsOf(ctx, u.Name)
	if err != nil {
		return nil, err
	}
	var items []foreignItem
	for _, name := range groups {
		if name == u.Name {
			continue
		}
		items = append(items, foreignItem{what: "membership in group " + name, remove: func(ctx context.Context) error {
			return c.removeFromGroup(ctx, name, u.Name)
		}})
	}
	return items, nil
}

func (c *Client) foreignGroupContents(ctx context.Context, u ReaderUserRef) ([]foreignItem, error) {
	group := u.Name
	members, err := collect(ctx, iam.NewGetGroupPaginator(c.api, &iam.GetGroupInput{GroupName: aws.String(group)}),
		func(o *iam.GetGroupOutput) []iamtypes.User { return o.Users })
	if err != nil {
		return nil, err
	}
	var items []foreignItem
	for _, m := range members {
		name := aws.ToString(m.UserName)
		if name == u.Name {
			continue
		}
		items = append(items, foreignItem{what: "member " + name + " of group " + group, remove: func(ctx context.Context) error {
			return c.removeFromGroup(ctx, group, name)
		}})
	}
	inline, err := collect(ctx, iam.NewListGroupPoliciesPaginator(c.api, &iam.ListGroupPoliciesInput{GroupName: aws.String(group)}),
		func(o *iam.ListGroupPoliciesOutput) []string { return o.PolicyNames })
	if err != nil {
		return nil, err
	}
	for _, name := range inline {
		items = append(items, foreignItem{what: "inline policy " + name + " of group " + group, remove: func(ctx context.Context) error {
			_, err := c.api.DeleteGroupPolicy(ctx, &iam.DeleteGroupPolicyInput{GroupName: aws.String(group), PolicyName: aws.String(name)})
			return err
		}})
	}
	attached, err := c.attachedGroupPolicies(ctx, group)
	if err != nil {
		return nil, err
	}
	owned := c.account.PolicyARN(u.Path, ReaderPolicyName(u.Name))
	for _, arn := range attached {
		if arn == owned {
			continue
		}
		items = append(items, foreignItem{what: "policy " + arn + " attached to group " + group, remove: func(ctx context.Context) error {
			return c.detachGroupPolicy(ctx, group, arn)
		}})
	}
	return items, nil
}

func (c *Client) foreignPolicyAttachments(ctx context.Context, u ReaderUserRef) ([]foreignItem, error) {
	owned := c.account.PolicyARN(u.Path, ReaderPolicyName(u.Name))
	att, err := c.policyAttachments(ctx, owned)
	if err != nil {
		return nil, err
	}
	others := attachments{users: att.users, roles: att.roles}
	for _, g := range att.groups {
		if g != u.Name {
			others.groups = append(others.groups, g)
		}
	}
	if others.empty() {
		return nil, nil
	}
	var names []string
	names = append(names, prefixed("user ", others.users)...)
	names = append(names, prefixed("group ", others.groups)...)
	names = append(names, prefixed("role ", others.roles)...)
	return []foreignItem{{what: "attachments of " + owned + " to " + strings.Join(names, ", "), remove: func(ctx context.Context) error {
		return c.detachEverywhere(ctx, owned, others)
	}}}, nil
}

func prefixed(prefix string, values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = prefix + v
	}
	return out
}

// groupsOf lists the names of the groups the user is in.
func (c *Client) groupsOf(ctx context.Context, user string) ([]string, error) {
	groups, err := collect(ctx, iam.NewListGroupsForUserPaginator(c.api, &iam.ListGroupsForUserInput{UserName: aws.String(user)}),
		func(o *iam.ListGroupsForUserOutput) []iamtypes.Group { return o.Groups })
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(groups))
	for _, g := range groups {
		names = append(names, aws.ToString(g.GroupName))
	}
	return names, nil
}

// removeFromGroup removes a user from a group; a membership already gone is fine.
func (c *Client) removeFromGroup(ctx context.Context, group, user string) error {
	_, err := c.api.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{GroupName: aws.String(group), UserName: aws.String(user)})
	if awserr.IsNoSuchEntity(err) {
		return nil
	}
	return err
}
