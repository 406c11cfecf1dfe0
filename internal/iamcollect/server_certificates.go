package iamcollect

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// ServerCertificates returns the metadata of every IAM server certificate
// (ListServerCertificates, paginated), sorted by name.
func (c *Collector) ServerCertificates(ctx context.Context) ([]ServerCertificate, error) {
	certs, err := load(ctx, c, "server-certificates", c.fetchServerCertificates)
	if err != nil {
		return nil, err
	}
	return slices.Clone(certs), nil
}

// fetchServerCertificates drains ListServerCertificates.
func (c *Collector) fetchServerCertificates(ctx context.Context) ([]ServerCertificate, error) {
	start := time.Now()
	p := iam.NewListServerCertificatesPaginator(c.api, &iam.ListServerCertificatesInput{MaxItems: aws.Int32(maxItems)})
	certs := []ServerCertificate{}
	st, err := paginate(ctx, "ListServerCertificates", p, func(out *iam.ListServerCertificatesOutput) pageInfo {
		for _, m := range out.ServerCertificateMetadataList {
			certs = append(certs, ServerCertificate{
				Name:       aws.ToString(m.ServerCertificateName),
				ARN:        aws.ToString(m.Arn),
				Path:       aws.ToString(m.Path),
				UploadDate: utc(m.UploadDate),
				Expiration: utc(m.Expiration),
			})
		}
		return pageInfo{items: len(out.ServerCertificateMetadataList), truncated: out.IsTruncated, marker: out.Marker}
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(certs, func(a, b ServerCertificate) int { return strings.Compare(a.Name, b.Name) })
	logBulk(ctx, "iam:ListServerCertificates", st, start)
	return certs, nil
}
