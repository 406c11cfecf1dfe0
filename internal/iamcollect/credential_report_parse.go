package iamcollect

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Credential report column names, as AWS writes them in the header.
const (
	colUser                      = "user"
	colARN                       = "arn"
	colUserCreationTime          = "user_creation_time"
	colPasswordEnabled           = "password_enabled"
	colPasswordLastUsed          = "password_last_used"
	colPasswordLastChanged       = "password_last_changed"
	colPasswordNextRotation      = "password_next_rotation"
	colMFAActive                 = "mfa_active"
	colAccessKey1Active          = "access_key_1_active"
	colAccessKey1LastRotated     = "access_key_1_last_rotated"
	colAccessKey1LastUsedDate    = "access_key_1_last_used_date"
	colAccessKey1LastUsedRegion  = "access_key_1_last_used_region"
	colAccessKey1LastUsedService = "access_key_1_last_used_service"
	colAccessKey2Active          = "access_key_2_active"
	colAccessKey2LastRotated     = "access_key_2_last_rotated"
	colAccessKey2LastUsedDate    = "access_key_2_last_used_date"
	colAccessKey2LastUsedRegion  = "access_key_2_last_used_region"
	colAccessKey2LastUsedService = "access_key_2_last_used_service"
	colCert1Active               = "cert_1_active"
	colCert1LastRotated          = "cert_1_last_rotated"
	colCert2Active               = "cert_2_active"
	colCert2LastRotated          = "cert_2_last_rotated"
)

// CredentialReportColumns are the columns ParseCredentialReport requires, in
// the order AWS writes them. Other columns are ignored.
var CredentialReportColumns = []string{
	colUser, colARN, colUserCreationTime,
	colPasswordEnabled, colPasswordLastUsed, colPasswordLastChanged, colPasswordNextRotation,
	colMFAActive,
	colAccessKey1Active, colAccessKey1LastRotated, colAccessKey1LastUsedDate, colAccessKey1LastUsedRegion, colAccessKey1LastUsedService,
	colAccessKey2Active, colAccessKey2LastRotated, colAccessKey2LastUsedDate, colAccessKey2LastUsedRegion, colAccessKey2LastUsedService,
	colCert1Active, colCert1LastRotated, colCert2Active, colCert2LastRotated,
}

// nullValues are the credential report's ways of saying "no value".
var nullValues = []string{"N/A", "no_information", "not_supported"}

// ParseCredentialReport parses the CSV content of GetCredentialReport. Columns
// are found by header name, unknown columns are ignored and a missing
// required column is an error. Booleans are true/false (any case); dates are
// RFC 3339 (AWS writes 2024-01-02T03:04:05+00:00) and become UTC; N/A,
// no_information and not_supported become nil (or "" and false). Rows are
// sorted with the root user first, then by user name.
func ParseCredentialReport(content []byte, generatedAt time.Time) (*CredentialReport, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(content, []byte("\uFEFF"))))
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("credential report: empty content")
	}
	if err != nil {
		return nil, fmt.Errorf("credential report: reading header: %w", err)
	}
	cols, err := columnIndex(header)
	if err != nil {
		return nil, err
	}
	// A row keeps none of its record (parseRow copies what it needs).
	r.ReuseRecord = true
	rows := []CredentialReportRow{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("credential report: %w", err)
		}
		row, err := parseRow(cols, rec)
		if err != nil {
			line, _ := r.FieldPos(0)
			return nil, fmt.Errorf("credential report line %d: %w", line, err)
		}
		rows = append(rows, row)
	}
	slices.SortStableFunc(rows, compareRows)
	return &CredentialReport{GeneratedAt: generatedAt.UTC(), Rows: rows}, nil
}

// compareRows orders the root user first, then by user name.
func compareRows(a, b CredentialReportRow) int {
	aRoot, bRoot := a.User == RootUserName, b.User == RootUserName
	switch {
	case aRoot && !bRoot:
		return -1
	case bRoot && !aRoot:
		return 1
	}
	return strings.Compare(a.User, b.User)
}

