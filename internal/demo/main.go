// Command demo is `make demo`: it starts moto on a free 127.0.0.1 port,
// seeds an IAM account with compliant and violating principals, runs
// `terraform init` and `terraform plan` on the demo configuration (which uses
// the CIS IAM module) against it, prints the module's results as a table and
// stops moto. It runs offline with the provider installed in a filesystem
// mirror (`make install` writes the CLI configuration that -cli-config names).
//
//	go run ./internal/demo -cli-config build/terraformrc -dir examples/demo
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	var opts options
	flag.StringVar(&opts.cliConfig, "cli-config", "", "Terraform CLI configuration that installs the provider from the local filesystem mirror (required; `make install` writes build/terraformrc)")
	flag.StringVar(&opts.dir, "dir", "examples/demo", "the demo Terraform configuration; its module sources are resolved relative to it")
	flag.BoolVar(&opts.verbose, "v", false, "stream terraform's own output")
	flag.BoolVar(&opts.keep, "keep", false, "keep the temporary working directory and print its path")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := run(ctx, opts, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "demo: %v\n", err)
		stop()
		os.Exit(1)
	}
}

// options are the command-line flags.
type options struct {
	cliConfig string
	dir       string
	verbose   bool
	keep      bool
}

// run is the whole demo; moto is stopped before it returns.
func run(ctx context.Context, opts options, out *os.File) error {
	if opts.cliConfig == "" {
		return fmt.Errorf("-cli-config is required (run `make install` and pass build/terraformrc)")
	}
	if _, err := os.Stat(opts.cliConfig); err != nil {
		return fmt.Errorf("CLI configuration %s: %w (run `make install` first)", opts.cliConfig, err)
	}
	start := time.Now()

	fmt.Fprintln(out, "Starting moto (IAM with AWS managed policies) on 127.0.0.1 ...")
	srv, err := startMoto(ctx)
	if err != nil {
		return err
	}
	defer srv.Stop()
	fmt.Fprintf(out, "moto listening on %s (%s)\n", srv.Endpoint(), since(start))

	fmt.Fprintln(out, "Seeding a sample account: users, groups, roles, policies, keys, a certificate ...")
	seeded, err := seed(ctx, srv)
	if err != nil {
		return fmt.Errorf("seeding moto: %w", err)
	}
	fmt.Fprintf(out, "Seeded %s (%s)\n", seeded, since(start))

	tf, err := newWorkspace(opts, srv.ProviderConfig())
	if err != nil {
		return err
	}
	defer tf.cleanup()

	fmt.Fprintln(out, "Running terraform init and terraform plan on", opts.dir, "...")
	report, err := tf.plan(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "terraform plan done (%s)\n\n", since(start))

	printReport(out, report)
	fmt.Fprintf(out, "\nmake demo finished in %s (moto stopped).\n", since(start))
	return nil
}

// since formats the time elapsed since start, to a tenth of a second.
func since(start time.Time) string {
	return time.Since(start).Round(100 * time.Millisecond).String()
}
