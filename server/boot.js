// The site's first script (server/loader.go): inline at the end of each
// page's head, it runs as soon as the parser reaches it, long before the
// deferred scripts (wasm_exec.js, go-app's app.js), and starts compiling
// app.wasm while the rest of the page loads. The loader (loader.js) picks
// up the module. When the service worker serves the page, app.wasm comes
// from its cache at once, and compiling it now would hold up the parser
// (measured: DOMContentLoaded at 180-320 ms instead of 100-150 ms), so it
// starts once the page is parsed. Robots and ?wasm=false get the
// prerendered page only, as in go-app's goappCanLoadWebAssembly, which is
// not defined yet when this runs.
if (!/bot|googlebot|crawler|spider|robot|crawling/i.test(navigator.userAgent) &&
  new URLSearchParams(location.search).get("wasm") !== "false") {
  if (navigator.serviceWorker && navigator.serviceWorker.controller) {
    document.addEventListener("DOMContentLoaded", stormstarterStartWasm);
  } else {
    stormstarterStartWasm();
  }
}
