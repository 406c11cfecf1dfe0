package acctest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// Fixtures seeds IAM state on one server through the AWS SDK. Every method
// honours WithTimeOffset / InPast on its context.
type Fixtures struct {
	srv *Server
	// IAM is the client the fixtures use, for calls without a helper.
	IAM *iam.Client
}

// Fixtures returns the seeding helpers for this server.
func (s *Server) Fixtures() *Fixtures {
	return &Fixtures{srv: s, IAM: s.iamClient}
}

// TestPassword satisfies any password policy the tests set.
const TestPassword = "Acctest-Passw0rd!-Long-Enough"

// CreateUser creates a user with the given path ("" = "/") and tags.
func (f *Fixtures) CreateUser(ctx context.Context, name, path string, tags map[string]string) (types.User, error) {
	out, err := f.IAM.CreateUser(ctx, &iam.CreateUserInput{
		UserName: aws.String(name),
		Path:     optional(path),
		Tags:     iamTags(tags),
	})
	if err != nil {
		return types.User{}, fmt.Errorf("iam:CreateUser %s: %w", name, err)
	}
	return *out.User, nil
}

// CreateLoginProfile gives the user a console password (TestPassword).
func (f *Fixtures) CreateLoginProfile(ctx context.Context, user string) error {
	_, err := f.IAM.CreateLoginProfile(ctx, &iam.CreateLoginProfileInput{
		UserName: aws.String(user),
		Password: aws.String(TestPassword),
	})
	if err != nil {
		return fmt.Errorf("iam:CreateLoginProfile %s: %w", user, err)
	}
	return nil
}

// CreateAccessKey creates an active access key for the user.
func (f *Fixtures) CreateAccessKey(ctx context.Context, user string) (keyID, secret string, err error) {
	out, err := f.IAM.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(user)})
	if err != nil {
		return "", "", fmt.Errorf("iam:CreateAccessKey %s: %w", user, err)
	}
	return aws.ToString(out.AccessKey.AccessKeyId), aws.ToString(out.AccessKey.SecretAccessKey), nil
}

// UpdateAccessKeyStatus makes the key active or inactive.
func (f *Fixtures) UpdateAccessKeyStatus(ctx context.Context, user, keyID string, active bool) error {
	status := types.StatusTypeInactive
	if active {
		status = types.StatusTypeActive
	}
	_, err := f.IAM.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{
		UserName:    aws.String(user),
		AccessKeyId: aws.String(keyID),
		Status:      status,
	})
	if err != nil {
		return fmt.Errorf("iam:UpdateAccessKey %s: %w", keyID, err)
	}
	return nil
}

// MarkAccessKeyUsed signs an sts:GetCallerIdentity request with the key, the
// only way moto records key use: GetAccessKeyLastUsed then reports that time
// (shifted by the context's offset), service "sts" and region us-east-1, and
// the credential report's access_key_N_last_used_date follows.
func (f *Fixtures) MarkAccessKeyUsed(ctx context.Context, keyID, secret string) error {
	client := sts.NewFromConfig(f.srv.AWSConfigFor(keyID, secret))
	_, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	// moto records the use before it authorizes, so a denied call counts too.
	if err != nil && !awserr.IsAccessDenied(err) {
		return fmt.Errorf("sts:GetCallerIdentity with %s: %w", keyID, err)
	}
	return nil
}

// MarkRoleUsed assumes the role and signs a request with the session's
// credentials, which is how moto records RoleLastUsed.LastUsedDate (moto
// leaves RoleLastUsed.Region empty).
func (f *Fixtures) MarkRoleUsed(ctx context.Context, roleARN string) error {
	out, err := f.srv.stsClient.AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn:         aws.String(roleARN),
		RoleSessionName: aws.String("acctest"),
	})
	if err != nil {
		return fmt.Errorf("sts:AssumeRole %s: %w", roleARN, err)
	}
	c := out.Credentials
	creds := credentials.NewStaticCredentialsProvider(
		aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))
	client := sts.NewFromConfig(f.srv.awsConfig(creds))
	if _, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil && !awserr.IsAccessDenied(err) {
		return fmt.Errorf("sts:GetCallerIdentity as %s: %w", roleARN, err)
	}
	return nil
}

