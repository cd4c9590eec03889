package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func TestServeWasmNegotiatesEncoding(t *testing.T) {
	dir := fakeWebDir(t)
	a := NewAssets(dir)
	tests := []struct {
		accept       string
		wantBody     string
		wantEncoding string
	}{
		{"gzip, deflate, br, zstd", "brotli wasm", "br"},
		{"br", "brotli wasm", "br"},
		{"gzip", "gzip wasm", "gzip"},
		{"br;q=0, gzip", "gzip wasm", "gzip"},
		{"BR", "brotli wasm", "br"},
		{"", "raw wasm", ""},
		{"identity", "raw wasm", ""},
		{"brotli", "raw wasm", ""},
	}
	for _, tt := range tests {
		t.Run(tt.accept, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/web/app.wasm", nil)
			r.Header.Set("Accept-Encoding", tt.accept)
			w := httptest.NewRecorder()
			a.ServeWasm(w, r)
			body, _ := io.ReadAll(w.Result().Body)
			if w.Code != http.StatusOK || string(body) != tt.wantBody {
				t.Fatalf("got %d %q, want 200 %q", w.Code, body, tt.wantBody)
			}
			if got := w.Header().Get("Content-Encoding"); got != tt.wantEncoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tt.wantEncoding)
			}
			if got := w.Header().Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary = %q", got)
			}
			if got := w.Header().Get("Content-Type"); got != "application/wasm" {
				t.Errorf("Content-Type = %q", got)
			}
		})
	}
}

func TestServeWasmFallsBackWhenNotPrecompressed(t *testing.T) {
	dir := fakeWebDir(t)
	os.Remove(filepath.Join(dir, "app.wasm.br"))
	r := httptest.NewRequest(http.MethodGet, "/web/app.wasm", nil)
	r.Header.Set("Accept-Encoding", "br")
	w := httptest.NewRecorder()
	NewAssets(dir).ServeWasm(w, r)
	if body := w.Body.String(); body != "raw wasm" || w.Header().Get("Content-Encoding") != "" {
		t.Fatalf("got %q encoded %q, want the raw file", body, w.Header().Get("Content-Encoding"))
	}
}

func TestVersionFollowsContent(t *testing.T) {
	dir := fakeWebDir(t)
	a := NewAssets(dir)
	v1, err := a.Version()
	if err != nil {
		t.Fatal(err)
	}
	if v1 == "" {
		t.Fatal("empty version")
	}
	again, _ := a.Version()
	if again != v1 {
		t.Fatalf("version not stable: %s then %s", v1, again)
	}
	if err := os.WriteFile(filepath.Join(dir, "app.wasm"), []byte("new wasm"), 0o644); err != nil {
		t.Fatal(err)
	}
	v2, _ := a.Version()
	if v2 == v1 {
		t.Fatal("version did not change with app.wasm")
	}
}

func TestNewNeedsTheBuiltFrontEnd(t *testing.T) {
	client, _ := redisForTest(t)
	_, err := New(Config{WebDir: t.TempDir()}, Deps{Log: quietLog(), Redis: client})
	if err == nil {
		t.Fatal("New succeeded without app.wasm")
	}
}

func TestVersionThroughASymlinkedDir(t *testing.T) {
	dir := fakeWebDir(t)
	link := filepath.Join(t.TempDir(), "web")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	direct, err := NewAssets(dir).Version()
	if err != nil {
		t.Fatal(err)
	}
	linked, err := NewAssets(link).Version()
	if err != nil || linked != direct {
		t.Fatalf("through the link: %q %v, want %q", linked, err, direct)
	}
}
