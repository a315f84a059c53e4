// The lab's page starts its notebook's kernel as soon as JupyterLab's plugins are active, while
// JupyterLab still opens and draws the notebook on the page's thread: the kernel's worker
// (Pyodide restored, its packages loaded, IPython) runs beside it instead of after it. The
// notebook then finds the kernel's session by its path and connects to it, as to a kernel
// started in another tab (JupyterLite's session client, made to wait for the sessions being
// started before it lists them: book/lite/build.py, sessions_wait_for_starts). Loaded first in
// the head of the lab's page (book/lite/build.py, start_kernel_early), with the page's config
// "exposeAppInBrowser": JupyterLite sets window.jupyterapp just before it starts the app.
// window.nnlearnEarlyKernel: the id of the kernel started here, or null if none was.
(() => {
  const path = new URLSearchParams(window.location.search).get("path");
  if (!path || !path.endsWith(".ipynb")) {
    return;
  }
  let app;
  Object.defineProperty(window, "jupyterapp", {
    configurable: true,
    get: () => app,
    set(value) {
      app = value;
      window.nnlearnEarlyKernel = value.started.then(async () => {
        const { sessions, kernelspecs } = value.serviceManager;
        // the specs listed before the kernels' plugins registered theirs: listed again
        await kernelspecs.ready;
        await kernelspecs.refreshSpecs();
        const kernel = kernelspecs.specs && kernelspecs.specs.default;
        if (!kernel) {
          return null;
        }
        const name = path.split("/").pop();
        const options = { path, name, type: "notebook", kernel: { name: kernel } };
        const session = await sessions.startNew(options);
        const id = session.kernel.id;
        session.dispose(); // this page's connection to it, not the session or its kernel
        return id;
      });
    },
  });
})();
