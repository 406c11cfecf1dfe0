package iamidentity

// ReaderUserActions are exactly the IAM actions iamaudit_reader_user needs,
// sorted: what it calls on any path (create, adoption after a lost answer,
// read, update, drift repair, rotation, delete with force_destroy) and
// iam:TagUser and iam:TagPolicy, which IAM requires for a create that
// carries tags (the create token). TestActionsAreExactlyTheCallsMade keeps
// the list equal to the calls.
var ReaderUserActions = []string{
	"iam:AddUserToGroup", "iam:AttachGroupPolicy", "iam:CreateAccessKey", "iam:CreateGroup", "iam:CreatePolicy",
	"iam:CreatePolicyVersion", "iam:CreateUser", "iam:DeactivateMFADevice", "iam:DeleteAccessKey",
	"iam:DeleteGroup", "iam:DeleteGroupPolicy", "iam:DeleteLoginProfile", "iam:DeletePolicy",
	"iam:DeletePolicyVersion", "iam:DeleteSSHPublicKey", "iam:DeleteSigningCertificate", "iam:DeleteUser",
	"iam:DeleteUserPermissionsBoundary", "iam:DeleteUserPolicy", "iam:DeleteVirtualMFADevice",
	"iam:DetachGroupPolicy", "iam:DetachRolePolicy", "iam:DetachUserPolicy", "iam:GetGroup",
	"iam:GetLoginProfile", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetUser", "iam:ListAccessKeys",
	"iam:ListAttachedGroupPolicies", "iam:ListAttachedUserPolicies", "iam:ListEntitiesForPolicy",
	"iam:ListGroupPolicies", "iam:ListGroupsForUser", "iam:ListMFADevices", "iam:ListPolicyTags",
	"iam:ListPolicyVersions", "iam:ListSSHPublicKeys", "iam:ListSigningCertificates", "iam:ListUserPolicies",
	"iam:ListUserTags", "iam:PutUserPermissionsBoundary", "iam:RemoveUserFromGroup", "iam:TagPolicy",
	"iam:TagUser", "iam:UntagPolicy", "iam:UntagUser", "iam:UpdateAccessKey",
}

// CrossAccountRoleActions are exactly the IAM actions
// iamaudit_cross_account_role needs, sorted, as ReaderUserActions.
var CrossAccountRoleActions = []string{
	"iam:AttachRolePolicy", "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:CreateRole", "iam:DeletePolicy",
	"iam:DeletePolicyVersion", "iam:DeleteRole", "iam:DeleteRolePermissionsBoundary", "iam:DetachRolePolicy",
	"iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetRole", "iam:ListAttachedRolePolicies",
	"iam:ListInstanceProfilesForRole", "iam:ListPolicyTags", "iam:ListPolicyVersions", "iam:ListRolePolicies",
	"iam:ListRoleTags", "iam:PutRolePermissionsBoundary", "iam:TagPolicy", "iam:TagRole", "iam:UntagPolicy",
	"iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole",
}
