//go:build !wasm

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/stormstarter/stormstarter/stormpath/local/admin"
)

// version is the binary's version, set by `make build` with -ldflags -X.
var version = "dev"

const usage = `usage: web [command] [flags]

Commands:
  serve        run the site (the default command)
  dev          serve the site for development: rebuild on save, reload the
               open pages (make dev)
  doctor       check the set-up serve would use, with a fix for each problem
  admin        make an account an administrator, or not: 'web admin grant EMAIL'
  stormpath    the embedded identity service: serve it alone, manage keys,
               applications, directories, accounts; 'web stormpath help'
  demo         two sites (dronewars, carswap) sharing one directory of users
  rename       turn the starter into your site: module path and names
  healthcheck  exit 0 when the site at ADDR answers BASE_PATH/healthz (containers)
  precompress  write FILE.br and FILE.gz next to each FILE (used by make build)
  version      print the version

Run 'web <command> -h' for a command's flags.
`

// cli runs the command line and returns the process's exit status.
func cli(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, args, os.Stdout, os.Stderr)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, stderr)
	case "dev":
		return runDev(ctx, args, stdout, stderr)
	case "doctor":
		return runDoctor(ctx, args, stdout, stderr)
	case "admin":
		return runAdmin(ctx, args, stdout, stderr)
	case "stormpath":
		return admin.Main(ctx, args, stdout, stderr)
	case "demo":
		return runDemo(ctx, args, stdout, stderr)
	case "rename":
		return runRename(args, stdout, stderr)
	case "healthcheck":
		return healthcheck(ctx, args, stderr)
	case "precompress":
		return precompress(args, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, version)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "web: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
}
