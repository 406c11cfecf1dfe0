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

var _ datasource.DataSourceWithConfigure = (*serverCertificatesDataSource)(nil)

// NewServerCertificatesDataSource returns the iamaudit_server_certificates data source.
func NewServerCertificatesDataSource() datasource.DataSource {
	return &serverCertificatesDataSource{}
}

type serverCertificatesDataSource struct {
	data *providerData
}

type serverCertificatesModel struct {
	AccountID          types.String             `tfsdk:"account_id"`
	ServerCertificates []serverCertificateModel `tfsdk:"server_certificates"`
}

// serverCertificateModel is one element of server_certificates.
type serverCertificateModel struct {
	Name       types.String `tfsdk:"name"`
	ARN        types.String `tfsdk:"arn"`
	Path       types.String `tfsdk:"path"`
	UploadDate types.String `tfsdk:"upload_date"`
	Expiration types.String `tfsdk:"expiration"`
	Expired    types.Bool   `tfsdk:"expired"`
}

func (d *serverCertificatesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_server_certificates"
}

func (d *serverCertificatesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The SSL/TLS server certificates stored in IAM, for the CIS control \"all expired " +
			"certificates stored in IAM are removed\". Needs `iam:ListServerCertificates`.",
		Attributes: map[string]schema.Attribute{
			"account_id": accountIDAttribute(),
			"server_certificates": schema.ListNestedAttribute{
				MarkdownDescription: "The server certificates, sorted by name.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: withAttributes(namedEntityAttributes("certificate", "/cloudfront/"), map[string]schema.Attribute{
						"upload_date": schema.StringAttribute{MarkdownDescription: "When the certificate was uploaded (RFC 3339, UTC).", Computed: true},
						"expiration":  schema.StringAttribute{MarkdownDescription: "When the certificate expires (RFC 3339, UTC).", Computed: true},
						"expired": schema.BoolAttribute{
							MarkdownDescription: "Whether `expiration` lies before the time of the read.",
							Computed:            true,
						},
					}),
				},
			},
		},
	}
}

func (d *serverCertificatesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *serverCertificatesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	accountID, scope, ok := d.data.configuredScope(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	certs, err := scope.collector.ServerCertificates(scope.callContext(ctx))
	if err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Read IAM Server Certificates", err)
		return
	}
	now := scope.now()
	model := serverCertificatesModel{AccountID: accountID, ServerCertificates: make([]serverCertificateModel, 0, len(certs))}
	expired := 0
	for _, c := range certs {
		m := serverCertificateModelOf(c, now)
		if m.Expired.ValueBool() {
			expired++
		}
		model.ServerCertificates = append(model.ServerCertificates, m)
	}
	tflog.Debug(ctx, "Read IAM server certificates", map[string]any{"server_certificates": len(certs), "expired": expired})
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// serverCertificateModelOf maps one engine certificate; it is expired when
// its expiration lies before now.
func serverCertificateModelOf(c iamcollect.ServerCertificate, now time.Time) serverCertificateModel {
	return serverCertificateModel{
		Name:       types.StringValue(c.Name),
		ARN:        types.StringValue(c.ARN),
		Path:       types.StringValue(c.Path),
		UploadDate: timeValueOf(c.UploadDate),
		Expiration: timeValueOf(c.Expiration),
		Expired:    types.BoolValue(c.Expiration.Before(now)),
	}
}
