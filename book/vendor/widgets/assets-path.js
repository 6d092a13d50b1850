// The vendored @jupyter-widgets/html-manager (embed-amd.js) loads its icon fonts from the folder
// of its RequireJS module, which by default resolves relative to each page
// (e.g. notebooks/@jupyter-widgets/html-manager/dist/). Point those module paths, and the
// library's assets path, at this folder, where the fonts are. This file must load before
// require.js: RequireJS reads a global `require` object as its configuration.
var __widgetsBase = new URL("./", document.currentScript.src).href;
window.__jupyter_widgets_assets_path__ = __widgetsBase;
var require = {paths: {
  "@jupyter-widgets/html-manager/dist": __widgetsBase.replace(/\/$/, ""),
  "@jupyter-widgets/html-manager": __widgetsBase + "html-manager",
  "@jupyter-widgets/controls": __widgetsBase + "controls",
  "@jupyter-widgets/base": __widgetsBase + "base"
}};

// The widget library typesets descriptions with the MathJax 2 API (`MathJax.Hub.Queue`), but the
// book loads MathJax 3, which has no `Hub`: every widget label then threw "Cannot read properties
// of undefined (reading 'Queue')". Give MathJax 3 a small `Hub.Queue` that calls its own
// typesetter. It is added on `load`, after MathJax 3 has replaced any configuration object and
// before the widget manager (which also waits for `load`) renders.
window.addEventListener("load", function () {
  var mj = window.MathJax;
  if (mj && !mj.Hub) {
    mj.Hub = {Queue: function (job) {
      var element = Array.isArray(job) ? job[2] : undefined;
      if (typeof mj.typesetPromise === "function") {
        mj.typesetPromise(element ? [element] : undefined).catch(function () {});
      }
    }};
  }
});
