package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Peak memory and CPU of the provider plugin process. Terraform starts the
// provider as a child process (terraform-provider-iamaudit_v<version>),
// sometimes more than one per command; a sampler walks terraform's children
// through /proc every few milliseconds and keeps, per provider process, the
// last VmHWM (the peak resident set, which only grows) and CPU time read
// before it exited. Linux only; elsewhere the figures stay zero.

// clockTicks is USER_HZ, the unit of utime and stime in /proc/<pid>/stat
// (100 on every Linux architecture Go supports).
const clockTicks = 100

// statusKB returns a "<Field>:   123 kB" value of /proc/<pid>/status in bytes.
func statusKB(status, field string) (int64, bool) {
	sc := bufio.NewScanner(strings.NewReader(status))
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		fields := strings.Fields(value)
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, false
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0, false
		}
		return kb * 1024, true
	}
	return 0, false
}

// statFields returns the fields of /proc/<pid>/stat after the command name
// (which may contain spaces and parentheses): index 0 is the state, 1 the
// parent PID, 11 utime, 12 stime.
func statFields(stat string) []string {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(stat[i+1:])
}

// statCPU returns utime + stime of a /proc/<pid>/stat line.
func statCPU(stat string) (time.Duration, bool) {
	f := statFields(stat)
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, true
}

// processCPU returns the CPU time pid has used so far.
func processCPU(pid int) (time.Duration, bool) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	return statCPU(string(data))
}

// children returns the child PIDs of pid (from every thread's children file).
func children(pid int) []int {
	files, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	var out []int
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, s := range strings.Fields(string(data)) {
			if n, err := strconv.Atoi(s); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// isProvider reports whether pid runs a terraform-provider-iamaudit binary.
func isProvider(pid int) bool {
	exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	if err != nil {
		return false
	}
	return strings.HasPrefix(filepath.Base(exe), "terraform-provider-iamaudit")
}

// procSample is the last reading of one provider process.
type procSample struct {
	hwm int64
	cpu time.Duration
}

// providerSampler samples the provider processes under one terraform process.
type providerSampler struct {
	root  int
	every time.Duration
	stop  chan struct{}
	done  chan struct{}

	mu    sync.Mutex
	procs map[int]procSample
}

// sampleProviders starts sampling the providers under terraform's pid.
func sampleProviders(pid int, every time.Duration) *providerSampler {
	s := &providerSampler{root: pid, every: every, stop: make(chan struct{}), done: make(chan struct{}), procs: map[int]procSample{}}
	go s.loop()
	return s
}

func (s *providerSampler) loop() {
	defer close(s.done)
	t := time.NewTicker(s.every)
	defer t.Stop()
	for {
		s.sample()
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
	}
}

// sample reads VmHWM and CPU of every provider child of the root process.
func (s *providerSampler) sample() {
	for _, pid := range children(s.root) {
		s.mu.Lock()
		_, known := s.procs[pid]
		s.mu.Unlock()
		if !known && !isProvider(pid) {
			continue
		}
		status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			continue
		}
		hwm, ok := statusKB(string(status), "VmHWM")
		if !ok {
			continue
		}
		cpu, _ := processCPU(pid)
		s.mu.Lock()
		prev := s.procs[pid]
		s.procs[pid] = procSample{hwm: max(prev.hwm, hwm), cpu: max(prev.cpu, cpu)}
		s.mu.Unlock()
	}
}

// Stop ends sampling and returns the largest peak RSS of any provider
// process, the providers' total CPU time and how many there were.
func (s *providerSampler) Stop() (peakRSS int64, cpu time.Duration, processes int) {
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.procs {
		peakRSS = max(peakRSS, p.hwm)
		cpu += p.cpu
	}
	return peakRSS, cpu, len(s.procs)
}

// SumPeakRSS returns the summed peak RSS of every provider process seen;
// call it after Stop.
func (s *providerSampler) SumPeakRSS() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var sum int64
	for _, p := range s.procs {
		sum += p.hwm
	}
	return sum
}
