package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

var _ function.Function = (*daysBetweenFunction)(nil)

// NewDaysBetweenFunction returns the provider::iamaudit::days_between function.
func NewDaysBetweenFunction() function.Function {
	return &daysBetweenFunction{}
}

type daysBetweenFunction struct{}

// daysBetweenParameters names the arguments, in order, for error messages.
var daysBetweenParameters = []string{"start", "end"}

func (f *daysBetweenFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "days_between"
}

func (f *daysBetweenFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Whole days between two RFC 3339 timestamps",
		MarkdownDescription: "Returns the number of whole days from `start` to `end`: the elapsed time divided by " +
			"24 hours, rounded down. This is the same arithmetic as every `*_days` attribute of this provider, so " +
			"`days_between(x.create_date, plantimestamp())` equals `x.age_days` during the same plan. Time zone " +
			"offsets are honoured; calendar days and daylight saving time are not involved (a day is always 24 " +
			"hours). The result is negative when `end` is before `start`, and rounds down there too: half a day " +
			"backwards is `-1`. HCL has no date arithmetic; use `plantimestamp()` for the current time (`timestamp()` " +
			"changes on every evaluation and is unknown during plan).",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                daysBetweenParameters[0],
				MarkdownDescription: "The earlier timestamp, in RFC 3339 form such as `2024-01-31T12:00:00Z` or `2024-01-31T13:00:00+01:00`.",
			},
			function.StringParameter{
				Name:                daysBetweenParameters[1],
				MarkdownDescription: "The later timestamp, in RFC 3339 form, for example `plantimestamp()`.",
			},
		},
		Return: function.Int64Return{},
	}
}

func (f *daysBetweenFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var start, end string
	resp.Error = req.Arguments.Get(ctx, &start, &end)
	if resp.Error != nil {
		return
	}
	days, funcErr := daysBetween(start, end)
	if funcErr != nil {
		resp.Error = funcErr
		return
	}
	resp.Error = resp.Result.Set(ctx, days)
}

// daysBetween parses both timestamps and returns the whole days from start to
// end (iamcollect.WholeDays), or an error naming the argument that is not an
// RFC 3339 timestamp.
func daysBetween(start, end string) (int64, *function.FuncError) {
	var times [2]time.Time
	for i, s := range []string{start, end} {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			// The Go parse error speaks of Go's reference time; say what is expected instead.
			// No final period: Terraform adds one to a function error.
			return 0, function.NewArgumentFuncError(int64(i), fmt.Sprintf(
				"Invalid %s timestamp: %q is not an RFC 3339 timestamp. Expected a form such as "+
					"\"2024-01-31T12:00:00Z\" or \"2024-01-31T13:00:00+01:00\", as plantimestamp() returns",
				daysBetweenParameters[i], s))
		}
		times[i] = t
	}
	return iamcollect.WholeDays(times[0], times[1]), nil
}
