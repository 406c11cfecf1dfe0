package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"golang.org/x/sync/errgroup"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/faultproxy"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/tfworkdir"
)

// The organization benchmark (-org): an organization of A member accounts
// with U users each, audited by one terraform plan two ways, side by side —
// one provider configuration reaching every account through member_role
// (one plugin process) and one provider alias per account with assume_role
// (a plugin process per account). Both read the same audit data sources of
// every account, so their API calls compare one to one.

// orgMemberRole is the role the provider assumes in every member account.
const orgMemberRole = "OrganizationAccountAccessRole"

// Configurations of the organization benchmark: the audit data sources of
// every account, and the whole audit (the CIS module in every account), each
// one configuration versus one alias per account.
const (
	orgConfigOne           = "org-one-configuration"
	orgConfigAliases       = "org-alias-per-account"
	orgConfigModule        = "org-module-one-configuration"
	orgConfigModuleAliases = "org-module-alias-per-account"
)

// orgConfigs is the order the organization benchmark plans them in.
var orgConfigs = []string{orgConfigOne, orgConfigAliases, orgConfigModule, orgConfigModuleAliases}

// orgParallelism is terraform plan's -parallelism in the organization
// benchmark, paired with member_role.max_parallel_accounts as the guide
// "Audit an AWS Organization" advises.
const (
	orgParallelism         = 32
	orgMaxParallelAccounts = 16
)

// recollectedMessage is the provider's warning for a source collected
// twice without a write in between (iamcollect).
const recollectedMessage = "IAM source collected again without a write in between"

// orgAuditDataSources are the data sources read in every account.
var orgAuditDataSources = []string{
	"iamaudit_users", "iamaudit_account", "iamaudit_password_policy", "iamaudit_credential_report",
	"iamaudit_roles", "iamaudit_policies",
}

// orgShape is an organization size: accounts × users per account.
type orgShape struct{ accounts, users int }

func (s orgShape) String() string { return fmt.Sprintf("%d×%d", s.accounts, s.users) }

// parseOrgShapes parses "50x100,200x20".
func parseOrgShapes(s string) ([]orgShape, error) {
	var out []orgShape
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	for _, f := range strings.Split(s, ",") {
		a, u, ok := strings.Cut(strings.TrimSpace(f), "x")
		accounts, err1 := strconv.Atoi(a)
		users, err2 := strconv.Atoi(u)
		if !ok || err1 != nil || err2 != nil || accounts < 1 || users < 1 {
			return nil, fmt.Errorf("-org: %q is not <accounts>x<users>, e.g. 50x100", f)
		}
		out = append(out, orgShape{accounts, users})
	}
	return out, nil
}

// orgMeasurement is one plan of the organization benchmark.
type orgMeasurement struct {
	shape         orgShape
	config        string
	res           planResult
	err           error
	calls         int
	centralCalls  int
	perAccountMin int
	perAccountMax int
	// STS calls per member account: its sts:AssumeRole and the calls its
	// session makes to STS.
	stsPerAccountMin int
	stsPerAccountMax int
	recollections    int
	auditedUsers     int
}

// runOrganizations measures every shape, each on its own moto, and writes
// the table to report and stdout.
func (b *bench) runOrganizations(ctx context.Context, shapes []orgShape, report io.Writer) error {
	if len(shapes) == 0 {
		return nil
	}
	var table strings.Builder
	fmt.Fprintf(&table, "\n## An AWS Organization in one plan (latency %s per call; the machine is shared)\n\n", b.opts.latency)
	table.WriteString("| accounts × users | configuration | wall | plugin processes | summed peak RSS | API calls | per member account (min–max) | of which STS | central | re-collections | bytes per audited user |\n")
	table.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, shape := range shapes {
		ms, err := b.measureOrganization(ctx, shape)
		if err != nil {
			return fmt.Errorf("organization %s: %w", shape, err)
		}
		for _, m := range ms {
			writeOrgRow(&table, m)
		}
	}
	table.WriteString("\nThe org-* configurations read the audit data sources of every account; the org-module-* ones run the whole audit, " +
		"the organization-iam module (one provider configuration, member_role, check_access) versus the CIS module once per provider alias. " +
		fmt.Sprintf("Every plan runs with -parallelism=%d; member_role.max_parallel_accounts = %d. ", orgParallelism, orgMaxParallelAccounts) +
		"A member account's calls include its sts:AssumeRole (made by the central identity) and its session's STS calls (\"of which STS\"). " +
		"Re-collections count the provider's warnings that a source was collected twice in one plan without a write; " +
		"bytes per audited user is the summed peak RSS of the plugin processes over the users read.\n")
	fmt.Fprint(os.Stdout, table.String())
	_, err := io.WriteString(report, table.String())
	return err
}

