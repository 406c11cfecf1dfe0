package faultproxy

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
)

// FaultKind is the kind of failure a Fault injects.
type FaultKind int

// Fault kinds. The zero value is not a valid kind.
const (
	// Throttling answers HTTP 400 with the AWS error code Throttling.
	Throttling FaultKind = iota + 1
	// InternalError answers HTTP 500 (code ServiceFailure for IAM, as IAM
	// does, InternalFailure for other services).
	InternalError
	// ServiceUnavailable answers HTTP 503 with the code ServiceUnavailable.
	ServiceUnavailable
	// ConnectionReset closes the client connection with a TCP RST and no
	// response.
	ConnectionReset
	// TruncatedResponse forwards the request, then sends the upstream status,
	// headers and full Content-Length but only the first half of the body, and
	// closes the connection.
	TruncatedResponse
	// AccessDenied answers HTTP 403 with the code AccessDenied and a message
	// naming the action, as IAM does.
	AccessDenied
)

var kindNames = map[FaultKind]string{
	Throttling:         "Throttling",
	InternalError:      "InternalError",
	ServiceUnavailable: "ServiceUnavailable",
	ConnectionReset:    "ConnectionReset",
	TruncatedResponse:  "TruncatedResponse",
	AccessDenied:       "AccessDenied",
}

// String returns the kind's name, e.g. "Throttling".
func (k FaultKind) String() string {
	if name, ok := kindNames[k]; ok {
		return name
	}
	return fmt.Sprintf("FaultKind(%d)", int(k))
}

// Fault describes a failure to inject into matching requests.
type Fault struct {
	// Action selects the requests: "" or "*" for all, "iam:*" for every
	// action of a service, otherwise an exact key such as "iam:ListUsers".
	Action string
	// Kind is the failure to inject.
	Kind FaultKind
	// Rate is the probability (0 to 1) that a matching request is faulted.
	Rate float64
	// Count limits how many times the fault is injected; 0 means unlimited.
	Count int
	// Account, when set, selects only the requests acting in that AWS
	// account (see Request.Account), e.g. one member account's IAM or the
	// sts:AssumeRole of a role in it.
	Account string
}

// validate reports whether the fault is well formed.
func (f Fault) validate() error {
	if _, ok := kindNames[f.Kind]; !ok {
		return fmt.Errorf("fault %q: invalid kind %d", f.Action, int(f.Kind))
	}
	if f.Rate < 0 || f.Rate > 1 || f.Rate != f.Rate {
		return fmt.Errorf("fault %q: rate %v not in [0, 1]", f.Action, f.Rate)
	}
	if f.Count < 0 {
		return fmt.Errorf("fault %q: negative count %d", f.Action, f.Count)
	}
	return nil
}

// matches reports whether the fault applies to the action key of a
// request acting in account.
func (f Fault) matches(action, account string) bool {
	if f.Account != "" && f.Account != account {
		return false
	}
	switch {
	case f.Action == "" || f.Action == "*":
		return true
	case strings.HasSuffix(f.Action, ":*"):
		return strings.HasPrefix(action, strings.TrimSuffix(f.Action, "*"))
	default:
		return f.Action == action
	}
}

// deniedPrincipal is the caller named in injected AccessDenied messages.
const deniedPrincipal = "arn:aws:iam::123456789012:user/faultproxy"

// awsError is the HTTP status and AWS query protocol error of a fault kind.
type awsError struct {
	status  int
	typ     string
	code    string
	message string
}

// errorFor returns the error a fault kind answers with for the action key
// ("iam:ListUsers"); kinds that do not answer with an error have none.
func errorFor(kind FaultKind, action string) awsError {
	switch kind {
	case Throttling:
		return awsError{http.StatusBadRequest, "Sender", "Throttling", "Rate exceeded"}
	case InternalError:
		code := "InternalFailure"
		if serviceOf(action) == "iam" {
			code = "ServiceFailure"
		}
		return awsError{http.StatusInternalServerError, "Receiver", code,
			"The request processing has failed because of an unknown error, exception or failure."}
	case ServiceUnavailable:
		return awsError{http.StatusServiceUnavailable, "Receiver", "ServiceUnavailable",
			"Service is unavailable. Please try again later."}
	case AccessDenied:
		return awsError{http.StatusForbidden, "Sender", "AccessDenied",
			fmt.Sprintf("User: %s is not authorized to perform: %s on resource: *", deniedPrincipal, action)}
	default:
		return awsError{}
	}
}

// errorResponse is the AWS query protocol error document.
type errorResponse struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Xmlns   string   `xml:"xmlns,attr,omitempty"`
	Error   struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Error"`
	RequestID string `xml:"RequestId"`
}

// namespaces are the XML namespaces of the query protocol services.
var namespaces = map[string]string{
	"iam": "https://iam.amazonaws.com/doc/2010-05-08/",
	"sts": "https://sts.amazonaws.com/doc/2011-06-15/",
}

// jsonCodes are the JSON protocol's names of the query protocol codes.
var jsonCodes = map[string]string{"AccessDenied": "AccessDeniedException"}

// jsonBody renders the error as a JSON protocol service (Organizations)
// would: {"__type": <code>, "Message": <message>}.
func (e awsError) jsonBody() []byte {
	code := e.code
	if c, ok := jsonCodes[code]; ok {
		code = c
	}
	out, err := json.Marshal(map[string]string{"__type": code, "Message": e.message})
	if err != nil {
		panic(fmt.Sprintf("faultproxy: marshal error response: %v", err)) // A map of strings: cannot fail.
	}
	return out
}

// body renders the error as the service would for the action key.
func (e awsError) body(action, requestID string) []byte {
	var doc errorResponse
	doc.Xmlns = namespaces[serviceOf(action)]
	doc.Error.Type = e.typ
	doc.Error.Code = e.code
	doc.Error.Message = e.message
	doc.RequestID = requestID
	out, err := xml.Marshal(doc)
	if err != nil {
		panic(fmt.Sprintf("faultproxy: marshal error response: %v", err)) // Static struct of strings: cannot fail.
	}
	return out
}
