package faultproxy

import (
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// unknown names a service or action the proxy cannot detect.
const unknown = "unknown"

// actionKey returns "<service>:<Action>" for an AWS query protocol request
// (IAM, STS) or JSON protocol request (Organizations) whose body has already
// been read: the action from the X-Amz-Target header, the form-encoded body
// or the URL query, the service from the SigV4 credential scope. Parts it
// cannot detect are "unknown".
func actionKey(r *http.Request, body []byte) string {
	return serviceFromRequest(r) + ":" + actionFromRequest(r, body)
}

// actionFromRequest returns the JSON protocol target's operation or the
// query protocol Action parameter.
func actionFromRequest(r *http.Request, body []byte) string {
	if target := jsonTarget(r); target != "" {
		// "<service prefix>_<version>.<Operation>"
		return target[strings.LastIndex(target, ".")+1:]
	}
	if len(body) > 0 && isForm(r.Header.Get("Content-Type")) {
		if form, err := url.ParseQuery(string(body)); err == nil {
			if a := form.Get("Action"); a != "" {
				return a
			}
		}
	}
	if a := r.URL.Query().Get("Action"); a != "" {
		return a
	}
	return unknown
}

// jsonTarget returns the X-Amz-Target header of a JSON protocol request
// ("AWSOrganizationsV20161128.DescribeOrganization"), or "".
func jsonTarget(r *http.Request) string {
	return r.Header.Get("X-Amz-Target")
}

// isForm reports whether the content type is form encoded (or absent).
func isForm(contentType string) bool {
	if contentType == "" {
		return true
	}
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && mediaType == "application/x-www-form-urlencoded"
}

// assumeRoleAction is the action whose role ARN names the account a
// request acts in, and whose answer's credentials act there afterwards.
const assumeRoleAction = "sts:AssumeRole"

// roleARNAccount is the account of an IAM role ARN
// (arn:<partition>:iam::<account>:role/…), or "".
func roleARNAccount(roleARN string) string {
	parts := strings.SplitN(roleARN, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" {
		return ""
	}
	return parts[4]
}

// formValue returns a parameter of a query protocol request, from the
// form-encoded body or the URL query.
func formValue(r *http.Request, body []byte, name string) string {
	if len(body) > 0 && isForm(r.Header.Get("Content-Type")) {
		if form, err := url.ParseQuery(string(body)); err == nil && form.Get(name) != "" {
			return form.Get(name)
		}
	}
	return r.URL.Query().Get(name)
}

// accessKeyFromRequest returns the access key ID of the SigV4 credential
// scope, or "".
func accessKeyFromRequest(r *http.Request) string {
	credential := r.URL.Query().Get("X-Amz-Credential")
	if auth := r.Header.Get("Authorization"); auth != "" {
		credential = credentialFromAuthorization(auth)
	}
	key, _, _ := strings.Cut(credential, "/")
	return key
}

// accessKeyIDPattern finds the access key ID of an sts:AssumeRole answer.
var accessKeyIDPattern = regexp.MustCompile(`<AccessKeyId>([^<]+)</AccessKeyId>`)

// serviceFromRequest returns the signing service of the SigV4 credential
// scope, from the Authorization header or a presigned URL.
func serviceFromRequest(r *http.Request) string {
	credential := r.URL.Query().Get("X-Amz-Credential")
	if auth := r.Header.Get("Authorization"); auth != "" {
		credential = credentialFromAuthorization(auth)
	}
	// Scope: <access key>/<date>/<region>/<service>/aws4_request.
	parts := strings.Split(credential, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" || parts[3] == "" {
		return unknown
	}
	return parts[3]
}

// credentialFromAuthorization returns the Credential component of a SigV4
// Authorization header value.
func credentialFromAuthorization(auth string) string {
	_, params, ok := strings.Cut(auth, " ")
	if !ok {
		return ""
	}
	for param := range strings.SplitSeq(params, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(param), "Credential="); ok {
			return v
		}
	}
	return ""
}

// serviceOf returns the service part of an action key.
func serviceOf(action string) string {
	service, _, _ := strings.Cut(action, ":")
	return service
}
