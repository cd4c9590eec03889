//go:build !wasm

package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// TestPrecompress: both encodings are written, side by side, and decode
// to the file.
func TestPrecompress(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	name := filepath.Join(dir, "app.wasm")
	want := bytes.Repeat([]byte("stormstarter wasm "), 5000)
	if err := os.WriteFile(name, want, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errs strings.Builder
	if code := precompress([]string{name}, &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	if !strings.Contains(out.String(), "app.wasm.br: ") || !strings.Contains(out.String(), "app.wasm.gz: ") {
		t.Fatalf("output %q", out.String())
	}
	for ext, open := range map[string]func(io.Reader) (io.Reader, error){
		".br": func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
		".gz": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	} {
		f, err := os.Open(name + ext)
		if err != nil {
			t.Fatal(err)
		}
		r, err := open(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		f.Close()
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s decodes to %d bytes (%v), want the %d of the file", ext, len(got), err, len(want))
		}
	}
	if code := precompress([]string{filepath.Join(dir, "missing")}, io.Discard, io.Discard); code != 1 {
		t.Errorf("a missing file: exit %d, want 1", code)
	}
}
