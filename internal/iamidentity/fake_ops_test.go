package iamidentity

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// The fake's operations. Each runs under f.mu (through do) and answers as
// IAM does for the cases the write side meets; lists come in one page.

func (f *fakeIAM) id(prefix string) string {
	f.nextID++
	return fmt.Sprintf("%s%016d", prefix, f.nextID)
}

// created is IAM's creation time: its clock, whole seconds.
func (f *fakeIAM) created() *time.Time {
	t := f.clocks.serverNow().Truncate(time.Second)
	return &t
}

func (f *fakeIAM) user(op, name string) (*fakeUser, error) {
	u, ok := f.users[name]
	if !ok {
		return nil, noSuchEntity(op, "user with name "+name)
	}
	return u, nil
}

func (f *fakeIAM) group(op, name string) (*fakeGroup, error) {
	g, ok := f.groups[name]
	if !ok {
		return nil, noSuchEntity(op, "group with name "+name)
	}
	return g, nil
}

func (f *fakeIAM) role(op, name string) (*fakeRole, error) {
	r, ok := f.roles[name]
	if !ok {
		return nil, noSuchEntity(op, "role with name "+name)
	}
	return r, nil
}

func (f *fakeIAM) policy(op, arn string) (*fakePolicy, error) {
	p, ok := f.policies[arn]
	if !ok {
		return nil, noSuchEntity(op, "policy "+arn)
	}
	return p, nil
}

func without(list []string, v string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(e string) bool { return e == v })
}

func untagged(tags []types.Tag, keys []string) []types.Tag {
	return slices.DeleteFunc(slices.Clone(tags), func(t types.Tag) bool { return slices.Contains(keys, aws.ToString(t.Key)) })
}

func retagged(tags, set []types.Tag) []types.Tag {
	for _, t := range set {
		tags = untagged(tags, []string{aws.ToString(t.Key)})
		tags = append(tags, t)
	}
	return tags
}

func pathOr(p *string) string {
	if aws.ToString(p) == "" {
		return "/"
	}
	return aws.ToString(p)
}

// Users.

func (f *fakeIAM) CreateUser(ctx context.Context, in *iam.CreateUserInput, optFns ...func(*iam.Options)) (*iam.CreateUserOutput, error) {
	return do(ctx, f, "CreateUser", optFns, func() (*iam.CreateUserOutput, error) {
		name := aws.ToString(in.UserName)
		if _, ok := f.users[name]; ok {
			return nil, alreadyExists("CreateUser", "User with name "+name)
		}
		if len(in.Tags) > 0 {
			f.implied["iam:TagUser"] = true
		}
		path := pathOr(in.Path)
		u := &fakeUser{user: types.User{
			UserName: aws.String(name), Path: aws.String(path), UserId: aws.String(f.id("AIDA")), CreateDate: f.created(),
			Arn: aws.String(testAccount.UserARN(path, name)),
		}, tags: slices.Clone(in.Tags)}
		if in.PermissionsBoundary != nil {
			u.user.PermissionsBoundary = &types.AttachedPermissionsBoundary{PermissionsBoundaryArn: in.PermissionsBoundary}
		}
		f.users[name] = u
		return &iam.CreateUserOutput{User: &u.user}, nil
	})
}

