package iamcollect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// PasswordPolicy returns the account password policy. An account without one
// (NoSuchEntity) gives Exists false, not an error.
func (c *Collector) PasswordPolicy(ctx context.Context) (*PasswordPolicy, error) {
	p, err := load(ctx, c, "password-policy", c.fetchPasswordPolicy)
	if err != nil {
		return nil, err
	}
	out := *p
	return &out, nil
}

// fetchPasswordPolicy calls GetAccountPasswordPolicy.
func (c *Collector) fetchPasswordPolicy(ctx context.Context) (*PasswordPolicy, error) {
	out, err := c.api.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	if awserr.IsNoSuchEntity(err) {
		return &PasswordPolicy{}, nil
	}
	if err != nil {
		return nil, wrapErr("GetAccountPasswordPolicy", err)
	}
	if out.PasswordPolicy == nil {
		return &PasswordPolicy{}, nil
	}
	return passwordPolicyFrom(out.PasswordPolicy), nil
}

// passwordPolicyFrom maps an existing policy.
func passwordPolicyFrom(p *types.PasswordPolicy) *PasswordPolicy {
	return &PasswordPolicy{
		Exists:                     true,
		MinimumPasswordLength:      aws.ToInt32(p.MinimumPasswordLength),
		RequireSymbols:             p.RequireSymbols,
		RequireNumbers:             p.RequireNumbers,
		RequireUppercaseCharacters: p.RequireUppercaseCharacters,
		RequireLowercaseCharacters: p.RequireLowercaseCharacters,
		AllowUsersToChangePassword: p.AllowUsersToChangePassword,
		ExpirePasswords:            p.ExpirePasswords,
		MaxPasswordAge:             positive(p.MaxPasswordAge),
		PasswordReusePrevention:    positive(p.PasswordReusePrevention),
		HardExpiry:                 aws.ToBool(p.HardExpiry),
	}
}

// positive copies v when it is set and above zero, else nil.
func positive(v *int32) *int32 {
	if v == nil || *v <= 0 {
		return nil
	}
	n := *v
	return &n
}
