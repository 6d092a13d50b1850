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
