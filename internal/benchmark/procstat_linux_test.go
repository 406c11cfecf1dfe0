package main

import (
	"os"
	"testing"
)

// TestProcessCPUSelf reads this process's CPU time from /proc (Linux only).
func TestProcessCPUSelf(t *testing.T) {
	if _, ok := processCPU(os.Getpid()); !ok {
		t.Error("processCPU(self) not ok")
	}
}
