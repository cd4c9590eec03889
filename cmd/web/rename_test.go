//go:build !wasm

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	webapp "github.com/stormstarter/stormstarter/app"
)

// copyCommitted puts the committed tree of this repository in a new git
// repository under a temporary directory.
func copyCommitted(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	archive := exec.Command("git", "archive", "HEAD")
	archive.Dir = repoRoot
	tar := exec.Command("tar", "-x", "-C", dir)
	var err error
	if tar.Stdin, err = archive.StdoutPipe(); err != nil {
		t.Fatal(err)
	}
	if err := tar.Start(); err != nil {
		t.Fatal(err)
	}
	if err := archive.Run(); err != nil {
		t.Skipf("not in a git checkout: %v", err)
	}
	if err := tar.Wait(); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "init", "-q")
	git(t, dir, "add", "-A")
	git(t, dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "copy")
	return dir
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func TestRenameRewritesTheProject(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the renamed project")
	}
	dir := copyCommitted(t)
	// Rename to names no project would have, so the test also passes in a
	// project that was renamed already.
	const newModule, newName = "example.com/renamed-site-test", "renamedsitetest"
	oldModule, err := modulePath(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	oldName := webapp.SiteConfig().Name
	var out bytes.Buffer
	if err := rename(dir, newModule, newName, &out); err != nil {
		t.Fatal(err)
	}
	read := func(f string) string {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if gomod := read("go.mod"); !strings.HasPrefix(gomod, "module "+newModule+"\n") {
		t.Errorf("go.mod: %s", gomod[:60])
	}
	if main := read("cmd/web/main.go"); !strings.Contains(main, `"`+newModule+`/app"`) {
		t.Errorf("cmd/web/main.go imports: %s", main)
	}
	site := read("app/site.go")
	if !strings.Contains(site, `"`+newName+`"`) || strings.Contains(site, `"`+oldName+`"`) {
		t.Errorf("app/site.go does not name %q instead of %q", newName, oldName)
	}
	if readme := read("README.md"); !strings.HasPrefix(readme, "# "+newName+"\n") {
		t.Errorf("README title: %q", readme[:30])
	}
	// No Go file or go.mod names the old module any more.
	grep := exec.Command("git", "grep", "-l", oldModule, "--", "*.go", "go.mod", "Makefile")
	grep.Dir = dir
	if names, _ := grep.Output(); len(names) > 0 {
		t.Errorf("still naming the old module:\n%s", names)
	}
	// It is gofmt-clean (the new import path may sort differently).
	gofmt := exec.Command("gofmt", "-l", ".")
	gofmt.Dir = dir
	if out, err := gofmt.CombinedOutput(); err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("gofmt -l after rename: %v\n%s", err, out)
	}
	// The renamed project builds, natively and as wasm.
	for _, env := range [][]string{nil, {"GOOS=js", "GOARCH=wasm"}} {
		cmd := exec.Command("go", "build", "-o", os.DevNull, "./cmd/web")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %v: %v\n%s", env, err, out)
		}
	}
	vet := exec.Command("go", "vet", "./...")
	vet.Dir = dir
	if out, err := vet.CombinedOutput(); err != nil {
		t.Fatalf("go vet: %v\n%s", err, out)
	}
}

func TestRenameRefuses(t *testing.T) {
	dir := copyCommitted(t)
	current, err := modulePath(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, module, site string
		dirty              bool
		want               string
	}{
		{"dirty tree", "example.com/dronewars", "dronewars", true, "uncommitted"},
		{"bad module", "not a module", "dronewars", false, "not a module path"},
		{"bad name", "example.com/dronewars", `"quoted"`, false, "--name"},
		{"same module", current, "x", false, "already"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.dirty {
				f := filepath.Join(dir, "dirt.txt")
				os.WriteFile(f, []byte("x"), 0o644)
				defer os.Remove(f)
			}
			err := rename(dir, tt.module, tt.site, &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error about %q", err, tt.want)
			}
		})
	}
	// Nothing was changed by the refusals.
	st := exec.Command("git", "status", "--porcelain")
	st.Dir = dir
	if out, _ := st.Output(); len(out) > 0 {
		t.Fatalf("a refused rename changed files:\n%s", out)
	}
}
