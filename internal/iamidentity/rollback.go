package iamidentity

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// rollback records what a multi-step create made, so that a failure half
// way can remove it again (newest first) instead of leaving orphans.
type rollback struct {
	steps []rollbackStep
}

type rollbackStep struct {
	what string
	undo func(context.Context) error
}

// add records that what was created and how to remove it.
func (r *rollback) add(what string, undo func(context.Context) error) {
	r.steps = append(r.steps, rollbackStep{what: what, undo: undo})
}

// fail removes everything recorded, newest first, going on after a
// failure, and returns the CreateError of step failing with err.
func (r *rollback) fail(ctx context.Context, step string, err error) *CreateError {
	e := &CreateError{Step: step, Err: err}
	removed := make([]bool, len(r.steps))
	for i := len(r.steps) - 1; i >= 0; i-- {
		s := r.steps[i]
		if undoErr := s.undo(ctx); undoErr != nil && !awserr.IsNoSuchEntity(undoErr) {
			tflog.Warn(ctx, "Could not roll back a partial create", map[string]any{"entity": s.what, "error_code": awserr.Code(undoErr)})
			e.Left = append(e.Left, fmt.Sprintf("%s (%s: %s)", s.what, awserr.Action(undoErr), awserr.Code(undoErr)))
			continue
		}
		removed[i] = true
	}
	for i, s := range r.steps {
		if removed[i] {
			e.RolledBack = append(e.RolledBack, s.what)
		}
	}
	r.steps = nil
	return e
}
