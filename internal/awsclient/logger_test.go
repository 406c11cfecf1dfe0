package awsclient

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestRedact(t *testing.T) {
	const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	cases := map[string]struct {
		in      string
		literal string
		gone    []string
		kept    []string
	}{
		"CreateAccessKey response": {
			in:   `<AccessKey><UserName>bob</UserName><AccessKeyId>AKIAEXAMPLE</AccessKeyId><SecretAccessKey>` + secret + `</SecretAccessKey></AccessKey>`,
			gone: []string{secret},
			kept: []string{"<SecretAccessKey>" + redacted + "</SecretAccessKey>", "<UserName>bob</UserName>"},
		},
		"AssumeRole response": {
			in:   `<Credentials><SessionToken>FwoGZXIvYXdzEBYaDH+long/token==</SessionToken><SecretAccessKey>abc</SecretAccessKey></Credentials>`,
			gone: []string{"FwoGZXIvYXdzEBYaDH+long/token==", ">abc<"},
		},
		"web identity form field": {
			in:   `Action=AssumeRoleWithWebIdentity&RoleArn=arn&WebIdentityToken=eyJhbGciOi.payload.sig&Version=2011-06-15`,
			gone: []string{"eyJhbGciOi.payload.sig"},
			kept: []string{"Action=AssumeRoleWithWebIdentity", "Version=2011-06-15"},
		},
		"JSON body": {
			in:   `{"SecretAccessKey": "topsecret", "UserName": "bob"}`,
			gone: []string{"topsecret"},
			kept: []string{`"UserName": "bob"`},
		},
		"security token header": {
			in:   `X-Amz-Security-Token: IQoJb3JpZ2luX2VjEJr`,
			gone: []string{"IQoJb3JpZ2luX2VjEJr"},
		},
		"configured literal": {
			in:      `failed with key s3cr3t-value in message`,
			literal: "s3cr3t-value",
			gone:    []string{"s3cr3t-value"},
		},
		"bare 40-character secret": {
			in:   "secret " + secret + " end",
			gone: []string{secret},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := Redact(tc.in, tc.literal)
			for _, g := range tc.gone {
				if strings.Contains(got, g) {
					t.Errorf("Redact(%q) = %q still contains %q", tc.in, got, g)
				}
			}
			for _, k := range tc.kept {
				if !strings.Contains(got, k) {
					t.Errorf("Redact(%q) = %q lost %q", tc.in, got, k)
				}
			}
		})
	}
}

func TestMaskingLoggerRedactsFields(t *testing.T) {
	l := maskingLogger{secrets: []string{"literal-secret"}}
	fields := l.redactFields([]map[string]any{{
		"http.response.body": "<SecretAccessKey>abc</SecretAccessKey>",
		"list":               []string{"literal-secret", "ok"},
		"count":              3,
	}})
	if got := fields[0]["http.response.body"]; got != "<SecretAccessKey>"+redacted+"</SecretAccessKey>" {
		t.Errorf("body = %q", got)
	}
	if got, ok := fields[0]["list"].([]string); !ok || got[0] != redacted || got[1] != "ok" {
		t.Errorf("list = %#v", fields[0]["list"])
	}
	if got := fields[0]["count"]; got != 3 {
		t.Errorf("count = %v", got)
	}
}

func TestCheckAccount(t *testing.T) {
	cases := []struct {
		name      string
		lists     accountLists
		wantError string
	}{
		{"no lists", accountLists{}, ""},
		{"allowed", accountLists{allowed: []string{"123456789012"}}, ""},
		{"not allowed", accountLists{allowed: []string{"111122223333", "444455556666"}},
			"account_id names AWS account 123456789012, which is not in allowed_account_ids (111122223333, 444455556666)"},
		{"forbidden", accountLists{forbidden: []string{"123456789012"}}, "account_id names AWS account 123456789012, which is listed in forbidden_account_ids"},
		{"not forbidden", accountLists{forbidden: []string{"111122223333"}}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := (&Client{accounts: tc.lists}).CheckAccount("123456789012")
			switch {
			case tc.wantError == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wantError != "" && (err == nil || err.Error() != tc.wantError):
				t.Fatalf("error = %v, want %q", err, tc.wantError)
			}
		})
	}
}

// lockedWriter serializes writes to w.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestWithSecretMasking_concurrentLogging: goroutines of one read log with
// contexts derived from one masked context at the same time. A field mask
// made terraform-plugin-log rewrite the shared field map on every entry:
// concurrent map writes, a fatal error that crashed the provider. The
// secret stays masked in messages.
func TestWithSecretMasking_concurrentLogging(t *testing.T) {
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &lockedWriter{w: &out})
	ctx = tflog.SetField(ctx, "tf_req_id", "request-1")
	ctx = withSecretMasking(ctx, []string{"s3cr3t-value"})
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 300 {
				tflog.Debug(ctx, "calling with s3cr3t-value", map[string]any{"goroutine": g, "i": i, "operation": "iam:ListMFADevices"})
			}
		}()
	}
	wg.Wait()
	if strings.Contains(out.String(), "s3cr3t-value") {
		t.Error("the secret was logged")
	}
	if got := strings.Count(out.String(), "calling with ***"); got != 16*300 {
		t.Errorf("%d masked entries, want %d", got, 16*300)
	}
}
