package iamidentity

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// queryServer is an AWS query-protocol endpoint on 127.0.0.1 answering
// each request with answer(action, attempt of that action): for tests that
// need the real SDK (retries, Date headers, error parsing) without moto.
type queryServer struct {
	srv *httptest.Server

	mu       sync.Mutex
	attempts map[string]int
}

// queryAnswer is one answer: status, body (XML unless contentType says
// otherwise), and whether to send Date.
type queryAnswer struct {
	status      int
	body        string
	contentType string
	noDate      bool
}

func newQueryServer(t *testing.T, answer func(action string, attempt int) queryAnswer) *queryServer {
	t.Helper()
	s := &queryServer{attempts: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		action := form.Get("Action")
		if target := r.Header.Get("X-Amz-Target"); target != "" {
			action = target[strings.LastIndex(target, ".")+1:] // JSON protocol (Organizations)
		}
		s.mu.Lock()
		s.attempts[action]++
		n := s.attempts[action]
		s.mu.Unlock()
		a := answer(action, n)
		if a.noDate {
			w.Header()["Date"] = nil
		}
		w.Header().Set("Content-Type", a.contentType)
		if a.contentType == "" {
			w.Header().Set("Content-Type", "text/xml")
		}
		w.WriteHeader(a.status)
		_, _ = io.WriteString(w, a.body)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// iam is an IAM client of the server with up to maxAttempts attempts per
// call and no back-off wait.
func (s *queryServer) iam(maxAttempts int) *iam.Client {
	return iam.New(iam.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(s.srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = maxAttempts
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		}),
	})
}

func (s *queryServer) organizations() *organizations.Client {
	return organizations.New(organizations.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(s.srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
	})
}

func (s *queryServer) sts() *sts.Client {
	return sts.New(sts.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(s.srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
	})
}

// ok is an empty successful answer to action.
func ok(action string) queryAnswer {
	return queryAnswer{status: 200, body: fmt.Sprintf(`<%[1]sResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><%[1]sResult></%[1]sResult>`+
		`<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></%[1]sResponse>`, action)}
}

// fail is an IAM error answer.
func fail(status int, code string) queryAnswer {
	kind := "Sender"
	if status >= 500 {
		kind = "Receiver"
	}
	return queryAnswer{status: status, body: fmt.Sprintf(`<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>%s</Type>`+
		`<Code>%s</Code><Message>%s (test)</Message></Error><RequestId>1</RequestId></ErrorResponse>`, kind, code, code)}
}
