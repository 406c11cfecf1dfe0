package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"

	"golang.org/x/sync/errgroup"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/awsclient"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// The engine in-process: the collection the provider makes for a plan,
// without Terraform, so that its cost can be told apart from Terraform's and
// profiled with pprof.

// engineClient returns the provider's AWS client (aws-sdk-go-base, the
// provider's retry settings) for endpoint; it calls sts:GetCallerIdentity.
func engineClient(ctx context.Context, endpoint string) (*awsclient.Client, error) {
	return awsclient.New(ctx, awsclient.Config{
		Region:                acctest.Region,
		AccessKey:             acctest.AccessKey,
		SecretKey:             acctest.SecretKey,
		IAMEndpoint:           endpoint,
		STSEndpoint:           endpoint,
		OrganizationsEndpoint: endpoint,
		MaxRetries:            25,
	})
}

// engineSummary is what an engine run collected.
type engineSummary struct {
	users, keys, mfaDevices int
	heapAlloc               uint64 // bytes allocated during the run
	heapLive                uint64 // heap in use after the run, results alive
}

// engineCIS reads every source the CIS module reads, concurrently, from a
// fresh Collector reading credential facts as credentialData says.
func engineCIS(ctx context.Context, client *awsclient.Client, maxConcurrency int, credentialData string) (engineSummary, error) {
	c := newCollector(client, maxConcurrency, credentialData)
	var sum engineSummary
	var keep []any
	err := measureHeap(&sum, func() error {
		g, gctx := errgroup.WithContext(ctx)
		results := make([]any, 9)
		g.Go(func() (err error) {
			users, err := c.Users(gctx)
			sum.users, results[0] = len(users), users
			return err
		})
		g.Go(func() (err error) { results[1], err = c.Groups(gctx); return err })
		g.Go(func() (err error) { results[2], err = c.Roles(gctx); return err })
		g.Go(func() (err error) { results[3], err = c.Policies(gctx, true); return err })
		g.Go(func() (err error) { results[4], err = c.CredentialReport(gctx); return err })
		g.Go(func() (err error) { results[5], err = c.Account(gctx); return err })
		g.Go(func() (err error) { results[6], err = c.PasswordPolicy(gctx); return err })
		g.Go(func() (err error) { results[7], err = c.ServerCertificates(gctx); return err })
		g.Go(func() (err error) { results[8], err = c.Organization(gctx); return err })
		err := g.Wait()
		keep = results
		return err
	})
	runtime.KeepAlive(keep)
	return sum, err
}

// enginePerUser reads AccessKeys and MFADevices, concurrently, from a fresh
// Collector.
func enginePerUser(ctx context.Context, client *awsclient.Client, maxConcurrency int) (engineSummary, error) {
	c := newCollector(client, maxConcurrency, iamcollect.CredentialDataReport)
	var sum engineSummary
	var keys []iamcollect.AccessKey
	var devices []iamcollect.MFADevice
	err := measureHeap(&sum, func() error {
		g, gctx := errgroup.WithContext(ctx)
		g.Go(func() (err error) { keys, err = c.AccessKeys(gctx); return err })
		g.Go(func() (err error) { devices, err = c.MFADevices(gctx); return err })
		return g.Wait()
	})
	sum.keys, sum.mfaDevices = len(keys), len(devices)
	return sum, err
}

// newCollector returns a Collector configured as the provider configures it.
func newCollector(client *awsclient.Client, maxConcurrency int, credentialData string) *iamcollect.Collector {
	return iamcollect.New(client.IAM, iamcollect.Options{
		MaxConcurrency: maxConcurrency,
		AccountID:      client.AccountID,
		Partition:      client.Partition,
		Organizations:  client.Organizations,
		CredentialData: credentialData,
	})
}

// measureHeap runs fn and records the bytes it allocated and the live heap
// after it (while its results are still referenced).
func measureHeap(sum *engineSummary, fn func() error) error {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	err := fn()
	runtime.GC()
	runtime.ReadMemStats(&after)
	sum.heapAlloc = after.TotalAlloc - before.TotalAlloc
	if after.HeapAlloc > before.HeapAlloc {
		sum.heapLive = after.HeapAlloc - before.HeapAlloc
	}
	return err
}

// profiled runs fn under the CPU profiler and writes a heap profile after
// it, into dir as <name>.cpu.pprof and <name>.heap.pprof; with dir empty it
// just runs fn.
func profiled(dir, name string, fn func() error) error {
	if dir == "" {
		return fn()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating the profile directory: %w", err)
	}
	cpu, err := os.Create(filepath.Join(dir, name+".cpu.pprof"))
	if err != nil {
		return fmt.Errorf("creating the CPU profile: %w", err)
	}
	defer cpu.Close()
	if err := pprof.StartCPUProfile(cpu); err != nil {
		return fmt.Errorf("starting the CPU profile: %w", err)
	}
	runErr := fn()
	pprof.StopCPUProfile()
	heap, err := os.Create(filepath.Join(dir, name+".heap.pprof"))
	if err != nil {
		return fmt.Errorf("creating the heap profile: %w", err)
	}
	defer heap.Close()
	if err := pprof.Lookup("allocs").WriteTo(heap, 0); err != nil {
		return fmt.Errorf("writing the heap profile: %w", err)
	}
	return runErr
}
