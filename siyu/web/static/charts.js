// Draws every <div data-chart="id"> from the ECharts option in <script type="application/json" id="id">.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var option = JSON.parse(document.getElementById(el.dataset.chart).textContent);
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  });
});
