// Draws the report charts from the JSON each page holds (json_script); no inline script (CSP).
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  // Colour-blind-safe palette (Okabe–Ito); every figure is also in a table.
  var palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
    "#000000", "#999999", "#332288"];
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function configFor(spec, width) {
    var doughnut = spec.type === "doughnut";
    var datasets = spec.datasets.map(function (dataset, index) {
      // An ordered series (grades) brings its own ordered colours; others take the palette's.
      var colour = dataset.colour || palette[index % palette.length];
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: doughnut ? palette.slice(0, dataset.data.length) : colour,
        borderColor: doughnut ? "#ffffff" : colour,
        fill: false,
        tension: 0.2
      };
    });
    var options = {
      responsive: true,
      maintainAspectRatio: true,
      // On a phone the category labels turn and need the room: a square chart, not a strip.
      aspectRatio: width < 576 ? 1 : 2,
      animation: reduceMotion ? false : { duration: 400 },
      plugins: { title: { display: true, text: spec.title }, legend: { display: doughnut || datasets.length > 1 } }
    };
    if (!doughnut) {
      options.scales = {
        x: { stacked: spec.stacked },
        y: { stacked: spec.stacked, beginAtZero: true, max: spec.stacked ? 100 : undefined }
      };
    }
    return { type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options };
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    canvas.chart = new Chart(canvas, configFor(spec, canvas.parentElement.clientWidth));
    canvas.setAttribute("data-drawn", "true");
  });
}());
