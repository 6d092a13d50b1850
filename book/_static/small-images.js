// Show small generated images (narrower than 160 px, e.g. 32 x 32 generations) at twice their
// native size or more, never wider than the content column (issue 19). CSS keeps them pixelated.
(function () {
  var LIMIT = 160, SCALE = 2;
  function enlarge(img) {
    if (!img.naturalWidth || img.naturalWidth >= LIMIT || img.dataset.aigcScaled) return;
    img.dataset.aigcScaled = "1";
    img.classList.add("aigc-small");
    img.style.width = (img.naturalWidth * SCALE) + "px";
  }
  function run() {
    document.querySelectorAll(".cell_output img, .output img").forEach(function (img) {
      if (img.complete) enlarge(img); else img.addEventListener("load", function () { enlarge(img); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
})();
