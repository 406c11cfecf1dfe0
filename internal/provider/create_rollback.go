package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// rollback records what a multi-step Create made, so that a failure half
// way can remove it again (newest first) instead of leaving orphans.
type rollback struct {
	steps []rollbackStep
}

type rollbackStep struct {
	what string
	undo func(context.Context) error
}

// add records that `what` was created and how to remove it.
func (r *rollback) add(what string, undo func(context.Context) error) {
	r.steps = append(r.steps, rollbackStep{what: what, undo: undo})
}

// run removes everything recorded, newest first, and returns what could not
// be removed (with the reason). It keeps going after a failure.
func (r *rollback) run(ctx context.Context) []string {
	var left []string
	for i := len(r.steps) - 1; i >= 0; i-- {
		s := r.steps[i]
		if err := s.undo(ctx); err != nil && !isNoSuchEntity(err) {
			tflog.Warn(ctx, "Could not roll back a partial create", map[string]any{"entity": s.what, "error_code": errorCode(err)})
			left = append(left, fmt.Sprintf("%s (%s: %s)", s.what, actionOf(err), errorCode(err)))
		}
	}
	r.steps = nil
	return left
}

// fail reports a create that failed at one step after rolling back the
// steps before it. It returns true when the rollback left something behind:
// the caller then saves what it knows in state, so Terraform taints the
// resource and the next apply deletes and recreates it. When the failed
// step's create may have been made by a retried attempt (lostCreateError),
// it says so instead of "Nothing is left".
func (r *rollback) fail(ctx context.Context, diags *diag.Diagnostics, summary, step string, err error) (leftovers bool) {
	var created []string
	for _, s := range r.steps {
		created = append(created, s.what)
	}
	addResourceAWSError(diags, summary, err)
	left := r.run(ctx)
	var lost *lostCreateError
	maybeLeft := errors.As(err, &lost)
	switch {
	case len(created) == 0:
		if maybeLeft {
			diags.AddError(summary+": Check for Leftovers", lost.note())
		}
		return false
	case len(left) == 0:
		after := "Nothing is left in AWS; fix the cause and apply again."
		if maybeLeft {
			after = lost.note()
		}
		diags.AddError(summary+": Rolled Back",
			fmt.Sprintf("Creating %s failed, so what was already created was deleted again: %s. %s",
				step, strings.Join(created, ", "), after))
		return false
	default:
		diags.AddError(summary+": Partially Rolled Back",
			fmt.Sprintf("Creating %s failed, and these could not be deleted again: %s. The resource is saved in state "+
				"as tainted, so the next apply deletes what is left and creates it again.", step, strings.Join(left, "; ")))
		return true
	}
}
