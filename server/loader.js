// The site's wasm loader, in place of go-app's goappInitWebAssembly
// (server/loader.go explains why). It keeps go-app's loader element and
// progress label, and differs from it in these ways:
//   - app.wasm is on its way from the page's head (a preload), and
//     usually already compiling: boot.js, which runs before the deferred
//     scripts, started it; the loader only instantiates the module;
//   - the compiler gets the response itself, not a stream copied into a
//     new Response, so Chromium can key a compiled-code cache by its URL
//     (a made-up Response has none); progress is read from a clone,
//     except when the service worker serves app.wasm;
//   - the prerendered page stays in view and can be filled in while the
//     wasm starts (web/app.css turns go-app's full-screen loading screen
//     into a small badge): what the user typed, where the focus was, and a
//     form they sent are carried over to the live page, which replaces
//     every node of the prerendered one;
//   - it lets the browser record the prerendered page's paint before Go
//     replaces it (stormstarterPainted);
//   - it registers go-app's service worker once the live page is up, or
//     the wasm failed, not as app.js runs (server/loader.go says why);
//   - it marks its phases in the Performance timeline (stormstarter:*),
//     which bench/signupready reads.
async function goappInitWebAssembly() {
  const loader = document.getElementById("app-wasm-loader");

  if (!goappCanLoadWebAssembly()) {
    loader.remove();
    stormstarterRegisterWorker();
    return;
  }

  const loaderIcon = document.getElementById("app-wasm-loader-icon");
  const loaderLabel = document.getElementById("app-wasm-loader-label");
  const showProgress = (progress) => {
    loaderLabel.innerText = goappLoadingLabel.replace("{progress}", progress);
  };

  performance.mark("stormstarter:loader");
  const carried = stormstarterCarryOver();
  try {
    showProgress(0);
    // boot.js has usually started it by now; if it came late, start here.
    const { progress, module } = await stormstarterStartWasm();
    if (progress) {
      stormstarterProgress(progress, showProgress);
    }

    const go = new Go();
    const instance = await WebAssembly.instantiate(await module, go.importObject);
    performance.mark("stormstarter:instantiated");

    await stormstarterPainted(500);
    carried.take();
    go.run(instance);
    loader.remove();
    carried.whenLive(stormstarterRegisterWorker);
  } catch (err) {
    loaderIcon.className = "goapp-logo";
    loaderLabel.innerText = err;
    console.error("loading wasm failed: ", err);
    stormstarterRegisterWorker();
  }
}

// stormstarterRegisterWorker registers go-app's service worker, once: when
// the live page is up or the wasm failed, and at the latest 10 s after
// app.js ran, should the live page never say it is up.
function stormstarterRegisterWorker() {
  if (!window.stormstarterWorker) {
    window.stormstarterWorker = goappInitServiceWorker();
  }
}
setTimeout(stormstarterRegisterWorker, 10000);

// stormstarterPainted resolves once the browser has recorded the page's
// largest contentful paint, or after timeout ms. Chromium records a paint
// only after the frame is shown, and drops it when the painted element is
// gone by then: in 3 of 20 cold loads of /signup the live page replaced
// the prerendered one first, and the page's largest paint counted from the
// live page's render (about 650 ms instead of 220 ms; Lighthouse, which
// simulates a slow network, then gave 1.9 s instead of 0.3 s). Usually
// the record is there long before Go is, and this costs one task. A
// hidden page records no paint, and some browsers no such entries: no wait.
function stormstarterPainted(timeout) {
  return new Promise((resolve) => {
    if (document.visibilityState === "hidden" || !window.PerformanceObserver ||
      !(PerformanceObserver.supportedEntryTypes || []).includes("largest-contentful-paint")) {
      resolve();
      return;
    }
    let timer;
    const observer = new PerformanceObserver(() => done());
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    };
    timer = setTimeout(done, timeout);
    observer.observe({ type: "largest-contentful-paint", buffered: true });
  });
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

// stormstarterCarryOver keeps what the user does on the prerendered page
// until the live page is there: until then a form is not sent (the
// browser would send it to the page's own URL), and once the live page
// marks itself (data-live="true" on its <main>) the fields get the values
// typed so far, as input and change events so the page's handlers see
// them, the focus goes back where it was, and a form sent meanwhile is
// sent again.
function stormstarterCarryOver() {
  let live = false;
  let sent = "";
  const hold = (e) => {
    if (!live) {
      e.preventDefault();
      sent = e.target.id || "";
    }
  };
  document.addEventListener("submit", hold, true);

  const restore = () => {
    live = true;
    document.removeEventListener("submit", hold, true);
    for (const [id, old] of snapshot.fields) {
      const el = document.getElementById(id);
      if (!el || el === old.el) {
        continue;
      }
      if (old.el.type === "checkbox" || old.el.type === "radio") {
        if (el.checked !== old.el.checked) {
          el.checked = old.el.checked;
          el.dispatchEvent(new Event("change", { bubbles: true }));
        }
      } else if (old.el.value !== "" && el.value !== old.el.value) {
        el.value = old.el.value;
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
    const focus = snapshot.focus && document.getElementById(snapshot.focus);
    if (focus) {
      focus.focus();
    }
    const form = sent && document.getElementById(sent);
    if (form && form.requestSubmit) {
      form.requestSubmit();
    }
  };

  // What the prerendered page holds now; it is read again just before Go
  // takes over, so it has everything typed while app.wasm loaded.
  const snapshot = { fields: new Map(), focus: "" };
  const take = () => {
    snapshot.fields.clear();
    for (const el of document.querySelectorAll("input[id], textarea[id], select[id]")) {
      snapshot.fields.set(el.id, { el });
    }
    const active = document.activeElement;
    snapshot.focus = active && active !== document.body ? active.id : "";
  };

  return {
    whenLive(then) {
      const isLive = () => document.querySelector('main[data-live="true"]');
      if (isLive()) {
        restore();
        then();
        return;
      }
      const watch = new MutationObserver(() => {
        if (isLive()) {
          watch.disconnect();
          restore();
          then();
        }
      });
      watch.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-live"] });
    },
    take,
  };
}