// columnIndex maps the required column names to their header positions.
func columnIndex(header []string) (map[string]int, error) {
	idx := make(map[string]int, len(header))
	for i, name := range header {
		name = strings.TrimSpace(name)
		if _, dup := idx[name]; dup {
			return nil, fmt.Errorf("credential report: duplicate column %q", name)
		}
		idx[name] = i
	}
	var missing []string
	for _, name := range CredentialReportColumns {
		if _, ok := idx[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("credential report: missing columns %s", strings.Join(missing, ", "))
	}
	return idx, nil
}

// rowParser reads typed fields of one record, keeping the first error.
type rowParser struct {
	cols map[string]int
	rec  []string
	err  error
}

func (p *rowParser) str(col string) string {
	return p.rec[p.cols[col]]
}

// kept is the column's text as a string of its own. encoding/csv returns a
// record's fields as substrings of one string per line, so a row that kept
// a field would keep its whole line: the report is held for the plan, and
// at 10 000 users its lines are megabytes the rows do not need.
func (p *rowParser) kept(col string) string {
	return strings.Clone(p.str(col))
}

func (p *rowParser) text(col string) string {
	v := p.str(col)
	if isNull(v) {
		return ""
	}
	return strings.Clone(v)
}

func (p *rowParser) flagPtr(col string) *bool {
	v := p.str(col)
	if isNull(v) {
		return nil
	}
	switch {
	case strings.EqualFold(v, "true"):
		b := true
		return &b
	case strings.EqualFold(v, "false"):
		b := false
		return &b
	}
	p.fail(fmt.Errorf("column %s: invalid boolean %q", col, v))
	return nil
}

func (p *rowParser) flag(col string) bool {
	b := p.flagPtr(col)
	return b != nil && *b
}

func (p *rowParser) date(col string) *time.Time {
	v := p.str(col)
	if isNull(v) {
		return nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if t = t.UTC(); err != nil || t.Year() < 0 || t.Year() > 9999 {
		// Years outside 0000-9999 in UTC cannot be written back as RFC 3339.
		p.fail(fmt.Errorf("column %s: invalid date %q", col, v))
		return nil
	}
	return &t
}

func (p *rowParser) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

// isNull reports whether v is one of the report's "no value" markers.
func isNull(v string) bool {
	return slices.Contains(nullValues, v)
}

// parseRow types one record.
func parseRow(cols map[string]int, rec []string) (CredentialReportRow, error) {
	p := &rowParser{cols: cols, rec: rec}
	row := CredentialReportRow{
		User:                      p.kept(colUser),
		ARN:                       p.kept(colARN),
		UserCreationTime:          p.date(colUserCreationTime),
		PasswordEnabled:           p.flagPtr(colPasswordEnabled),
		PasswordLastUsed:          p.date(colPasswordLastUsed),
		PasswordLastChanged:       p.date(colPasswordLastChanged),
		PasswordNextRotation:      p.date(colPasswordNextRotation),
		MFAActive:                 p.flag(colMFAActive),
		AccessKey1Active:          p.flag(colAccessKey1Active),
		AccessKey1LastRotated:     p.date(colAccessKey1LastRotated),
		AccessKey1LastUsedDate:    p.date(colAccessKey1LastUsedDate),
		AccessKey1LastUsedRegion:  p.text(colAccessKey1LastUsedRegion),
		AccessKey1LastUsedService: p.text(colAccessKey1LastUsedService),
		AccessKey2Active:          p.flag(colAccessKey2Active),
		AccessKey2LastRotated:     p.date(colAccessKey2LastRotated),
		AccessKey2LastUsedDate:    p.date(colAccessKey2LastUsedDate),
		AccessKey2LastUsedRegion:  p.text(colAccessKey2LastUsedRegion),
		AccessKey2LastUsedService: p.text(colAccessKey2LastUsedService),
		Cert1Active:               p.flag(colCert1Active),
		Cert1LastRotated:          p.date(colCert1LastRotated),
		Cert2Active:               p.flag(colCert2Active),
		Cert2LastRotated:          p.date(colCert2LastRotated),
	}
	return row, p.err
}