// MarkPasswordUsed sets the user's PasswordLastUsed (zero time clears it).
// No IAM API sets it and moto never does; the moto wrapper's control
// endpoint writes it into moto's model, so GetUser and the credential
// report's password_last_used show it.
func (f *Fixtures) MarkPasswordUsed(ctx context.Context, user string, at time.Time) error {
	form := url.Values{"user": {user}, "at": {""}}
	if !at.IsZero() {
		form.Set("at", at.UTC().Format(time.RFC3339))
	}
	return f.srv.control(ctx, "password-last-used", form)
}

// RegenerateCredentialReport makes the server's credential report describe
// the account now: the moto wrapper takes a new report snapshot at this
// request's time (WithTimeOffset / InPast shift it), whatever the age of the
// last one, as if it had expired. It returns the report's GeneratedTime. The
// wrapper, as AWS, otherwise keeps serving the report it generated first for
// 4 hours, so a test that seeds and then reads report-backed facts
// regenerates after seeding. The report is account-wide: on the Shared
// server this also refreshes every other test's users, which is harmless
// while tests regenerate after their last change.
func (f *Fixtures) RegenerateCredentialReport(ctx context.Context) (time.Time, error) {
	if err := f.srv.control(ctx, "credential-report/regenerate", url.Values{}); err != nil {
		return time.Time{}, err
	}
	out, err := f.IAM.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	if err != nil {
		return time.Time{}, fmt.Errorf("iam:GetCredentialReport: %w", err)
	}
	return aws.ToTime(out.GeneratedTime).UTC(), nil
}

// RootAccount is root user state no IAM API can set (see SetRootAccount).
type RootAccount struct {
	// MFA is "none", "virtual" (a virtual device assigned to
	// arn:aws:iam::<account>:root, listed by ListVirtualMFADevices) or
	// "hardware" (AccountMFAEnabled without such a device).
	MFA string
	// AccessKeysPresent sets GetAccountSummary's AccountAccessKeysPresent.
	AccessKeysPresent bool
	// SigningCertificatesPresent sets AccountSigningCertificatesPresent.
	SigningCertificatesPresent bool
	// Password gives the root user a console password, which
	// GetLoginProfile reports in a root session (sts:AssumeRoot).
	Password bool
	// Account is the account whose root user this is; the server's
	// default account when empty.
	Account string
}

// SetRootAccount sets root MFA and the root key and certificate flags in
// GetAccountSummary through the moto wrapper's control endpoint. moto has no
// <root_account> row in the credential report whatever this sets. It is
// account-wide: use it on a Dedicated server.
func (f *Fixtures) SetRootAccount(ctx context.Context, root RootAccount) error {
	mfa := root.MFA
	if mfa == "" {
		mfa = "none"
	}
	form := url.Values{
		"mfa":                  {mfa},
		"access_keys":          {boolString(root.AccessKeysPresent)},
		"signing_certificates": {boolString(root.SigningCertificatesPresent)},
		"password":             {boolString(root.Password)},
	}
	if root.Account != "" {
		form.Set("account", root.Account)
	}
	return f.srv.control(ctx, "root", form)
}

// EnableVirtualMFA creates a virtual MFA device named after the user and
// assigns it; moto accepts any authentication codes. It returns the serial.
func (f *Fixtures) EnableVirtualMFA(ctx context.Context, user string) (string, error) {
	out, err := f.IAM.CreateVirtualMFADevice(ctx, &iam.CreateVirtualMFADeviceInput{
		VirtualMFADeviceName: aws.String(user),
	})
	if err != nil {
		return "", fmt.Errorf("iam:CreateVirtualMFADevice %s: %w", user, err)
	}
	serial := aws.ToString(out.VirtualMFADevice.SerialNumber)
	return serial, f.enableMFA(ctx, user, serial)
}

// EnableHardwareMFA enables an MFA device that is not a virtual device
// (moto accepts any serial in EnableMFADevice), so it shows in ListMFADevices
// and the credential report but not in ListVirtualMFADevices — as a hardware
// or FIDO device would. It returns the serial.
func (f *Fixtures) EnableHardwareMFA(ctx context.Context, user string) (string, error) {
	serial := "GAHT" + strings.ToUpper(randomString(8))
	return serial, f.enableMFA(ctx, user, serial)
}

