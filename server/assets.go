package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Assets serves the static files of web/ at /web/ and tells go-app where they
// are. It replaces go-app's LocalDir(""), which only works when the process
// runs in the directory that holds web/ and emits broken URLs for any other
// directory (go-app-notes.md §4).
type Assets struct {
	dir   string
	files http.Handler
}

// NewAssets serves the directory dir (normally ./web) at /web/.
func NewAssets(dir string) *Assets {
	return &Assets{dir: dir, files: http.StripPrefix("/web/", http.FileServerFS(os.DirFS(dir)))}
}

// Resolve implements go-app's ResourceResolver: /web/ paths stay as they are,
// because this handler serves them at that path.
func (a *Assets) Resolve(location string) string {
	if location == "" {
		return "/"
	}
	return location
}

// ServeHTTP implements the http.Handler that go-app calls for /web/ paths.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.files.ServeHTTP(w, r)
}

// Version is the build's identity: a hash of every file under web/, app.wasm
// included. go-app uses it as the ETag of every response and as the name of
// the service worker's cache, so it must change whenever the front end does
// and stay the same across restarts and replicas of one build. Hashing the
// files rather than asking git makes it right for a binary built anywhere.
func (a *Assets) Version() (string, error) {
	// WalkDir does not follow a symlinked root (web/ linked into a
	// deployment directory), so resolve it first.
	root, err := filepath.EvalSymlinks(a.dir)
	if err != nil {
		return "", fmt.Errorf("hash %s: %w", a.dir, err)
	}
	var paths []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("hash %s: %w", a.dir, err)
	}
	sort.Strings(paths)
	h := sha256.New()
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return "", fmt.Errorf("hash %s: %w", p, err)
		}
		rel, _ := filepath.Rel(root, p)
		io.WriteString(h, filepath.ToSlash(rel)+"\x00")
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", fmt.Errorf("hash %s: %w", p, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// wasmFile is web/app.wasm, which the browser downloads once per version,
// from wasmPath.
const (
	wasmFile = "app.wasm"
	wasmPath = "/web/" + wasmFile
)

// WasmSize is the size of the uncompressed app.wasm, which go-app's loader
// needs for its progress bar when the file is sent compressed.
func (a *Assets) WasmSize() (int64, error) {
	fi, err := os.Stat(filepath.Join(a.dir, wasmFile))
	if err != nil {
		return 0, fmt.Errorf("find the front end: %w (run `make build`)", err)
	}
	return fi.Size(), nil
}

// encodings are the pre-compressed forms of app.wasm that `make build`
// writes, best first. go-app never compresses what it serves.
var encodings = []struct{ token, ext string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// ServeWasm serves app.wasm pre-compressed in the best encoding the browser
// accepts, and the raw file to a browser that accepts none.
func (a *Assets) ServeWasm(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Vary", "Accept-Encoding")
	accepted := r.Header.Get("Accept-Encoding")
	for _, e := range encodings {
		if !acceptsEncoding(accepted, e.token) {
			continue
		}
		f, err := os.Open(filepath.Join(a.dir, wasmFile+e.ext))
		if err != nil {
			continue // not built; try the next encoding
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			continue
		}
		w.Header().Set("Content-Type", "application/wasm")
		w.Header().Set("Content-Encoding", e.token)
		w.Header().Set("Content-Length", strconv.FormatInt(fi.Size(), 10))
		http.ServeContent(w, r, "", fi.ModTime(), f)
		return
	}
	http.ServeFile(w, r, filepath.Join(a.dir, wasmFile))
}

// acceptsEncoding reports whether an Accept-Encoding header value allows
// token, honouring an explicit q=0 refusal.
func acceptsEncoding(header, token string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), token) {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
