//go:build !wasm

package main

import (
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// sourceStamp is what the watcher compares: a file's size and time.
type sourceStamp struct {
	size int64
	mod  time.Time
}

// scanSources stamps the files whose change matters: the Go files that
// make up the binaries (not tests, not bench/, not testdata/), go.mod,
// go.sum, and everything under web/ but the built app.wasm. Paths are
// relative to root, with slashes.
func scanSources(root string) map[string]sourceStamp {
	out := map[string]sourceStamp{}
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a file removed while walking
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		name := d.Name()
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
				name == "testdata" || name == "node_modules" || rel == "bin" || rel == "data" || rel == "bench") {
				return filepath.SkipDir
			}
			return nil
		}
		if !watchedSource(rel) {
			return nil
		}
		if info, err := d.Info(); err == nil {
			out[rel] = sourceStamp{info.Size(), info.ModTime()}
		}
		return nil
	})
	return out
}

// watchedSource reports whether the file at rel (slashes, from the root)
// is a source the loop acts on.
func watchedSource(rel string) bool {
	name := rel[strings.LastIndex(rel, "/")+1:]
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") {
		return false // editors' temporary files
	}
	if web, ok := strings.CutPrefix(rel, "web/"); ok {
		return web != "app.wasm" && web != "app.wasm.br" && web != "app.wasm.gz"
	}
	if rel == "go.mod" || rel == "go.sum" {
		return true
	}
	return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
}

// diffSources lists the files added, removed or changed from a to b.
func diffSources(a, b map[string]sourceStamp) []string {
	var out []string
	for p, s := range b {
		if o, ok := a[p]; !ok || o.size != s.size || !o.mod.Equal(s.mod) {
			out = append(out, p)
		}
	}
	for p := range a {
		if _, ok := b[p]; !ok {
			out = append(out, p)
		}
	}
	return out
}

// webChange is what a change under web/ asks of the open pages.
type webChange int

const (
	webNone   webChange = iota
	webCSS              // swap the stylesheets
	webReload           // reload the page
)

// wasmContext is the build context of the front end.
var wasmContext = func() build.Context {
	c := build.Default
	c.GOOS, c.GOARCH = "js", "wasm"
	return c
}()

// classifyChanges says what the changed files need: which binaries to
// rebuild, and what the pages need for web/. A Go file goes into the
// binaries its build constraints allow; server/ and stormpath/ never reach
// the wasm (make check-wasm-deps). A file that is gone, go.mod and go.sum
// rebuild both.
func classifyChanges(root string, changes []string) (buildSet, webChange) {
	var set buildSet
	web := webNone
	for _, rel := range changes {
		switch {
		case strings.HasPrefix(rel, "web/"):
			if strings.HasSuffix(rel, ".css") {
				web = max(web, webCSS)
			} else {
				web = webReload
			}
		case strings.HasSuffix(rel, ".go"):
			dir, name := filepath.Split(filepath.Join(root, filepath.FromSlash(rel)))
			if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
				set = buildSet{true, true}
				continue
			}
			if ok, err := build.Default.MatchFile(dir, name); err != nil || ok {
				set.native = true
			}
			if strings.HasPrefix(rel, "server/") || strings.HasPrefix(rel, "stormpath/") {
				continue
			}
			if ok, err := wasmContext.MatchFile(dir, name); err != nil || ok {
				set.wasm = true
			}
		default: // go.mod, go.sum
			set = buildSet{true, true}
		}
	}
	return set, web
}