func (f *Fixtures) enableMFA(ctx context.Context, user, serial string) error {
	_, err := f.IAM.EnableMFADevice(ctx, &iam.EnableMFADeviceInput{
		UserName:            aws.String(user),
		SerialNumber:        aws.String(serial),
		AuthenticationCode1: aws.String("123456"),
		AuthenticationCode2: aws.String("654321"),
	})
	if err != nil {
		return fmt.Errorf("iam:EnableMFADevice %s for %s: %w", serial, user, err)
	}
	return nil
}

// CreateGroup creates a group with the given path ("" = "/").
func (f *Fixtures) CreateGroup(ctx context.Context, name, path string) (types.Group, error) {
	out, err := f.IAM.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String(name), Path: optional(path)})
	if err != nil {
		return types.Group{}, fmt.Errorf("iam:CreateGroup %s: %w", name, err)
	}
	return *out.Group, nil
}

// AddUserToGroup adds the user to the group.
func (f *Fixtures) AddUserToGroup(ctx context.Context, group, user string) error {
	_, err := f.IAM.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String(group), UserName: aws.String(user)})
	if err != nil {
		return fmt.Errorf("iam:AddUserToGroup %s %s: %w", group, user, err)
	}
	return nil
}

// PutGroupPolicy adds an inline policy to the group.
func (f *Fixtures) PutGroupPolicy(ctx context.Context, group, name, doc string) error {
	_, err := f.IAM.PutGroupPolicy(ctx, &iam.PutGroupPolicyInput{
		GroupName: aws.String(group), PolicyName: aws.String(name), PolicyDocument: aws.String(doc),
	})
	if err != nil {
		return fmt.Errorf("iam:PutGroupPolicy %s %s: %w", group, name, err)
	}
	return nil
}

// AttachGroupPolicy attaches a managed policy to the group.
func (f *Fixtures) AttachGroupPolicy(ctx context.Context, group, policyARN string) error {
	_, err := f.IAM.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String(group), PolicyArn: aws.String(policyARN)})
	if err != nil {
		return fmt.Errorf("iam:AttachGroupPolicy %s %s: %w", group, policyARN, err)
	}
	return nil
}

// PutUserPolicy adds an inline policy to the user.
func (f *Fixtures) PutUserPolicy(ctx context.Context, user, name, doc string) error {
	_, err := f.IAM.PutUserPolicy(ctx, &iam.PutUserPolicyInput{
		UserName: aws.String(user), PolicyName: aws.String(name), PolicyDocument: aws.String(doc),
	})
	if err != nil {
		return fmt.Errorf("iam:PutUserPolicy %s %s: %w", user, name, err)
	}
	return nil
}

// AttachUserPolicy attaches a managed policy to the user.
func (f *Fixtures) AttachUserPolicy(ctx context.Context, user, policyARN string) error {
	_, err := f.IAM.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String(user), PolicyArn: aws.String(policyARN)})
	if err != nil {
		return fmt.Errorf("iam:AttachUserPolicy %s %s: %w", user, policyARN, err)
	}
	return nil
}

// CreateRole creates a role with the given path ("" = "/") and trust policy.
func (f *Fixtures) CreateRole(ctx context.Context, name, path, trustJSON string) (types.Role, error) {
	out, err := f.IAM.CreateRole(ctx, &iam.CreateRoleInput{
		RoleName: aws.String(name), Path: optional(path), AssumeRolePolicyDocument: aws.String(trustJSON),
	})
	if err != nil {
		return types.Role{}, fmt.Errorf("iam:CreateRole %s: %w", name, err)
	}
	return *out.Role, nil
}

// PutRolePolicy adds an inline policy to the role.
func (f *Fixtures) PutRolePolicy(ctx context.Context, role, name, doc string) error {
	_, err := f.IAM.PutRolePolicy(ctx, &iam.PutRolePolicyInput{
		RoleName: aws.String(role), PolicyName: aws.String(name), PolicyDocument: aws.String(doc),
	})
	if err != nil {
		return fmt.Errorf("iam:PutRolePolicy %s %s: %w", role, name, err)
	}
	return nil
}

// AttachRolePolicy attaches a managed policy to the role.
func (f *Fixtures) AttachRolePolicy(ctx context.Context, role, policyARN string) error {
	_, err := f.IAM.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String(role), PolicyArn: aws.String(policyARN)})
	if err != nil {
		return fmt.Errorf("iam:AttachRolePolicy %s %s: %w", role, policyARN, err)
	}
	return nil
}

