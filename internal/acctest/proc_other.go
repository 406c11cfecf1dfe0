//go:build !unix

package acctest

import (
	"os/exec"
)

// setProcessGroup is a no-op where process groups do not exist.
func setProcessGroup(*exec.Cmd) {}

// terminate kills the child (no SIGTERM on this platform).
func terminate(cmd *exec.Cmd) {
	_ = cmd.Process.Kill()
}

// kill kills the child.
func kill(cmd *exec.Cmd) {
	_ = cmd.Process.Kill()
}