func (f *fakeIAM) GetUser(ctx context.Context, in *iam.GetUserInput, optFns ...func(*iam.Options)) (*iam.GetUserOutput, error) {
	return do(ctx, f, "GetUser", optFns, func() (*iam.GetUserOutput, error) {
		u, err := f.user("GetUser", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		user := u.user
		return &iam.GetUserOutput{User: &user}, nil
	})
}

func (f *fakeIAM) DeleteUser(ctx context.Context, in *iam.DeleteUserInput, optFns ...func(*iam.Options)) (*iam.DeleteUserOutput, error) {
	return do(ctx, f, "DeleteUser", optFns, func() (*iam.DeleteUserOutput, error) {
		name := aws.ToString(in.UserName)
		u, err := f.user("DeleteUser", name)
		if err != nil {
			return nil, err
		}
		inGroup := false
		for _, g := range f.groups {
			inGroup = inGroup || slices.Contains(g.members, name)
		}
		if len(u.keys) > 0 || u.loginProfile || len(u.mfa)+len(u.certs)+len(u.sshKeys)+len(u.inline)+len(u.attachedARN) > 0 || inGroup {
			return nil, apiError("DeleteUser", 409, "DeleteConflict", "Cannot delete entity, must remove dependent entities first.")
		}
		delete(f.users, name)
		return &iam.DeleteUserOutput{}, nil
	})
}

func (f *fakeIAM) ListUserTags(ctx context.Context, in *iam.ListUserTagsInput, optFns ...func(*iam.Options)) (*iam.ListUserTagsOutput, error) {
	return do(ctx, f, "ListUserTags", optFns, func() (*iam.ListUserTagsOutput, error) {
		u, err := f.user("ListUserTags", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		return &iam.ListUserTagsOutput{Tags: slices.Clone(u.tags)}, nil
	})
}

func (f *fakeIAM) TagUser(ctx context.Context, in *iam.TagUserInput, optFns ...func(*iam.Options)) (*iam.TagUserOutput, error) {
	return do(ctx, f, "TagUser", optFns, func() (*iam.TagUserOutput, error) {
		u, err := f.user("TagUser", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		u.tags = retagged(u.tags, in.Tags)
		return &iam.TagUserOutput{}, nil
	})
}

func (f *fakeIAM) UntagUser(ctx context.Context, in *iam.UntagUserInput, optFns ...func(*iam.Options)) (*iam.UntagUserOutput, error) {
	return do(ctx, f, "UntagUser", optFns, func() (*iam.UntagUserOutput, error) {
		u, err := f.user("UntagUser", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		u.tags = untagged(u.tags, in.TagKeys)
		return &iam.UntagUserOutput{}, nil
	})
}

func (f *fakeIAM) PutUserPermissionsBoundary(ctx context.Context, in *iam.PutUserPermissionsBoundaryInput, optFns ...func(*iam.Options)) (*iam.PutUserPermissionsBoundaryOutput, error) {
	return do(ctx, f, "PutUserPermissionsBoundary", optFns, func() (*iam.PutUserPermissionsBoundaryOutput, error) {
		u, err := f.user("PutUserPermissionsBoundary", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		u.user.PermissionsBoundary = &types.AttachedPermissionsBoundary{PermissionsBoundaryArn: in.PermissionsBoundary}
		return &iam.PutUserPermissionsBoundaryOutput{}, nil
	})
}

func (f *fakeIAM) DeleteUserPermissionsBoundary(ctx context.Context, in *iam.DeleteUserPermissionsBoundaryInput, optFns ...func(*iam.Options)) (*iam.DeleteUserPermissionsBoundaryOutput, error) {
	return do(ctx, f, "DeleteUserPermissionsBoundary", optFns, func() (*iam.DeleteUserPermissionsBoundaryOutput, error) {
		u, err := f.user("DeleteUserPermissionsBoundary", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		u.user.PermissionsBoundary = nil
		return &iam.DeleteUserPermissionsBoundaryOutput{}, nil
	})
}

// Access keys.

func (f *fakeIAM) CreateAccessKey(ctx context.Context, in *iam.CreateAccessKeyInput, optFns ...func(*iam.Options)) (*iam.CreateAccessKeyOutput, error) {
	return do(ctx, f, "CreateAccessKey", optFns, func() (*iam.CreateAccessKeyOutput, error) {
		name := aws.ToString(in.UserName)
		u, err := f.user("CreateAccessKey", name)
		if err != nil {
			return nil, err
		}
		if len(u.keys) >= 2 {
			return nil, apiError("CreateAccessKey", 409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2")
		}
		id := f.id("AKIA")
		meta := types.AccessKeyMetadata{AccessKeyId: aws.String(id), UserName: aws.String(name), Status: types.StatusTypeActive, CreateDate: f.created()}
		u.keys = append(u.keys, meta)
		return &iam.CreateAccessKeyOutput{AccessKey: &types.AccessKey{
			AccessKeyId: meta.AccessKeyId, UserName: meta.UserName, Status: meta.Status, CreateDate: meta.CreateDate,
			SecretAccessKey: aws.String("secret-of-" + id),
		}}, nil
	})
}

func (f *fakeIAM) ListAccessKeys(ctx context.Context, in *iam.ListAccessKeysInput, optFns ...func(*iam.Options)) (*iam.ListAccessKeysOutput, error) {
	return do(ctx, f, "ListAccessKeys", optFns, func() (*iam.ListAccessKeysOutput, error) {
		u, err := f.user("ListAccessKeys", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		return &iam.ListAccessKeysOutput{AccessKeyMetadata: slices.Clone(u.keys)}, nil
	})
}

func (f *fakeIAM) DeleteAccessKey(ctx context.Context, in *iam.DeleteAccessKeyInput, optFns ...func(*iam.Options)) (*iam.DeleteAccessKeyOutput, error) {
	return do(ctx, f, "DeleteAccessKey", optFns, func() (*iam.DeleteAccessKeyOutput, error) {
		u, err := f.user("DeleteAccessKey", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(u.keys, func(k types.AccessKeyMetadata) bool {
			return aws.ToString(k.AccessKeyId) == aws.ToString(in.AccessKeyId)
		})
		if i < 0 {
			return nil, noSuchEntity("DeleteAccessKey", "access key "+aws.ToString(in.AccessKeyId))
		}
		u.keys = slices.Delete(u.keys, i, i+1)
		return &iam.DeleteAccessKeyOutput{}, nil
	})
}

func (f *fakeIAM) UpdateAccessKey(ctx context.Context, in *iam.UpdateAccessKeyInput, optFns ...func(*iam.Options)) (*iam.UpdateAccessKeyOutput, error) {
	return do(ctx, f, "UpdateAccessKey", optFns, func() (*iam.UpdateAccessKeyOutput, error) {
		u, err := f.user("UpdateAccessKey", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		for i := range u.keys {
			if aws.ToString(u.keys[i].AccessKeyId) == aws.ToString(in.AccessKeyId) {
				u.keys[i].Status = in.Status
				return &iam.UpdateAccessKeyOutput{}, nil
			}
		}
		return nil, noSuchEntity("UpdateAccessKey", "access key "+aws.ToString(in.AccessKeyId))
	})
}

// What blocks deleting a user.

func (f *fakeIAM) GetLoginProfile(ctx context.Context, in *iam.GetLoginProfileInput, optFns ...func(*iam.Options)) (*iam.GetLoginProfileOutput, error) {
	return do(ctx, f, "GetLoginProfile", optFns, func() (*iam.GetLoginProfileOutput, error) {
		u, err := f.user("GetLoginProfile", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		if !u.loginProfile {
			return nil, noSuchEntity("GetLoginProfile", "login profile for "+aws.ToString(in.UserName))
		}
		return &iam.GetLoginProfileOutput{LoginProfile: &types.LoginProfile{UserName: in.UserName}}, nil
	})
}

func (f *fakeIAM) DeleteLoginProfile(ctx context.Context, in *iam.DeleteLoginProfileInput, optFns ...func(*iam.Options)) (*iam.DeleteLoginProfileOutput, error) {
	return do(ctx, f, "DeleteLoginProfile", optFns, func() (*iam.DeleteLoginProfileOutput, error) {
		u, err := f.user("DeleteLoginProfile", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		u.loginProfile = false
		return &iam.DeleteLoginProfileOutput{}, nil
	})
}

func (f *fakeIAM) ListMFADevices(ctx context.Context, in *iam.ListMFADevicesInput, optFns ...func(*iam.Options)) (*iam.ListMFADevicesOutput, error) {
	return do(ctx, f, "ListMFADevices", optFns, func() (*iam.ListMFADevicesOutput, error) {
		u, err := f.user("ListMFADevices", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		out := &iam.ListMFADevicesOutput{}
		for _, s := range u.mfa {
			out.MFADevices = append(out.MFADevices, types.MFADevice{SerialNumber: aws.String(s), UserName: in.UserName})
		}
		return out, nil
	})
}

func (f *fakeIAM) DeactivateMFADevice(ctx context.Context, in *iam.DeactivateMFADeviceInput, optFns ...func(*iam.Options)) (*iam.DeactivateMFADeviceOutput, error) {
	return do(ctx, f, "DeactivateMFADevice", optFns, func() (*iam.DeactivateMFADeviceOutput, error) {
		u, err := f.user("DeactivateMFADevice", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		u.mfa = without(u.mfa, aws.ToString(in.SerialNumber))
		return &iam.DeactivateMFADeviceOutput{}, nil
	})
}

func (f *fakeIAM) DeleteVirtualMFADevice(ctx context.Context, _ *iam.DeleteVirtualMFADeviceInput, optFns ...func(*iam.Options)) (*iam.DeleteVirtualMFADeviceOutput, error) {
	return do(ctx, f, "DeleteVirtualMFADevice", optFns, func() (*iam.DeleteVirtualMFADeviceOutput, error) {
		return &iam.DeleteVirtualMFADeviceOutput{}, nil
	})
}

func (f *fakeIAM) ListSigningCertificates(ctx context.Context, in *iam.ListSigningCertificatesInput, optFns ...func(*iam.Options)) (*iam.ListSigningCertificatesOutput, error) {
	return do(ctx, f, "ListSigningCertificates", optFns, func() (*iam.ListSigningCertificatesOutput, error) {
		u, err := f.user("ListSigningCertificates", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		out := &iam.ListSigningCertificatesOutput{}
		for _, c := range u.certs {
			out.Certificates = append(out.Certificates, types.SigningCertificate{CertificateId: aws.String(c), UserName: in.UserName})
		}
		return out, nil
	})
}

func (f *fakeIAM) DeleteSigningCertificate(ctx context.Context, in *iam.DeleteSigningCertificateInput, optFns ...func(*iam.Options)) (*iam.DeleteSigningCertificateOutput, error) {
	return do(ctx, f, "DeleteSigningCertificate", optFns, func() (*iam.DeleteSigningCertificateOutput, error) {
		u, err := f.user("DeleteSigningCertificate", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		u.certs = without(u.certs, aws.ToString(in.CertificateId))
		return &iam.DeleteSigningCertificateOutput{}, nil
	})
}

func (f *fakeIAM) ListSSHPublicKeys(ctx context.Context, in *iam.ListSSHPublicKeysInput, optFns ...func(*iam.Options)) (*iam.ListSSHPublicKeysOutput, error) {
	return do(ctx, f, "ListSSHPublicKeys", optFns, func() (*iam.ListSSHPublicKeysOutput, error) {
		u, err := f.user("ListSSHPublicKeys", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		out := &iam.ListSSHPublicKeysOutput{}
		for _, k := range u.sshKeys {
			out.SSHPublicKeys = append(out.SSHPublicKeys, types.SSHPublicKeyMetadata{SSHPublicKeyId: aws.String(k), UserName: in.UserName})
		}
		return out, nil
	})
}

func (f *fakeIAM) DeleteSSHPublicKey(ctx context.Context, in *iam.DeleteSSHPublicKeyInput, optFns ...func(*iam.Options)) (*iam.DeleteSSHPublicKeyOutput, error) {
	return do(ctx, f, "DeleteSSHPublicKey", optFns, func() (*iam.DeleteSSHPublicKeyOutput, error) {
		u, err := f.user("DeleteSSHPublicKey", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		u.sshKeys = without(u.sshKeys, aws.ToString(in.SSHPublicKeyId))
		return &iam.DeleteSSHPublicKeyOutput{}, nil
	})
}

func (f *fakeIAM) ListUserPolicies(ctx context.Context, in *iam.ListUserPoliciesInput, optFns ...func(*iam.Options)) (*iam.ListUserPoliciesOutput, error) {
	return do(ctx, f, "ListUserPolicies", optFns, func() (*iam.ListUserPoliciesOutput, error) {
		u, err := f.user("ListUserPolicies", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		return &iam.ListUserPoliciesOutput{PolicyNames: slices.Clone(u.inline)}, nil
	})
}

func (f *fakeIAM) DeleteUserPolicy(ctx context.Context, in *iam.DeleteUserPolicyInput, optFns ...func(*iam.Options)) (*iam.DeleteUserPolicyOutput, error) {
	return do(ctx, f, "DeleteUserPolicy", optFns, func() (*iam.DeleteUserPolicyOutput, error) {
		u, err := f.user("DeleteUserPolicy", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		u.inline = without(u.inline, aws.ToString(in.PolicyName))
		return &iam.DeleteUserPolicyOutput{}, nil
	})
}

func (f *fakeIAM) ListAttachedUserPolicies(ctx context.Context, in *iam.ListAttachedUserPoliciesInput, optFns ...func(*iam.Options)) (*iam.ListAttachedUserPoliciesOutput, error) {
	return do(ctx, f, "ListAttachedUserPolicies", optFns, func() (*iam.ListAttachedUserPoliciesOutput, error) {
		u, err := f.user("ListAttachedUserPolicies", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		return &iam.ListAttachedUserPoliciesOutput{AttachedPolicies: attached(u.attachedARN)}, nil
	})
}

func (f *fakeIAM) DetachUserPolicy(ctx context.Context, in *iam.DetachUserPolicyInput, optFns ...func(*iam.Options)) (*iam.DetachUserPolicyOutput, error) {
	return do(ctx, f, "DetachUserPolicy", optFns, func() (*iam.DetachUserPolicyOutput, error) {
		u, err := f.user("DetachUserPolicy", aws.ToString(in.UserName))
		if err != nil {
			return nil, err
		}
		u.attachedARN = without(u.attachedARN, aws.ToString(in.PolicyArn))
		return &iam.DetachUserPolicyOutput{}, nil
	})
}

func attached(arns []string) []types.AttachedPolicy {
	out := make([]types.AttachedPolicy, 0, len(arns))
	for _, a := range arns {
		out = append(out, types.AttachedPolicy{PolicyArn: aws.String(a), PolicyName: aws.String(a[strings.LastIndex(a, "/")+1:])})
	}
	return out
}

// Groups.

func (f *fakeIAM) CreateGroup(ctx context.Context, in *iam.CreateGroupInput, optFns ...func(*iam.Options)) (*iam.CreateGroupOutput, error) {
	return do(ctx, f, "CreateGroup", optFns, func() (*iam.CreateGroupOutput, error) {
		name := aws.ToString(in.GroupName)
		if _, ok := f.groups[name]; ok {
			return nil, alreadyExists("CreateGroup", "Group with name "+name)
		}
		path := pathOr(in.Path)
		g := &fakeGroup{group: types.Group{GroupName: aws.String(name), Path: aws.String(path), GroupId: aws.String(f.id("AGPA")),
			CreateDate: f.created(), Arn: aws.String("arn:aws:iam::" + testAccount.ID + ":group" + path + name)}}
		f.groups[name] = g
		return &iam.CreateGroupOutput{Group: &g.group}, nil
	})
}

func (f *fakeIAM) GetGroup(ctx context.Context, in *iam.GetGroupInput, optFns ...func(*iam.Options)) (*iam.GetGroupOutput, error) {
	return do(ctx, f, "GetGroup", optFns, func() (*iam.GetGroupOutput, error) {
		g, err := f.group("GetGroup", aws.ToString(in.GroupName))
		if err != nil {
			return nil, err
		}
		out := &iam.GetGroupOutput{Group: &g.group}
		for _, m := range g.members {
			out.Users = append(out.Users, types.User{UserName: aws.String(m)})
		}
		return out, nil
	})
}

func (f *fakeIAM) DeleteGroup(ctx context.Context, in *iam.DeleteGroupInput, optFns ...func(*iam.Options)) (*iam.DeleteGroupOutput, error) {
	return do(ctx, f, "DeleteGroup", optFns, func() (*iam.DeleteGroupOutput, error) {
		name := aws.ToString(in.GroupName)
		g, err := f.group("DeleteGroup", name)
		if err != nil {
			return nil, err
		}
		if len(g.members)+len(g.inline)+len(g.attachedARNs) > 0 {
			return nil, apiError("DeleteGroup", 409, "DeleteConflict", "Cannot delete entity, must remove users from group first.")
		}
		delete(f.groups, name)
		return &iam.DeleteGroupOutput{}, nil
	})
}

func (f *fakeIAM) AddUserToGroup(ctx context.Context, in *iam.AddUserToGroupInput, optFns ...func(*iam.Options)) (*iam.AddUserToGroupOutput, error) {
	return do(ctx, f, "AddUserToGroup", optFns, func() (*iam.AddUserToGroupOutput, error) {
		g, err := f.group("AddUserToGroup", aws.ToString(in.GroupName))
		if err != nil {
			return nil, err
		}
		if _, err := f.user("AddUserToGroup", aws.ToString(in.UserName)); err != nil {
			return nil, err
		}
		if !slices.Contains(g.members, aws.ToString(in.UserName)) {
			g.members = append(g.members, aws.ToString(in.UserName))
		}
		return &iam.AddUserToGroupOutput{}, nil
	})
}

func (f *fakeIAM) RemoveUserFromGroup(ctx context.Context, in *iam.RemoveUserFromGroupInput, optFns ...func(*iam.Options)) (*iam.RemoveUserFromGroupOutput, error) {
	return do(ctx, f, "RemoveUserFromGroup", optFns, func() (*iam.RemoveUserFromGroupOutput, error) {
		g, err := f.group("RemoveUserFromGroup", aws.ToString(in.GroupName))
		if err != nil {
			return nil, err
		}
		if !slices.Contains(g.members, aws.ToString(in.UserName)) {
			return nil, noSuchEntity("RemoveUserFromGroup", "user "+aws.ToString(in.UserName)+" in group")
		}
		g.members = without(g.members, aws.ToString(in.UserName))
		return &iam.RemoveUserFromGroupOutput{}, nil
	})
}

func (f *fakeIAM) ListGroupsForUser(ctx context.Context, in *iam.ListGroupsForUserInput, optFns ...func(*iam.Options)) (*iam.ListGroupsForUserOutput, error) {
	return do(ctx, f, "ListGroupsForUser", optFns, func() (*iam.ListGroupsForUserOutput, error) {
		if _, err := f.user("ListGroupsForUser", aws.ToString(in.UserName)); err != nil {
			return nil, err
		}
		out := &iam.ListGroupsForUserOutput{}
		for _, name := range slices.Sorted(mapKeys(f.groups)) {
			if g := f.groups[name]; slices.Contains(g.members, aws.ToString(in.UserName)) {
				out.Groups = append(out.Groups, g.group)
			}
		}
		return out, nil
	})
}

func (f *fakeIAM) ListGroupPolicies(ctx context.Context, in *iam.ListGroupPoliciesInput, optFns ...func(*iam.Options)) (*iam.ListGroupPoliciesOutput, error) {
	return do(ctx, f, "ListGroupPolicies", optFns, func() (*iam.ListGroupPoliciesOutput, error) {
		g, err := f.group("ListGroupPolicies", aws.ToString(in.GroupName))
		if err != nil {
			return nil, err
		}
		return &iam.ListGroupPoliciesOutput{PolicyNames: slices.Clone(g.inline)}, nil
	})
}

func (f *fakeIAM) DeleteGroupPolicy(ctx context.Context, in *iam.DeleteGroupPolicyInput, optFns ...func(*iam.Options)) (*iam.DeleteGroupPolicyOutput, error) {
	return do(ctx, f, "DeleteGroupPolicy", optFns, func() (*iam.DeleteGroupPolicyOutput, error) {
		g, err := f.group("DeleteGroupPolicy", aws.ToString(in.GroupName))
		if err != nil {
			return nil, err
		}
		g.inline = without(g.inline, aws.ToString(in.PolicyName))
		return &iam.DeleteGroupPolicyOutput{}, nil
	})
}

func (f *fakeIAM) AttachGroupPolicy(ctx context.Context, in *iam.AttachGroupPolicyInput, optFns ...func(*iam.Options)) (*iam.AttachGroupPolicyOutput, error) {
	return do(ctx, f, "AttachGroupPolicy", optFns, func() (*iam.AttachGroupPolicyOutput, error) {
		g, err := f.group("AttachGroupPolicy", aws.ToString(in.GroupName))
		if err != nil {
			return nil, err
		}
		if err := f.managedPolicyExists("AttachGroupPolicy", aws.ToString(in.PolicyArn)); err != nil {
			return nil, err
		}
		if !slices.Contains(g.attachedARNs, aws.ToString(in.PolicyArn)) {
			g.attachedARNs = append(g.attachedARNs, aws.ToString(in.PolicyArn))
		}
		return &iam.AttachGroupPolicyOutput{}, nil
	})
}

func (f *fakeIAM) DetachGroupPolicy(ctx context.Context, in *iam.DetachGroupPolicyInput, optFns ...func(*iam.Options)) (*iam.DetachGroupPolicyOutput, error) {
	return do(ctx, f, "DetachGroupPolicy", optFns, func() (*iam.DetachGroupPolicyOutput, error) {
		g, err := f.group("DetachGroupPolicy", aws.ToString(in.GroupName))
		if err != nil {
			return nil, err
		}
		if !slices.Contains(g.attachedARNs, aws.ToString(in.PolicyArn)) {
			return nil, noSuchEntity("DetachGroupPolicy", "policy "+aws.ToString(in.PolicyArn)+" attached to group")
		}
		g.attachedARNs = without(g.attachedARNs, aws.ToString(in.PolicyArn))
		return &iam.DetachGroupPolicyOutput{}, nil
	})
}

func (f *fakeIAM) ListAttachedGroupPolicies(ctx context.Context, in *iam.ListAttachedGroupPoliciesInput, optFns ...func(*iam.Options)) (*iam.ListAttachedGroupPoliciesOutput, error) {
	return do(ctx, f, "ListAttachedGroupPolicies", optFns, func() (*iam.ListAttachedGroupPoliciesOutput, error) {
		g, err := f.group("ListAttachedGroupPolicies", aws.ToString(in.GroupName))
		if err != nil {
			return nil, err
		}
		return &iam.ListAttachedGroupPoliciesOutput{AttachedPolicies: attached(g.attachedARNs)}, nil
	})
}

// AWS managed policies exist without being created.
func (f *fakeIAM) managedPolicyExists(op, arn string) error {
	if strings.HasPrefix(arn, "arn:aws:iam::aws:policy/") {
		return nil
	}
	_, err := f.policy(op, arn)
	return err
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// Managed policies.

func (f *fakeIAM) CreatePolicy(ctx context.Context, in *iam.CreatePolicyInput, optFns ...func(*iam.Options)) (*iam.CreatePolicyOutput, error) {
	return do(ctx, f, "CreatePolicy", optFns, func() (*iam.CreatePolicyOutput, error) {
		path := pathOr(in.Path)
		arn := testAccount.PolicyARN(path, aws.ToString(in.PolicyName))
		if _, ok := f.policies[arn]; ok {
			return nil, alreadyExists("CreatePolicy", "A policy called "+aws.ToString(in.PolicyName))
		}
		if len(in.Tags) > 0 {
			f.implied["iam:TagPolicy"] = true
		}
		p := &fakePolicy{policy: types.Policy{
			PolicyName: in.PolicyName, Path: aws.String(path), Arn: aws.String(arn), PolicyId: aws.String(f.id("ANPA")),
			CreateDate: f.created(), DefaultVersionId: aws.String("v1"), Description: in.Description,
		}, tags: slices.Clone(in.Tags)}
		p.addVersion(aws.ToString(in.PolicyDocument), f.created())
		f.policies[arn] = p
		policy := p.policy
		return &iam.CreatePolicyOutput{Policy: &policy}, nil
	})
}

func (p *fakePolicy) addVersion(doc string, created *time.Time) string {
	p.nextV++
	id := fmt.Sprintf("v%d", p.nextV)
	for i := range p.versions {
		p.versions[i].IsDefaultVersion = false
	}
	p.versions = append(p.versions, types.PolicyVersion{VersionId: aws.String(id), Document: aws.String(doc), IsDefaultVersion: true, CreateDate: created})
	p.policy.DefaultVersionId = aws.String(id)
	return id
}

func (f *fakeIAM) GetPolicy(ctx context.Context, in *iam.GetPolicyInput, optFns ...func(*iam.Options)) (*iam.GetPolicyOutput, error) {
	return do(ctx, f, "GetPolicy", optFns, func() (*iam.GetPolicyOutput, error) {
		p, err := f.policy("GetPolicy", aws.ToString(in.PolicyArn))
		if err != nil {
			return nil, err
		}
		policy := p.policy
		return &iam.GetPolicyOutput{Policy: &policy}, nil
	})
}

func (f *fakeIAM) GetPolicyVersion(ctx context.Context, in *iam.GetPolicyVersionInput, optFns ...func(*iam.Options)) (*iam.GetPolicyVersionOutput, error) {
	return do(ctx, f, "GetPolicyVersion", optFns, func() (*iam.GetPolicyVersionOutput, error) {
		p, err := f.policy("GetPolicyVersion", aws.ToString(in.PolicyArn))
		if err != nil {
			return nil, err
		}
		for _, v := range p.versions {
			if aws.ToString(v.VersionId) == aws.ToString(in.VersionId) {
				// IAM returns documents URL-encoded.
				encoded := v
				encoded.Document = aws.String(urlEncode(aws.ToString(v.Document)))
				return &iam.GetPolicyVersionOutput{PolicyVersion: &encoded}, nil
			}
		}
		return nil, noSuchEntity("GetPolicyVersion", "policy version "+aws.ToString(in.VersionId))
	})
}

func (f *fakeIAM) ListPolicyVersions(ctx context.Context, in *iam.ListPolicyVersionsInput, optFns ...func(*iam.Options)) (*iam.ListPolicyVersionsOutput, error) {
	return do(ctx, f, "ListPolicyVersions", optFns, func() (*iam.ListPolicyVersionsOutput, error) {
		p, err := f.policy("ListPolicyVersions", aws.ToString(in.PolicyArn))
		if err != nil {
			return nil, err
		}
		return &iam.ListPolicyVersionsOutput{Versions: slices.Clone(p.versions)}, nil
	})
}

func (f *fakeIAM) CreatePolicyVersion(ctx context.Context, in *iam.CreatePolicyVersionInput, optFns ...func(*iam.Options)) (*iam.CreatePolicyVersionOutput, error) {
	return do(ctx, f, "CreatePolicyVersion", optFns, func() (*iam.CreatePolicyVersionOutput, error) {
		p, err := f.policy("CreatePolicyVersion", aws.ToString(in.PolicyArn))
		if err != nil {
			return nil, err
		}
		if len(p.versions) >= maxPolicyVersions {
			return nil, apiError("CreatePolicyVersion", 409, "LimitExceeded", "A managed policy can have up to 5 versions.")
		}
		id := p.addVersion(aws.ToString(in.PolicyDocument), f.created())
		return &iam.CreatePolicyVersionOutput{PolicyVersion: &types.PolicyVersion{VersionId: aws.String(id)}}, nil
	})
}

func (f *fakeIAM) DeletePolicyVersion(ctx context.Context, in *iam.DeletePolicyVersionInput, optFns ...func(*iam.Options)) (*iam.DeletePolicyVersionOutput, error) {
	return do(ctx, f, "DeletePolicyVersion", optFns, func() (*iam.DeletePolicyVersionOutput, error) {
		p, err := f.policy("DeletePolicyVersion", aws.ToString(in.PolicyArn))
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(p.versions, func(v types.PolicyVersion) bool { return aws.ToString(v.VersionId) == aws.ToString(in.VersionId) })
		switch {
		case i < 0:
			return nil, noSuchEntity("DeletePolicyVersion", "policy version")
		case p.versions[i].IsDefaultVersion:
			return nil, apiError("DeletePolicyVersion", 409, "DeleteConflict", "Cannot delete the default version of a policy.")
		}
		p.versions = slices.Delete(p.versions, i, i+1)
		return &iam.DeletePolicyVersionOutput{}, nil
	})
}

func (f *fakeIAM) DeletePolicy(ctx context.Context, in *iam.DeletePolicyInput, optFns ...func(*iam.Options)) (*iam.DeletePolicyOutput, error) {
	return do(ctx, f, "DeletePolicy", optFns, func() (*iam.DeletePolicyOutput, error) {
		arn := aws.ToString(in.PolicyArn)
		p, err := f.policy("DeletePolicy", arn)
		if err != nil {
			return nil, err
		}
		if len(p.versions) > 1 || !f.entitiesFor(arn).empty() {
			return nil, apiError("DeletePolicy", 409, "DeleteConflict", "Cannot delete a policy attached to entities or with versions.")
		}
		delete(f.policies, arn)
		return &iam.DeletePolicyOutput{}, nil
	})
}

func (f *fakeIAM) ListPolicyTags(ctx context.Context, in *iam.ListPolicyTagsInput, optFns ...func(*iam.Options)) (*iam.ListPolicyTagsOutput, error) {
	return do(ctx, f, "ListPolicyTags", optFns, func() (*iam.ListPolicyTagsOutput, error) {
		p, err := f.policy("ListPolicyTags", aws.ToString(in.PolicyArn))
		if err != nil {
			return nil, err
		}
		return &iam.ListPolicyTagsOutput{Tags: slices.Clone(p.tags)}, nil
	})
}

func (f *fakeIAM) UntagPolicy(ctx context.Context, in *iam.UntagPolicyInput, optFns ...func(*iam.Options)) (*iam.UntagPolicyOutput, error) {
	return do(ctx, f, "UntagPolicy", optFns, func() (*iam.UntagPolicyOutput, error) {
		p, err := f.policy("UntagPolicy", aws.ToString(in.PolicyArn))
		if err != nil {
			return nil, err
		}
		p.tags = untagged(p.tags, in.TagKeys)
		return &iam.UntagPolicyOutput{}, nil
	})
}

func (f *fakeIAM) ListEntitiesForPolicy(ctx context.Context, in *iam.ListEntitiesForPolicyInput, optFns ...func(*iam.Options)) (*iam.ListEntitiesForPolicyOutput, error) {
	return do(ctx, f, "ListEntitiesForPolicy", optFns, func() (*iam.ListEntitiesForPolicyOutput, error) {
		arn := aws.ToString(in.PolicyArn)
		if err := f.managedPolicyExists("ListEntitiesForPolicy", arn); err != nil {
			return nil, err
		}
		att := f.entitiesFor(arn)
		out := &iam.ListEntitiesForPolicyOutput{}
		for _, u := range att.users {
			out.PolicyUsers = append(out.PolicyUsers, types.PolicyUser{UserName: aws.String(u)})
		}
		for _, g := range att.groups {
			out.PolicyGroups = append(out.PolicyGroups, types.PolicyGroup{GroupName: aws.String(g)})
		}
		for _, r := range att.roles {
			out.PolicyRoles = append(out.PolicyRoles, types.PolicyRole{RoleName: aws.String(r)})
		}
		return out, nil
	})
}

// entitiesFor lists what the policy is attached to, sorted.
func (f *fakeIAM) entitiesFor(arn string) attachments {
	var att attachments
	for _, name := range slices.Sorted(mapKeys(f.users)) {
		if slices.Contains(f.users[name].attachedARN, arn) {
			att.users = append(att.users, name)
		}
	}
	for _, name := range slices.Sorted(mapKeys(f.groups)) {
		if slices.Contains(f.groups[name].attachedARNs, arn) {
			att.groups = append(att.groups, name)
		}
	}
	for _, name := range slices.Sorted(mapKeys(f.roles)) {
		if slices.Contains(f.roles[name].attachedARNs, arn) {
			att.roles = append(att.roles, name)
		}
	}
	return att
}

// Roles.

func (f *fakeIAM) CreateRole(ctx context.Context, in *iam.CreateRoleInput, optFns ...func(*iam.Options)) (*iam.CreateRoleOutput, error) {
	return do(ctx, f, "CreateRole", optFns, func() (*iam.CreateRoleOutput, error) {
		name := aws.ToString(in.RoleName)
		if _, ok := f.roles[name]; ok {
			return nil, alreadyExists("CreateRole", "Role with name "+name)
		}
		if len(in.Tags) > 0 {
			f.implied["iam:TagRole"] = true
		}
		path := pathOr(in.Path)
		r := &fakeRole{role: types.Role{
			RoleName: aws.String(name), Path: aws.String(path), RoleId: aws.String(f.id("AROA")), CreateDate: f.created(),
			Arn: aws.String(testAccount.RoleARN(path, name)), AssumeRolePolicyDocument: aws.String(urlEncode(aws.ToString(in.AssumeRolePolicyDocument))),
			Description: in.Description, MaxSessionDuration: in.MaxSessionDuration,
		}, tags: slices.Clone(in.Tags)}
		if r.role.MaxSessionDuration == nil {
			r.role.MaxSessionDuration = aws.Int32(3600)
		}
		if in.PermissionsBoundary != nil {
			r.role.PermissionsBoundary = &types.AttachedPermissionsBoundary{PermissionsBoundaryArn: in.PermissionsBoundary}
		}
		f.roles[name] = r
		role := r.role
		return &iam.CreateRoleOutput{Role: &role}, nil
	})
}

func (f *fakeIAM) GetRole(ctx context.Context, in *iam.GetRoleInput, optFns ...func(*iam.Options)) (*iam.GetRoleOutput, error) {
	return do(ctx, f, "GetRole", optFns, func() (*iam.GetRoleOutput, error) {
		r, err := f.role("GetRole", aws.ToString(in.RoleName))
		if err != nil {
			return nil, err
		}
		role := r.role
		return &iam.GetRoleOutput{Role: &role}, nil
	})
}

func (f *fakeIAM) DeleteRole(ctx context.Context, in *iam.DeleteRoleInput, optFns ...func(*iam.Options)) (*iam.DeleteRoleOutput, error) {
	return do(ctx, f, "DeleteRole", optFns, func() (*iam.DeleteRoleOutput, error) {
		name := aws.ToString(in.RoleName)
		r, err := f.role("DeleteRole", name)
		if err != nil {
			return nil, err
		}
		if len(r.inline)+len(r.profiles)+len(r.attachedARNs) > 0 {
			return nil, apiError("DeleteRole", 409, "DeleteConflict", "Cannot delete entity, must detach all policies first.")
		}
		delete(f.roles, name)
		return &iam.DeleteRoleOutput{}, nil
	})
}

func (f *fakeIAM) UpdateRole(ctx context.Context, in *iam.UpdateRoleInput, optFns ...func(*iam.Options)) (*iam.UpdateRoleOutput, error) {
	return do(ctx, f, "UpdateRole", optFns, func() (*iam.UpdateRoleOutput, error) {
		r, err := f.role("UpdateRole", aws.ToString(in.RoleName))
		if err != nil {
			return nil, err
		}
		r.role.Description, r.role.MaxSessionDuration = in.Description, in.MaxSessionDuration
		return &iam.UpdateRoleOutput{}, nil
	})
}

func (f *fakeIAM) UpdateAssumeRolePolicy(ctx context.Context, in *iam.UpdateAssumeRolePolicyInput, optFns ...func(*iam.Options)) (*iam.UpdateAssumeRolePolicyOutput, error) {
	return do(ctx, f, "UpdateAssumeRolePolicy", optFns, func() (*iam.UpdateAssumeRolePolicyOutput, error) {
		r, err := f.role("UpdateAssumeRolePolicy", aws.ToString(in.RoleName))
		if err != nil {
			return nil, err
		}
		r.role.AssumeRolePolicyDocument = aws.String(urlEncode(aws.ToString(in.PolicyDocument)))
		return &iam.UpdateAssumeRolePolicyOutput{}, nil
	})
}

func (f *fakeIAM) ListRoleTags(ctx context.Context, in *iam.ListRoleTagsInput, optFns ...func(*iam.Options)) (*iam.ListRoleTagsOutput, error) {
	return do(ctx, f, "ListRoleTags", optFns, func() (*iam.ListRoleTagsOutput, error) {
		r, err := f.role("ListRoleTags", aws.ToString(in.RoleName))
		if err != nil {
			return nil, err
		}
		return &iam.ListRoleTagsOutput{Tags: slices.Clone(r.tags)}, nil
	})
}

func (f *fakeIAM) TagRole(ctx context.Context, in *iam.TagRoleInput, optFns ...func(*iam.Options)) (*iam.TagRoleOutput, error) {
	return do(ctx, f, "TagRole", optFns, func() (*iam.TagRoleOutput, error) {
		r, err := f.role("TagRole", aws.ToString(in.RoleName))
		if err != nil {
			return nil, err
		}
		r.tags = retagged(r.tags, in.Tags)
		return &iam.TagRoleOutput{}, nil
	})
}

func (f *fakeIAM) UntagRole(ctx context.Context, in *iam.UntagRoleInput, optFns ...func(*iam.Options)) (*iam.UntagRoleOutput, error) {
	return do(ctx, f, "UntagRole", optFns, func() (*iam.UntagRoleOutput, error) {
		r, err := f.role("UntagRole", aws.ToString(in.RoleName))
		if err != nil {
			return nil, err
		}
		r.tags = untagged(r.tags, in.TagKeys)
		return &iam.UntagRoleOutput{}, nil
	})
}

func (f *fakeIAM) PutRolePermissionsBoundary(ctx context.Context, in *iam.PutRolePermissionsBoundaryInput, optFns ...func(*iam.Options)) (*iam.PutRolePermissionsBoundaryOutput, error) {
	return do(ctx, f, "PutRolePermissionsBoundary", optFns, func() (*iam.PutRolePermissionsBoundaryOutput, error) {
		r, err := f.role("PutRolePermissionsBoundary", aws.ToString(in.RoleName))
		if err != nil {
			return nil, err
		}
		r.role.PermissionsBoundary = &types.AttachedPermissionsBoundary{PermissionsBoundaryArn: in.PermissionsBoundary}
		return &iam.PutRolePermissionsBoundaryOutput{}, nil
	})
}

func (f *fakeIAM) DeleteRolePermissionsBoundary(ctx context.Context, in *iam.DeleteRolePermissionsBoundaryInput, optFns ...func(*iam.Options)) (*iam.DeleteRolePermissionsBoundaryOutput, error) {
	return do(ctx, f, "DeleteRolePermissionsBoundary", optFns, func() (*iam.DeleteRolePermissionsBoundaryOutput, error) {
		r, err := f.role("DeleteRolePermissionsBoundary", aws.ToString(in.RoleName))
		if err != nil {
			return nil, err
		}
		r.role.PermissionsBoundary = nil
		return &iam.DeleteRolePermissionsBoundaryOutput{}, nil
	})
}

func (f *fakeIAM) AttachRolePolicy(ctx context.Context, in *iam.AttachRolePolicyInput, optFns ...func(*iam.Options)) (*iam.AttachRolePolicyOutput, error) {
	return do(ctx, f, "AttachRolePolicy", optFns, func() (*iam.AttachRolePolicyOutput, error) {
		r, err := f.role("AttachRolePolicy", aws.ToString(in.RoleName))
		if err != nil {
			return nil, err
		}
		if err := f.managedPolicyExists("AttachRolePolicy", aws.ToString(in.PolicyArn)); err != nil {
			return nil, err
		}
		if !slices.Contains(r.attachedARNs, aws.ToString(in.PolicyArn)) {
			r.attachedARNs = append(r.attachedARNs, aws.ToString(in.PolicyArn))
		}
		return &iam.AttachRolePolicyOutput{}, nil
	})
}

func (f *fakeIAM) DetachRolePolicy(ctx context.Context, in *iam.DetachRolePolicyInput, optFns ...func(*iam.Options)) (*iam.DetachRolePolicyOutput, error) {
	return do(ctx, f, "DetachRolePolicy", optFns, func() (*iam.DetachRolePolicyOutput, error) {
		r, err := f.role("DetachRolePolicy", aws.ToString(in.RoleName))
		if err != nil {
			return nil, err
		}
		if !slices.Contains(r.attachedARNs, aws.ToString(in.PolicyArn)) {
			return nil, noSuchEntity("DetachRolePolicy", "policy attached to role")
		}
		r.attachedARNs = without(r.attachedARNs, aws.ToString(in.PolicyArn))
		return &iam.DetachRolePolicyOutput{}, nil
	})
}

func (f *fakeIAM) ListAttachedRolePolicies(ctx context.Context, in *iam.ListAttachedRolePoliciesInput, optFns ...func(*iam.Options)) (*iam.ListAttachedRolePoliciesOutput, error) {
	return do(ctx, f, "ListAttachedRolePolicies", optFns, func() (*iam.ListAttachedRolePoliciesOutput, error) {
		r, err := f.role("ListAttachedRolePolicies", aws.ToString(in.RoleName))
		if err != nil {
			return nil, err
		}
		return &iam.ListAttachedRolePoliciesOutput{AttachedPolicies: attached(r.attachedARNs)}, nil
	})
}

func (f *fakeIAM) ListRolePolicies(ctx context.Context, in *iam.ListRolePoliciesInput, optFns ...func(*iam.Options)) (*iam.ListRolePoliciesOutput, error) {
	return do(ctx, f, "ListRolePolicies", optFns, func() (*iam.ListRolePoliciesOutput, error) {
		r, err := f.role("ListRolePolicies", aws.ToString(in.RoleName))
		if err != nil {
			return nil, err
		}
		return &iam.ListRolePoliciesOutput{PolicyNames: slices.Clone(r.inline)}, nil
	})
}

func (f *fakeIAM) ListInstanceProfilesForRole(ctx context.Context, in *iam.ListInstanceProfilesForRoleInput, optFns ...func(*iam.Options)) (*iam.ListInstanceProfilesForRoleOutput, error) {
	return do(ctx, f, "ListInstanceProfilesForRole", optFns, func() (*iam.ListInstanceProfilesForRoleOutput, error) {
		r, err := f.role("ListInstanceProfilesForRole", aws.ToString(in.RoleName))
		if err != nil {
			return nil, err
		}
		out := &iam.ListInstanceProfilesForRoleOutput{}
		for _, p := range r.profiles {
			out.InstanceProfiles = append(out.InstanceProfiles, types.InstanceProfile{InstanceProfileName: aws.String(p)})
		}
		return out, nil
	})
}

// inventory lists everything in the fake, sorted: what a failed create
// must not leave and a delete must remove.
func (f *fakeIAM) inventory() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for name, u := range f.users {
		out = append(out, "user "+name)
		for _, k := range u.keys {
			out = append(out, "access key of "+name)
			_ = k
		}
	}
	for name, g := range f.groups {
		out = append(out, "group "+name)
		for _, m := range g.members {
			out = append(out, "member "+m+" of "+name)
		}
		for _, a := range g.attachedARNs {
			out = append(out, "attachment of "+a+" to group "+name)
		}
	}
	for name, r := range f.roles {
		out = append(out, "role "+name)
		for _, a := range r.attachedARNs {
			out = append(out, "attachment of "+a+" to role "+name)
		}
	}
	for arn := range f.policies {
		out = append(out, "policy "+arn)
	}
	slices.Sort(out)
	return out
}

// tagsOf returns the tags of a user, role or policy ("user x", "role x",
// "policy <arn>").
func (f *fakeIAM) tagsOf(entity string) map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	kind, name, _ := strings.Cut(entity, " ")
	var tags []types.Tag
	switch kind {
	case "user":
		tags = f.users[name].tags
	case "role":
		tags = f.roles[name].tags
	case "policy":
		tags = f.policies[name].tags
	}
	out := map[string]string{}
	for _, t := range tags {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}
