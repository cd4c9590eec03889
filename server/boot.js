// The site's first script (server/loader.go): the page's head loads it
// async, so it runs as soon as it arrives, before the deferred scripts
// (wasm_exec.js, go-app's app.js), and starts compiling app.wasm while the
// rest of the page loads. The loader (loader.js) picks up the module.
// Robots and ?wasm=false get the prerendered page only, as in go-app's
// goappCanLoadWebAssembly, which is not defined yet when this runs.
if (!/bot|googlebot|crawler|spider|robot|crawling/i.test(navigator.userAgent) &&
  new URLSearchParams(location.search).get("wasm") !== "false") {
  stormstarterStartWasm();
}
