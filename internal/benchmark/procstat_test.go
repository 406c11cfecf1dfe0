package main

import (
	"testing"
	"time"
)

const sampleStatus = `Name:	terraform-provi
Umask:	0022
State:	S (sleeping)
Pid:	4242
PPid:	4200
VmPeak:	 1290472 kB
VmHWM:	   45312 kB
VmRSS:	   44100 kB
Threads:	12
`

func TestStatusKB(t *testing.T) {
	tests := []struct {
		field string
		want  int64
		ok    bool
	}{
		{"VmHWM", 45312 * 1024, true},
		{"VmRSS", 44100 * 1024, true},
		{"VmSwap", 0, false},  // absent
		{"Threads", 0, false}, // not in kB
	}
	for _, tt := range tests {
		got, ok := statusKB(sampleStatus, tt.field)
		if got != tt.want || ok != tt.ok {
			t.Errorf("statusKB(%s) = %d, %v; want %d, %v", tt.field, got, ok, tt.want, tt.ok)
		}
	}
}

func TestStatCPU(t *testing.T) {
	// The command name may hold spaces and parentheses.
	stat := "4242 (terraform-provider (x) y) S 4200 4242 4200 0 -1 4194560 1500 0 0 0 250 37 0 0 20 0 12 0 1234 1321467904 11025"
	got, ok := statCPU(stat)
	if !ok || got != 2870*time.Millisecond {
		t.Errorf("statCPU = %v, %v; want 2.87s, true", got, ok)
	}
	if f := statFields(stat); len(f) < 2 || f[1] != "4200" {
		t.Errorf("statFields parent PID = %v, want 4200", f)
	}
	if _, ok := statCPU("garbage"); ok {
		t.Error("statCPU(garbage) ok, want false")
	}
}

// TestOwnCPU: terraform's CPU without its provider children, never negative
// (the sampler reads the providers' CPU up to one interval before they exit).
func TestOwnCPU(t *testing.T) {
	t.Parallel()
	if got := ownCPU(19580*time.Millisecond, 8740*time.Millisecond); got != 10840*time.Millisecond {
		t.Errorf("ownCPU = %v, want 10.84s", got)
	}
	if got := ownCPU(100*time.Millisecond, 120*time.Millisecond); got != 0 {
		t.Errorf("ownCPU = %v, want 0", got)
	}
}
