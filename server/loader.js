// The site's wasm loader, in place of go-app's goappInitWebAssembly
// (server/loader.go explains why). It keeps go-app's loader element and
// progress label; it differs in three ways:
//   - it takes the response of the <link rel=preload> the page's head
//     starts with the HTML, instead of asking for app.wasm only now;
//   - it hands the compiler the response itself, not a stream copied into
//     a new Response, so Chromium can keep the compiled code in its cache
//     beside the file (a made-up Response has no URL to key it by);
//     progress is read from a clone;
//   - it marks its phases in the Performance timeline (stormstarter:*),
//     which bench/signupready reads.
async function goappInitWebAssembly() {
  const loader = document.getElementById("app-wasm-loader");

  if (!goappCanLoadWebAssembly()) {
    loader.remove();
    return;
  }

  const loaderIcon = document.getElementById("app-wasm-loader-icon");
  const loaderLabel = document.getElementById("app-wasm-loader-label");
  const showProgress = (progress) => {
    loaderLabel.innerText = goappLoadingLabel.replace("{progress}", progress);
  };

  try {
    showProgress(0);
    const response = await fetch("{{.Wasm}}");
    if (!response.ok) {
      throw new Error("loading app.wasm failed: " + response.status);
    }
    stormstarterProgress(response.clone(), showProgress);

    const go = new Go();
    let wasm;
    if (WebAssembly.instantiateStreaming) {
      wasm = await WebAssembly.instantiateStreaming(response, go.importObject);
    } else {
      wasm = await WebAssembly.instantiate(await response.arrayBuffer(), go.importObject);
    }
    performance.mark("stormstarter:instantiated");

    go.run(wasm.instance);
    loader.remove();
  } catch (err) {
    loaderIcon.className = "goapp-logo";
    loaderLabel.innerText = err;
    console.error("loading wasm failed: ", err);
  }
}

// stormstarterProgress reads a copy of the wasm response to show how much
// has arrived, out of the uncompressed size go-app was given.
async function stormstarterProgress(response, show) {
  const total = parseInt(goappWasmContentLength, 10) ||
    parseInt(response.headers.get("Content-Length"), 10);
  if (!total || !response.body) {
    return;
  }
  const reader = response.body.getReader();
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      show(100);
      return;
    }
    loaded += value.byteLength;
    show(Math.min(100, Math.round((loaded * 100) / total)));
  }
}
