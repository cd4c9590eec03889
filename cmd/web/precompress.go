//go:build !wasm

package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

// precompress writes FILE.br and FILE.gz beside each FILE at the highest
// settings, for the server to send instead of the raw file. It is part of the
// binary (rather than a call to the brotli tool) so that `make build` needs
// nothing but Go.
func precompress(files []string, stdout, stderr io.Writer) int {
	if len(files) == 0 {
		fmt.Fprintln(stderr, "usage: web precompress FILE...")
		return 2
	}
	for _, name := range files {
		for _, c := range []struct {
			ext string
			new func(io.Writer) io.WriteCloser
		}{
			{".br", func(w io.Writer) io.WriteCloser { return brotli.NewWriterLevel(w, brotli.BestCompression) }},
			{".gz", func(w io.Writer) io.WriteCloser {
				zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression) // the level is valid
				return zw
			}},
		} {
			n, err := compressFile(name, name+c.ext, c.new)
			if err != nil {
				fmt.Fprintln(stderr, "precompress:", err)
				return 1
			}
			fmt.Fprintf(stdout, "%s: %d bytes\n", name+c.ext, n)
		}
	}
	return 0
}

// compressFile writes src compressed to dst through a temporary file, so a
// failed run never leaves a truncated dst for the server to send.
func compressFile(src, dst string, newWriter func(io.Writer) io.WriteCloser) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".precompress-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name()) // after a successful rename this is a no-op
	zw := newWriter(tmp)
	if _, err := io.Copy(zw, in); err != nil {
		tmp.Close()
		return 0, fmt.Errorf("compress %s: %w", src, err)
	}
	if err := zw.Close(); err != nil {
		tmp.Close()
		return 0, fmt.Errorf("compress %s: %w", src, err)
	}
	fi, err := tmp.Stat()
	if err != nil {
		tmp.Close()
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return 0, err
	}
	return fi.Size(), os.Rename(tmp.Name(), dst)
}