// writeOrgRow writes one row.
func writeOrgRow(w io.Writer, m orgMeasurement) {
	if m.err != nil {
		fmt.Fprintf(w, "| %s | %s | FAILED: %s | | | | | | | | |\n", m.shape, m.config, strings.ReplaceAll(firstLine(m.err.Error()), "|", "/"))
		return
	}
	perUser := int64(0)
	if m.auditedUsers > 0 {
		perUser = m.res.sumRSS / int64(m.auditedUsers)
	}
	fmt.Fprintf(w, "| %s | %s | %ss | %d | %s MiB | %d | %d–%d | %d–%d | %d | %d | %d |\n", m.shape, m.config, seconds(m.res.wall),
		m.res.processes, mib(m.res.sumRSS), m.calls, m.perAccountMin, m.perAccountMax, m.stsPerAccountMin, m.stsPerAccountMax,
		m.centralCalls, m.recollections, perUser)
}

// firstLine is s up to its first newline.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// measureOrganization seeds a fresh moto with the organization and plans
// both configurations.
func (b *bench) measureOrganization(ctx context.Context, shape orgShape) ([]orgMeasurement, error) {
	b.logf("organization %s: starting moto ...", shape)
	srv, err := acctest.Start(ctx, acctest.Options{})
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	proxy, err := faultproxy.Start(srv.Endpoint(), faultproxy.Config{Latency: b.opts.latency})
	if err != nil {
		return nil, err
	}
	defer proxy.Close()
	start := time.Now()
	members, err := seedOrganization(ctx, srv, shape, b.opts.seedConcurrency)
	if err != nil {
		return nil, err
	}
	b.logf("organization %s: seeded in %s", shape, time.Since(start).Round(time.Second))

	root, err := os.MkdirTemp("", "iamaudit-bench-org-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(root)
	w := &workspace{root: root, cliConfig: b.ws.cliConfig, terraform: b.ws.terraform, planArgs: []string{fmt.Sprintf("-parallelism=%d", orgParallelism)}}
	// The modules next to the configurations: ../../modules/… (a relative
	// source keeps organization-iam's ../cis-iam inside the package).
	if err := tfworkdir.CopyConfig(filepath.Join(b.opts.examples, "modules"), filepath.Join(root, "modules")); err != nil {
		return nil, err
	}
	management := srv.AccountID()
	configs := map[string]string{
		orgConfigOne:           oneConfiguration(proxy.URL(), b.opts.maxConcurrency, members),
		orgConfigAliases:       aliasPerAccount(proxy.URL(), b.opts.maxConcurrency, members),
		orgConfigModule:        moduleOneConfiguration(proxy.URL(), b.opts.maxConcurrency),
		orgConfigModuleAliases: moduleAliasPerAccount(proxy.URL(), b.opts.maxConcurrency, management, members),
	}
	var out []orgMeasurement
	for _, name := range orgConfigs {
		dir := w.dir(name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(configs[name]), 0o600); err != nil {
			return nil, err
		}
		if _, _, err := w.run(ctx, name, nil, "init", "-input=false", "-no-color"); err != nil {
			return nil, err
		}
		logPath := filepath.Join(root, name+".provider.log")
		w.env = []string{"TF_LOG_PROVIDER=WARN", "TF_LOG_PATH=" + logPath}
		proxy.Reset()
		b.logf("organization %s: terraform plan, %s ...", shape, name)
		m := orgMeasurement{shape: shape, config: name}
		m.res, m.err = w.plan(ctx, name)
		m.summarize(proxy.Requests(), members)
		m.auditedUsers = m.res.outputs["audited_users"]
		if name == orgConfigModule || name == orgConfigModuleAliases {
			// The module does not output users: every account audited
			// (the management account has none) means every user read.
			if got := m.res.outputs["audited_accounts"]; m.err == nil && (got != shape.accounts+1 || m.res.outputs["unreachable_accounts"] != 0) {
				m.err = fmt.Errorf("the plan audited %d accounts (%d unreachable), want %d", got, m.res.outputs["unreachable_accounts"], shape.accounts+1)
			}
			m.auditedUsers = shape.accounts * shape.users
		}
		if m.err == nil && m.auditedUsers != shape.accounts*shape.users {
			m.err = fmt.Errorf("the plan read %d users, seeded %d", m.auditedUsers, shape.accounts*shape.users)
		}
		if raw, err := os.ReadFile(logPath); err == nil {
			m.recollections = strings.Count(string(raw), recollectedMessage)
		}
		b.logf("organization %s: %s: %ss, %d calls, %d processes", shape, name, seconds(m.res.wall), m.calls, m.res.processes)
		out = append(out, m)
	}
	return out, nil
}

// summarize counts the calls in total, of the central identity and per
// member account.
func (m *orgMeasurement) summarize(requests []faultproxy.Request, members []string) {
	perAccount, stsPerAccount := map[string]int{}, map[string]int{}
	for _, r := range requests {
		m.calls++
		if r.Account == "" || r.Action == "sts:AssumeRole" {
			m.centralCalls++
		}
		if r.Account == "" {
			continue
		}
		// A member's sts:AssumeRole is the central identity's call, made
		// for that member: counted for both.
		perAccount[r.Account]++
		if strings.HasPrefix(r.Action, "sts:") {
			stsPerAccount[r.Account]++
		}
	}
	counts := make([]int, 0, len(members))
	sts := make([]int, 0, len(members))
	for _, id := range members {
		counts = append(counts, perAccount[id])
		sts = append(sts, stsPerAccount[id])
	}
	if len(counts) > 0 {
		m.perAccountMin, m.perAccountMax = slices.Min(counts), slices.Max(counts)
		m.stsPerAccountMin, m.stsPerAccountMax = slices.Min(sts), slices.Max(sts)
	}
}

// seedOrganization creates the organization, its member accounts and
// their users (each with an access key), and generates each member's
// credential report; it returns the member account IDs, sorted.
func seedOrganization(ctx context.Context, srv *acctest.Server, shape orgShape, concurrency int) ([]string, error) {
	cfg := srv.AWSConfig()
	org := organizations.NewFromConfig(cfg)
	if _, err := org.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll}); err != nil {
		return nil, fmt.Errorf("organizations:CreateOrganization: %w", err)
	}
	members := make([]string, 0, shape.accounts)
	for i := range shape.accounts {
		out, err := org.CreateAccount(ctx, &organizations.CreateAccountInput{
			AccountName: aws.String(fmt.Sprintf("bench-member-%03d", i)), Email: aws.String(fmt.Sprintf("bench-member-%03d@example.com", i)),
		})
		if err != nil {
			return nil, fmt.Errorf("organizations:CreateAccount: %w", err)
		}
		members = append(members, aws.ToString(out.CreateAccountStatus.AccountId))
	}
	slices.Sort(members)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(concurrency)
	for _, id := range members {
		g.Go(func() error { return seedMember(gctx, cfg, id, shape.users) })
	}
	return members, g.Wait()
}

