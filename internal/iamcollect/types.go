// Package iamcollect reads an AWS account's IAM state from bulk sources first
// (GetAccountAuthorizationDetails, the credential report, ListVirtualMFADevices,
// GetAccountSummary) and falls back to per-user calls only where no bulk source
// carries the data. It has no Terraform types: internal/provider maps these
// domain types to schemas.
package iamcollect

import "time"

// RootUserName is how AWS names the root user in the credential report and
// how this provider names it wherever a user name is expected.
const RootUserName = "<root_account>"

// User is one IAM user, merged from GAAD, the credential report, virtual MFA
// devices and, in live mode or where the report cannot answer for the user,
// per-user calls.
type User struct {
	Name                   string
	ARN                    string
	UserID                 string
	Path                   string
	CreateDate             time.Time
	Tags                   map[string]string
	PermissionsBoundaryARN string   // "" when none
	Groups                 []string // sorted group names
	AttachedPolicyARNs     []string // sorted
	InlinePolicyNames      []string // sorted
	InlinePolicies         []InlinePolicy
	PasswordEnabled        bool
	PasswordLastUsed       *time.Time
	PasswordLastChanged    *time.Time
	PasswordNextRotation   *time.Time
	MFAEnabled             bool
	AccessKeys             []AccessKeySlot // sorted by Slot
	// CredentialsAsOf is the instant the password and access key facts
	// describe: the credential report's generation time for a user read
	// from the report, else when its per-user reads began.
	CredentialsAsOf time.Time
}

// AccessKeySlot is a credential-report key column pair (slot 1 or 2).
type AccessKeySlot struct {
	Slot            int // 1 or 2
	Active          bool
	CreateDate      time.Time // the slot's last_rotated
	LastUsedDate    *time.Time
	LastUsedService string // "" when unknown
	LastUsedRegion  string // "" when unknown
}

// Group is one IAM group from GAAD.
type Group struct {
	Name               string
	ARN                string
	GroupID            string
	Path               string
	CreateDate         time.Time
	Members            []string // sorted user names
	AttachedPolicyARNs []string // sorted
	InlinePolicyNames  []string // sorted
	InlinePolicies     []InlinePolicy
}

// Role is one IAM role from GAAD. TrustPolicy is the URL-decoded document as
// AWS returned it; analysis lives in internal/policydoc.
type Role struct {
	Name                   string
	ARN                    string
	RoleID                 string
	Path                   string
	CreateDate             time.Time
	MaxSessionDuration     int32  // from ListRoles; 0 for a role created between the two calls
	Description            string // from ListRoles
	TrustPolicy            string
	AttachedPolicyARNs     []string // sorted
	InlinePolicyNames      []string // sorted
	InlinePolicies         []InlinePolicy
	PermissionsBoundaryARN string
	LastUsedDate           *time.Time
	LastUsedRegion         string
	Tags                   map[string]string
}

// InlinePolicy is one inline policy of a user, group or role, from GAAD,
// with its URL-decoded document. Lists of them are sorted by name.
type InlinePolicy struct {
	Name     string
	Document string
}

// Organization is the account's AWS Organizations membership. ID is empty
// when the account belongs to no organization.
type Organization struct {
	ID                  string // o-…
	ManagementAccountID string
}

// ManagedPolicy is one managed policy from GAAD with its default version's
// URL-decoded document.
type ManagedPolicy struct {
	Name            string
	ARN             string
	PolicyID        string
	Path            string
	AWSManaged      bool
	AttachmentCount int32
	// PermissionsBoundaryUsageCount is how many users and roles use the
	// policy as their permissions boundary.
	PermissionsBoundaryUsageCount int32
	DefaultVersionID              string
	Document                      string
	CreateDate                    time.Time
	UpdateDate                    time.Time
}

// AccessKey is one access key from ListAccessKeys plus GetAccessKeyLastUsed.
type AccessKey struct {
	UserName        string
	AccessKeyID     string
	Status          string // Active | Inactive
	CreateDate      time.Time
	LastUsedDate    *time.Time
	LastUsedService string
	LastUsedRegion  string
}

// MFADevice is one MFA device; Type is virtual, hardware or fido.
type MFADevice struct {
	SerialNumber string
	UserName     string // RootUserName for the root user's device
	Type         string
	EnableDate   *time.Time
}

// CredentialReport is the parsed credential report.
type CredentialReport struct {
	GeneratedAt time.Time
	Rows        []CredentialReportRow // sorted by User; root first as AWS writes it
}

// CredentialReportRow is one row of the credential report, typed per column.
// N/A, no_information and not_supported become nil.
type CredentialReportRow struct {
	User                      string
	ARN                       string
	UserCreationTime          *time.Time
	PasswordEnabled           *bool // nil for root (not_supported)
	PasswordLastUsed          *time.Time
	PasswordLastChanged       *time.Time
	PasswordNextRotation      *time.Time
	MFAActive                 bool
	AccessKey1Active          bool
	AccessKey1LastRotated     *time.Time
	AccessKey1LastUsedDate    *time.Time
	AccessKey1LastUsedRegion  string
	AccessKey1LastUsedService string
	AccessKey2Active          bool
	AccessKey2LastRotated     *time.Time
	AccessKey2LastUsedDate    *time.Time
	AccessKey2LastUsedRegion  string
	AccessKey2LastUsedService string
	Cert1Active               bool
	Cert1LastRotated          *time.Time
	Cert2Active               bool
	Cert2LastRotated          *time.Time
}

// Account is account-level state.
type Account struct {
	AccountID                      string
	Aliases                        []string
	RootMFAEnabled                 bool
	RootMFAType                    string // hardware | virtual | none
	RootAccessKeysPresent          bool
	RootSigningCertificatesPresent bool
	Summary                        map[string]int64 // GetAccountSummary counters
}

// PasswordPolicy is the account password policy. Exists is false (and the rest
// zero) when the account has none (NoSuchEntity).
type PasswordPolicy struct {
	Exists                     bool
	MinimumPasswordLength      int32
	RequireSymbols             bool
	RequireNumbers             bool
	RequireUppercaseCharacters bool
	RequireLowercaseCharacters bool
	AllowUsersToChangePassword bool
	ExpirePasswords            bool
	MaxPasswordAge             *int32 // nil when passwords do not expire
	PasswordReusePrevention    *int32 // nil when not set
	HardExpiry                 bool
}

// ServerCertificate is one IAM server certificate's metadata.
type ServerCertificate struct {
	Name       string
	ARN        string
	Path       string
	UploadDate time.Time
	Expiration time.Time
}
