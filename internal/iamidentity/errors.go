package iamidentity

import (
	"errors"
	"fmt"
	"strings"
)

// ForeignEntityError is a create that found an entity under the name that
// it did not make: the entity existed before, or someone else made it while
// the create ran. It was neither adopted nor changed nor deleted.
type ForeignEntityError struct {
	What string // "user reader"
	Err  error  // the create's error (EntityAlreadyExists, or the error that made the create look)
}

func (e *ForeignEntityError) Error() string {
	return fmt.Sprintf("%v; %s already exists and was not created by this resource, so it was left alone", e.Err, e.What)
}

func (e *ForeignEntityError) Unwrap() error { return e.Err }

// MaybeLeftError is a create that failed in a way that may still have made
// the entity (an answer lost after IAM wrote it) without a way to prove it.
type MaybeLeftError struct {
	What   string // "user reader"
	Reason string // why it cannot be told, "" when it was simply not found
	Token  string // the create token the entity would carry, if any
	Err    error
}

func (e *MaybeLeftError) Error() string { return e.Err.Error() }

func (e *MaybeLeftError) Unwrap() error { return e.Err }

// Note tells the user what may be left and how to recognize it.
func (e *MaybeLeftError) Note() string {
	var b strings.Builder
	fmt.Fprintf(&b, "The request creating %s failed without a definite answer, so %s may exist in AWS although the create failed", e.What, e.What)
	if e.Reason != "" {
		b.WriteString(" (" + e.Reason + ")")
	}
	b.WriteString(".")
	if e.Token != "" {
		fmt.Fprintf(&b, " If it does, it carries the tag %s = %s, which proves this apply made it.", CreateTokenTagKey, e.Token)
	}
	b.WriteString(" Check, and delete or import it before applying again.")
	return b.String()
}

// CreateError is a multi-step create that failed at one step. What the
// earlier steps made was deleted again (RolledBack) as far as possible
// (Left: what could not be, with the reason).
type CreateError struct {
	Step       string // what failed to be created: "group reader"
	Err        error
	RolledBack []string
	Left       []string
}

func (e *CreateError) Error() string {
	return fmt.Sprintf("creating %s: %v", e.Step, e.Err)
}

func (e *CreateError) Unwrap() error { return e.Err }

// Outcome says what the failure left in AWS, in sentences; "" when the
// first step failed and certainly made nothing.
func (e *CreateError) Outcome() string {
	var maybe *MaybeLeftError
	maybeNote := ""
	if errors.As(e.Err, &maybe) {
		maybeNote = maybe.Note()
	}
	switch {
	case len(e.Left) > 0:
		return fmt.Sprintf("Creating %s failed, and these could not be deleted again: %s. The resource is saved in state "+
			"as tainted, so the next apply deletes what is left and creates it again.", e.Step, strings.Join(e.Left, "; "))
	case len(e.RolledBack) > 0:
		after := "Nothing is left in AWS; fix the cause and apply again."
		if maybeNote != "" {
			after = maybeNote
		}
		return fmt.Sprintf("Creating %s failed, so what was already created was deleted again: %s. %s",
			e.Step, strings.Join(e.RolledBack, ", "), after)
	default:
		return maybeNote
	}
}

// PartlyLeft reports whether something the create made could not be
// deleted again: the caller keeps it in state so the next apply converges.
func (e *CreateError) PartlyLeft() bool { return len(e.Left) > 0 }

// ForeignItemsError is a delete refused because the identity has things
// the resource did not create; nothing was deleted.
type ForeignItemsError struct {
	Owner string   // "IAM user reader (or its group or policy)"
	Items []string // "access key AKIA…", "inline user policy extra"
}

func (e *ForeignItemsError) Error() string {
	return fmt.Sprintf("%s has things this resource did not create: %s", e.Owner, strings.Join(e.Items, ", "))
}

// OldKeyNotDeletedError is a rotation whose new key was created (and is
// returned with this error) but whose old key could not be deleted.
type OldKeyNotDeletedError struct {
	KeyID string
	Err   error
}

func (e *OldKeyNotDeletedError) Error() string {
	return fmt.Sprintf("deleting the rotated access key %s: %v", e.KeyID, e.Err)
}

func (e *OldKeyNotDeletedError) Unwrap() error { return e.Err }
