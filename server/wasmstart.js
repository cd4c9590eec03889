
// stormstarterStartWasm starts app.wasm's download (the response of the
// head's preload) and its compilation as the bytes come in, once per page:
// boot.js calls it from the page's head, the loader when it runs, and
// both get the same { progress, module }, where progress is a copy of the
// response to count bytes on (null when the service worker serves it) and
// module the compiled module.
function stormstarterStartWasm() {
  if (!window.stormstarterWasm) {
    window.stormstarterWasm = fetch("{{.Wasm}}").then((response) => {
      if (!response.ok) {
        throw new Error("loading app.wasm failed: " + response.status);
      }
      // Progress is read from a copy of the response, except when the
      // service worker serves app.wasm from its cache: then the bytes are
      // all there at once, and copying them took 12 ms of the main thread
      // (and reading the copy 5 ms) for a label shown for a moment.
      const fromWorker = navigator.serviceWorker && navigator.serviceWorker.controller;
      const progress = fromWorker ? null : response.clone();
      const module = WebAssembly.compileStreaming
        ? WebAssembly.compileStreaming(response)
        : response.arrayBuffer().then((b) => WebAssembly.compile(b));
      module.then(() => performance.mark("stormstarter:compiled"), () => {});
      return { progress, module };
    });
  }
  return window.stormstarterWasm;
}
