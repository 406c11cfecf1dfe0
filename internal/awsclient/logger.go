package awsclient

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/aws-sdk-go-base/v2/logging"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// secretPatterns match secrets inside logged AWS request and response bodies:
// CreateAccessKey's SecretAccessKey, STS session tokens and secret keys, and a
// web identity token sent as a form field. The SDK's request/response logging
// (TF_LOG=DEBUG) would otherwise write them verbatim.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?s)(<(?:SecretAccessKey|SessionToken|WebIdentityToken)>).*?(</(?:SecretAccessKey|SessionToken|WebIdentityToken)>)`),
	regexp.MustCompile(`((?:SecretAccessKey|SessionToken|WebIdentityToken|X-Amz-Security-Token)=)[^&\s"]*()`),
	regexp.MustCompile(`("(?:SecretAccessKey|SessionToken|WebIdentityToken|secret_access_key|session_token)"\s*:\s*")[^"]*(")`),
	regexp.MustCompile(`(?i)(x-amz-security-token:?\s*)[^\s",]+()`),
}

const redacted = "***REDACTED***"

// Redact removes every known secret form, and the given literal secrets, from s.
func Redact(s string, literals ...string) string {
	for _, p := range secretPatterns {
		s = p.ReplaceAllString(s, "${1}"+redacted+"${2}")
	}
	for _, lit := range literals {
		if lit != "" {
			s = strings.ReplaceAll(s, lit, redacted)
		}
	}
	return logging.MaskAWSSensitiveValues(s)
}

// withSecretMasking masks the configured secret values in the message of
// every tflog entry written with ctx, as a last line of defence.
//
// Not in field values: terraform-plugin-log applies a field mask by
// rewriting the logger's own field map, which every context derived from
// ctx shares, on every entry. Two goroutines of one read (collections,
// per-user calls) logging at once are then concurrent map writes, which
// crash the provider. Field values that could hold a secret are the SDK's
// request and response logs, which maskingLogger redacts before they reach
// tflog; the provider's own entries never carry credentials.
func withSecretMasking(ctx context.Context, secrets []string) context.Context {
	if len(secrets) == 0 {
		return ctx
	}
	return tflog.MaskMessageStrings(ctx, secrets...)
}

// maskingLogger wraps the base library's tflog logger and redacts secrets
// from messages and field values before anything is written.
type maskingLogger struct {
	inner   logging.Logger
	secrets []string
}

var _ logging.Logger = maskingLogger{}

func newMaskingLogger(ctx context.Context, secrets []string) logging.Logger {
	_, inner := logging.NewTfLogger(ctx)
	return maskingLogger{inner: inner, secrets: secrets}
}

func (l maskingLogger) Warn(ctx context.Context, msg string, fields ...map[string]any) {
	l.inner.Warn(ctx, l.redact(msg), l.redactFields(fields)...)
}

func (l maskingLogger) Info(ctx context.Context, msg string, fields ...map[string]any) {
	l.inner.Info(ctx, l.redact(msg), l.redactFields(fields)...)
}

func (l maskingLogger) Debug(ctx context.Context, msg string, fields ...map[string]any) {
	l.inner.Debug(ctx, l.redact(msg), l.redactFields(fields)...)
}

func (l maskingLogger) Trace(ctx context.Context, msg string, fields ...map[string]any) {
	l.inner.Trace(ctx, l.redact(msg), l.redactFields(fields)...)
}

func (l maskingLogger) SetField(ctx context.Context, key string, value any) context.Context {
	return l.inner.SetField(ctx, key, l.redactValue(value))
}

func (l maskingLogger) SubLogger(ctx context.Context, name string) (context.Context, logging.Logger) {
	ctx, inner := l.inner.SubLogger(ctx, name)
	return ctx, maskingLogger{inner: inner, secrets: l.secrets}
}

func (l maskingLogger) redact(s string) string { return Redact(s, l.secrets...) }

func (l maskingLogger) redactFields(fields []map[string]any) []map[string]any {
	out := make([]map[string]any, len(fields))
	for i, f := range fields {
		clean := make(map[string]any, len(f))
		for k, v := range f {
			clean[k] = l.redactValue(v)
		}
		out[i] = clean
	}
	return out
}

func (l maskingLogger) redactValue(v any) any {
	switch v := v.(type) {
	case string:
		return l.redact(v)
	case []string:
		out := make([]string, len(v))
		for i, s := range v {
			out[i] = l.redact(s)
		}
		return out
	case fmt.Stringer:
		return l.redact(v.String())
	default:
		return v
	}
}

// WithLogging registers the provider's secret-masking logger in ctx, so that
// the SDK's request and response logging (visible with TF_LOG=DEBUG) is
// written through it. Use it for every AWS call.
func (c *Client) WithLogging(ctx context.Context) context.Context {
	return logging.RegisterLogger(withSecretMasking(ctx, c.secrets), c.logger)
}
