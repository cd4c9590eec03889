package server

import (
	"net/http"

	"github.com/klauspost/compress/gzhttp"
)

// publicTextTypes are the content types compressText compresses: the
// pages, scripts, styles, manifest and icons, which are the same for every
// visitor.
var publicTextTypes = []string{"text/html", "text/css", "application/javascript", "application/manifest+json", "image/svg+xml"}

// compressText gzips what h serves, when the browser accepts it and the
// body is of publicTextTypes and at least gzhttp's 1 KB. Only public files
// go through it: the API's answers carry a user's data next to what the
// request sent, the mix a compression side channel (BREACH) reads secrets
// from, so they stay uncompressed; app.wasm is compressed ahead of time
// (ServeWasm). The ETag stays go-app's: responses Vary on
// Accept-Encoding, and go-app's 304s go on working.
func compressText(h http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(gzhttp.ContentTypes(publicTextTypes))
	if err != nil {
		panic(err) // the options are constant
	}
	return wrap(h)
}