// CreatePolicy creates a customer managed policy and returns its ARN.
func (f *Fixtures) CreatePolicy(ctx context.Context, name, path, doc string) (string, error) {
	out, err := f.IAM.CreatePolicy(ctx, &iam.CreatePolicyInput{
		PolicyName: aws.String(name), Path: optional(path), PolicyDocument: aws.String(doc),
	})
	if err != nil {
		return "", fmt.Errorf("iam:CreatePolicy %s: %w", name, err)
	}
	return aws.ToString(out.Policy.Arn), nil
}

// SetPasswordPolicy sets the account password policy (account-wide: use a
// Dedicated server).
func (f *Fixtures) SetPasswordPolicy(ctx context.Context, in iam.UpdateAccountPasswordPolicyInput) error {
	if _, err := f.IAM.UpdateAccountPasswordPolicy(ctx, &in); err != nil {
		return fmt.Errorf("iam:UpdateAccountPasswordPolicy: %w", err)
	}
	return nil
}

// UploadServerCertificate uploads a freshly generated self-signed certificate
// valid until notAfter and returns its ARN. moto ignores the certificate's
// dates: it reports UploadDate 2010-05-08T01:02:03.004Z and Expiration
// 2012-05-08T01:02:03.004Z for every certificate.
func (f *Fixtures) UploadServerCertificate(ctx context.Context, name, path string, notAfter time.Time) (string, error) {
	certPEM, keyPEM, err := SelfSignedCertificate(name, notAfter)
	if err != nil {
		return "", err
	}
	out, err := f.IAM.UploadServerCertificate(ctx, &iam.UploadServerCertificateInput{
		ServerCertificateName: aws.String(name),
		Path:                  optional(path),
		CertificateBody:       aws.String(certPEM),
		PrivateKey:            aws.String(keyPEM),
	})
	if err != nil {
		return "", fmt.Errorf("iam:UploadServerCertificate %s: %w", name, err)
	}
	return aws.ToString(out.ServerCertificateMetadata.Arn), nil
}

// CreateSAMLProvider creates a SAML provider from minimal identity provider
// metadata that is valid until validUntil, and returns its ARN and creation
// date as IAM reports them. moto neither parses the metadata nor keeps its
// validity: it reports ValidUntil 2032-05-09T16:27:11Z for every provider.
func (f *Fixtures) CreateSAMLProvider(ctx context.Context, name string, validUntil time.Time) (arn string, created time.Time, err error) {
	metadata := fmt.Sprintf(`<?xml version="1.0"?>
<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/%[1]s" validUntil="%[2]s">
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/%[1]s/sso"/>
  </IDPSSODescriptor>
</EntityDescriptor>`, name, validUntil.UTC().Format(time.RFC3339))
	out, err := f.IAM.CreateSAMLProvider(ctx, &iam.CreateSAMLProviderInput{
		Name:                 aws.String(name),
		SAMLMetadataDocument: aws.String(metadata),
	})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("iam:CreateSAMLProvider %s: %w", name, err)
	}
	arn = aws.ToString(out.SAMLProviderArn)
	got, err := f.IAM.GetSAMLProvider(ctx, &iam.GetSAMLProviderInput{SAMLProviderArn: aws.String(arn)})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("iam:GetSAMLProvider %s: %w", arn, err)
	}
	return arn, aws.ToTime(got.CreateDate).UTC(), nil
}

// control posts form to one of the moto wrapper's control endpoints.
func (s *Server) control(ctx context.Context, name string, form url.Values) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.endpoint+"/_iamaudit/"+name,
		strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("building moto control request %s: %w", name, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if offset, ok := ctx.Value(timeOffsetKey{}).(time.Duration); ok {
		req.Header.Set(TimeOffsetHeader, strconv.FormatFloat(offset.Seconds(), 'f', -1, 64))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("moto control %s: %w", name, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("moto control %s: %s: %s", name, resp.Status, body)
	}
	return nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// iamTags converts a map to IAM tags sorted by key.
func iamTags(tags map[string]string) []types.Tag {
	if len(tags) == 0 {
		return nil
	}
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]types.Tag, 0, len(keys))
	for _, k := range keys {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(tags[k])})
	}
	return out
}
