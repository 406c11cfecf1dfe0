package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

var _ datasource.DataSourceWithConfigure = (*samlProvidersDataSource)(nil)

// NewSAMLProvidersDataSource returns the iamaudit_saml_providers data source.
func NewSAMLProvidersDataSource() datasource.DataSource {
	return &samlProvidersDataSource{}
}

type samlProvidersDataSource struct {
	data *providerData
}

type samlProvidersModel struct {
	AccountID     types.String        `tfsdk:"account_id"`
	SAMLProviders []samlProviderModel `tfsdk:"saml_providers"`
}

// samlProviderModel is one element of saml_providers.
type samlProviderModel struct {
	Name       types.String `tfsdk:"name"`
	ARN        types.String `tfsdk:"arn"`
	CreateDate types.String `tfsdk:"create_date"`
	ValidUntil types.String `tfsdk:"valid_until"`
	Expired    types.Bool   `tfsdk:"expired"`
}

func (d *samlProvidersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_saml_providers"
}

func (d *samlProvidersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The SAML 2.0 identity providers IAM trusts for federated sign-in: the evidence for the CIS " +
			"recommendation \"IAM users are managed centrally via identity federation or AWS Organizations\" " +
			"(CIS AWS Foundations v7.0.0 2.19, v5.0.0 1.20, v3.0.0 1.21). Needs `iam:ListSAMLProviders`.",
		Attributes: map[string]schema.Attribute{
			"account_id": accountIDAttribute(),
			"saml_providers": schema.ListNestedAttribute{
				MarkdownDescription: "The SAML providers, sorted by name; empty when the account has none.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"name": computedStringAttribute("The provider name, the last part of its ARN " +
							"(`arn:aws:iam::123456789012:saml-provider/<name>`)."),
						"arn":         computedStringAttribute("The provider ARN, the principal a role's trust policy names for SAML federation."),
						"create_date": computedStringAttribute("When the provider was created (RFC 3339, UTC)."),
						"valid_until": computedStringAttribute("When the provider's SAML metadata expires (RFC 3339, UTC): " +
							"after it, IAM rejects sign-ins through the provider until new metadata is uploaded. " +
							"Null when IAM reports no expiry."),
						"expired": schema.BoolAttribute{
							MarkdownDescription: "Whether `valid_until` lies before the time of the read; null when `valid_until` is null.",
							Computed:            true,
						},
					},
				},
			},
		},
	}
}

func (d *samlProvidersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *samlProvidersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	accountID, scope, ok := d.data.configuredScope(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	providers, err := scope.collector.SAMLProviders(scope.callContext(ctx))
	if err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Read IAM SAML Providers", err)
		return
	}
	now := scope.now()
	model := samlProvidersModel{AccountID: accountID, SAMLProviders: make([]samlProviderModel, 0, len(providers))}
	expired := 0
	for _, p := range providers {
		m := samlProviderModelOf(p, now)
		if m.Expired.ValueBool() {
			expired++
		}
		model.SAMLProviders = append(model.SAMLProviders, m)
	}
	tflog.Debug(ctx, "Read IAM SAML providers", map[string]any{"saml_providers": len(providers), "expired": expired})
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// samlProviderModelOf maps one engine provider; it is expired when its
// metadata's validity ended before now.
func samlProviderModelOf(p iamcollect.SAMLProvider, now time.Time) samlProviderModel {
	expired := types.BoolNull()
	if p.ValidUntil != nil {
		expired = types.BoolValue(p.ValidUntil.Before(now))
	}
	return samlProviderModel{
		Name:       types.StringValue(p.Name),
		ARN:        types.StringValue(p.ARN),
		CreateDate: timeValueOf(p.CreateDate),
		ValidUntil: timeValue(p.ValidUntil),
		Expired:    expired,
	}
}