// seedMember creates users (each with an access key) in one member account
// through its member role, and generates its credential report.
func seedMember(ctx context.Context, cfg aws.Config, account string, users int) error {
	out, err := sts.NewFromConfig(cfg).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + account + ":role/" + orgMemberRole), RoleSessionName: aws.String("bench-seed"),
	})
	if err != nil {
		return fmt.Errorf("sts:AssumeRole into %s: %w", account, err)
	}
	c := out.Credentials
	cfg.Credentials = credentials.NewStaticCredentialsProvider(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))
	api := iam.NewFromConfig(cfg)
	for i := range users {
		name := fmt.Sprintf("bench-%s-user-%04d", account, i)
		if _, err := api.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(name)}); err != nil {
			return fmt.Errorf("iam:CreateUser in %s: %w", account, err)
		}
		if _, err := api.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(name)}); err != nil {
			return fmt.Errorf("iam:CreateAccessKey in %s: %w", account, err)
		}
	}
	_, err = api.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
	return err
}

// orgTerraformBlock pins the provider in a generated configuration.
const orgTerraformBlock = `terraform {
  required_providers {
    iamaudit = {
      source = "iamaudit/iamaudit"
    }
  }
}
`

// providerArgs are the arguments of every provider block the benchmark
// writes: moto's test credentials, endpoint (the proxy) and max_concurrency.
func providerArgs(endpoint string, maxConcurrency int) string {
	return fmt.Sprintf(`  region          = %[1]q
  access_key      = %[2]q
  secret_key      = %[3]q
  max_concurrency = %[5]d
  endpoints {
    iam           = %[4]q
    sts           = %[4]q
    organizations = %[4]q
  }
`, acctest.Region, acctest.AccessKey, acctest.SecretKey, endpoint, maxConcurrency)
}

