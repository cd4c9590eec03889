//go:build !wasm

package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// renameUsage explains `web rename`, which `make rename` runs.
const renameUsage = `usage: web rename --module example.com/dronewars --name dronewars [--dir .]

Turns this starter into your site: rewrites the module path in go.mod and in
every import, the site's name and short name in app/site.go, the Redis key
prefix and the README's title. It refuses to run on a git tree with
uncommitted changes, so 'git diff' shows exactly what it did.
`

var (
	siteNameRe    = regexp.MustCompile(`(?m)^(\s*Name:\s*)"[^"]*"`)
	siteShortRe   = regexp.MustCompile(`(?m)^(\s*ShortName:\s*)"[^"]*"`)
	readmeTitleRe = regexp.MustCompile(`(?m)\A# .*$`)
	moduleRe      = regexp.MustCompile(`^[a-z0-9][a-z0-9.\-]*(\.[a-z]{2,})?(/[A-Za-z0-9._~\-]+)+$`)
	nameRe        = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._\-]{0,40}$`)
)

func runRename(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rename", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, renameUsage) }
	module := fs.String("module", "", "the new module path, e.g. example.com/dronewars")
	name := fs.String("name", "", "the site's name, e.g. dronewars")
	dir := fs.String("dir", ".", "the project's root directory")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := rename(*dir, *module, *name, stdout); err != nil {
		fmt.Fprintln(stderr, "web rename:", err)
		return 1
	}
	return 0
}

// rename rewrites the project in dir to the module path and site name given.
func rename(dir, module, name string, out io.Writer) error {
	if !moduleRe.MatchString(module) {
		return fmt.Errorf("--module %q is not a module path like example.com/dronewars", module)
	}
	if !nameRe.MatchString(name) {
		return fmt.Errorf("--name %q: use letters, digits, spaces, '.', '_' or '-' (at most 41)", name)
	}
	if err := checkClean(dir); err != nil {
		return err
	}
	old, err := modulePath(filepath.Join(dir, "go.mod"))
	if err != nil {
		return err
	}
	if old == module {
		return fmt.Errorf("the module is already %s", module)
	}

	// The module path, wherever the project names it.
	var files []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules" || d.Name() == "data") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The files, besides *.go, that may name the module.
	for _, f := range []string{"go.mod", "Makefile", "Dockerfile", "README.md", ".ci/run", "compose.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			files = append(files, filepath.Join(dir, f))
		}
	}
	changed := 0
	for _, f := range files {
		ok, err := rewrite(f, func(b []byte) []byte {
			nb := replaceModule(b, old, module)
			if strings.HasSuffix(f, ".go") {
				// The new path may sort elsewhere among the imports:
				// format as gofmt would, or `make vet` fails.
				if formatted, err := format.Source(nb); err == nil {
					nb = formatted
				}
			}
			return nb
		})
		if err != nil {
			return err
		}
		if ok {
			changed++
		}
	}
	fmt.Fprintf(out, "module %s -> %s (%d files)\n", old, module, changed)

	// The site's names, the Redis prefix and the README's title.
	short := name
	if len(short) > 12 {
		short = short[:12]
	}
	slug := strings.ToLower(strings.NewReplacer(" ", "-", ".", "-").Replace(name))
	edits := []struct {
		file string
		edit func([]byte) []byte
	}{
		{"app/site.go", func(b []byte) []byte {
			b = siteNameRe.ReplaceAll(b, []byte(`${1}"`+name+`"`))
			return siteShortRe.ReplaceAll(b, []byte(`${1}"`+short+`"`))
		}},
		{"server/sessions.go", func(b []byte) []byte {
			return bytes.ReplaceAll(b, []byte(`"stormstarter:"`), []byte(`"`+slug+`:"`))
		}},
		{"README.md", func(b []byte) []byte {
			return readmeTitleRe.ReplaceAll(b, []byte("# "+name))
		}},
		{"web/logo.svg", func(b []byte) []byte {
			return bytes.ReplaceAll(b, []byte(`aria-label="Stormstarter"`), []byte(`aria-label="`+name+`"`))
		}},
	}
	for _, e := range edits {
		path := filepath.Join(dir, e.file)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		if _, err := rewrite(path, e.edit); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "site name %q, short name %q, Redis prefix %q\n", name, short, slug+":")
	fmt.Fprintln(out, "next: git diff, make test, git commit -am 'Rename to "+name+"'")
	return nil
}

// replaceModule replaces the module path old with new where it stands as a
// whole path or a path prefix, never inside a longer name.
func replaceModule(b []byte, old, new string) []byte {
	re := regexp.MustCompile(regexp.QuoteMeta(old) + `(/|"|\s|$)`)
	return re.ReplaceAll(b, []byte(new+"${1}"))
}

// rewrite applies edit to the file and writes it back if it changed.
func rewrite(path string, edit func([]byte) []byte) (bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	nb := edit(b)
	if bytes.Equal(b, nb) {
		return false, nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return false, err
	}
	return true, os.WriteFile(path, nb, fi.Mode().Perm())
}

func modulePath(gomod string) (string, error) {
	b, err := os.ReadFile(gomod)
	if err != nil {
		return "", fmt.Errorf("read go.mod: %w", err)
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`), nil
		}
	}
	return "", errors.New("go.mod has no module line")
}

// checkClean refuses a git tree with uncommitted changes: the rename must
// be reviewable, and undoable with git checkout.
func checkClean(dir string) error {
	cmd := exec.Command("git", "status", "--porcelain")
	cmd.Dir = dir
	outp, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%s is not a git work tree (git status: %v); commit it first so the rename can be reviewed", dir, err)
	}
	if len(bytes.TrimSpace(outp)) > 0 {
		return errors.New("the work tree has uncommitted changes; commit or stash them first")
	}
	return nil
}