// oneConfiguration is one provider configuration reading every member
// account's audit data sources through member_role, with for_each.
func oneConfiguration(endpoint string, maxConcurrency int, members []string) string {
	var b strings.Builder
	b.WriteString(orgTerraformBlock)
	fmt.Fprintf(&b, "provider \"iamaudit\" {\n%s  member_role {\n    role_name = %q\n  }\n}\n\n", providerArgs(endpoint, maxConcurrency), orgMemberRole)
	fmt.Fprintf(&b, "locals {\n  accounts = toset([%s])\n}\n\n", quotedIDs(members))
	for _, ds := range orgAuditDataSources {
		fmt.Fprintf(&b, "data %q \"each\" {\n  for_each   = local.accounts\n  account_id = each.key\n}\n\n", ds)
	}
	b.WriteString("output \"audited_users\" {\n  value = sum([for d in data.iamaudit_users.each : length(d.users)])\n}\n")
	return b.String()
}

// aliasPerAccount is one provider alias per member account (assume_role)
// and the same data sources per alias.
func aliasPerAccount(endpoint string, maxConcurrency int, members []string) string {
	var b strings.Builder
	b.WriteString(orgTerraformBlock)
	fmt.Fprintf(&b, "provider \"iamaudit\" {\n%s}\n\n", providerArgs(endpoint, maxConcurrency))
	var users []string
	for _, id := range members {
		alias := "a" + id
		fmt.Fprintf(&b, "provider \"iamaudit\" {\n  alias = %q\n%s  assume_role {\n    role_arn = \"arn:aws:iam::%s:role/%s\"\n  }\n}\n\n",
			alias, providerArgs(endpoint, maxConcurrency), id, orgMemberRole)
		for _, ds := range orgAuditDataSources {
			fmt.Fprintf(&b, "data %q %q {\n  provider = iamaudit.%s\n}\n\n", ds, alias, alias)
		}
		users = append(users, fmt.Sprintf("length(data.iamaudit_users.%s.users)", alias))
	}
	fmt.Fprintf(&b, "output \"audited_users\" {\n  value = sum([%s])\n}\n", strings.Join(users, ", "))
	return b.String()
}

// moduleOneConfiguration is the whole audit in one provider configuration:
// the organization-iam module over every account of the organization.
func moduleOneConfiguration(endpoint string, maxConcurrency int) string {
	var b strings.Builder
	b.WriteString(orgTerraformBlock)
	fmt.Fprintf(&b, "provider \"iamaudit\" {\n%s  member_role {\n    role_name             = %q\n    max_parallel_accounts = %d\n  }\n}\n\n",
		providerArgs(endpoint, maxConcurrency), orgMemberRole, orgMaxParallelAccounts)
	b.WriteString(`module "organization" {
  source = "../../modules/organization-iam"
}

output "audited_accounts" {
  value = length(module.organization.results)
}

output "unreachable_accounts" {
  value = length(module.organization.unreachable)
}
`)
	return b.String()
}

// moduleAliasPerAccount is the same audit with one provider alias per
// member account (assume_role) and the CIS module once per provider, the
// organization's accounts first party as the organization module makes them.
func moduleAliasPerAccount(endpoint string, maxConcurrency int, management string, members []string) string {
	var b strings.Builder
	b.WriteString(orgTerraformBlock)
	fmt.Fprintf(&b, "provider \"iamaudit\" {\n%s}\n\n", providerArgs(endpoint, maxConcurrency))
	all := append([]string{management}, members...)
	fmt.Fprintf(&b, "locals {\n  organization = [%s]\n}\n\n", quotedIDs(all))
	fmt.Fprintf(&b, "module \"cis_%s\" {\n  source                  = \"../../modules/cis-iam\"\n  first_party_account_ids = local.organization\n}\n\n", management)
	results := []string{"module.cis_" + management + ".results"}
	for _, id := range members {
		alias := "a" + id
		fmt.Fprintf(&b, "provider \"iamaudit\" {\n  alias = %q\n%s  assume_role {\n    role_arn = \"arn:aws:iam::%s:role/%s\"\n  }\n}\n\n",
			alias, providerArgs(endpoint, maxConcurrency), id, orgMemberRole)
		fmt.Fprintf(&b, "module \"cis_%s\" {\n  source                  = \"../../modules/cis-iam\"\n  providers               = { iamaudit = iamaudit.%s }\n  first_party_account_ids = local.organization\n}\n\n", id, alias)
		results = append(results, "module.cis_"+id+".results")
	}
	fmt.Fprintf(&b, "output \"audited_accounts\" {\n  value = length([%s])\n}\n\noutput \"unreachable_accounts\" {\n  value = 0\n}\n", strings.Join(results, ", "))
	return b.String()
}

// quotedIDs is ids as HCL strings, comma-separated.
func quotedIDs(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = strconv.Quote(id)
	}
	return strings.Join(q, ", ")
}
