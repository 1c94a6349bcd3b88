// Draws the charts of /insights with ECharts from the chart descriptions the page carries (data-charts). Every chart
// also has its table in the page, so nothing is lost without this script.
(function () {
  'use strict';
  var holder = document.getElementById('insights-data');
  if (!holder || typeof echarts === 'undefined') {
    return;
  }
  var charts = JSON.parse(holder.getAttribute('data-charts'));
  var instances = [];
  charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    if (!el) {
      return;
    }
    var stacked = c.kind === 'stacked';
    var chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      legend: { show: c.series.length > 1, top: 0 },
      grid: { left: 56, right: 24, top: c.series.length > 1 ? 36 : 16, bottom: 56, containLabel: true },
      xAxis: { type: 'category', data: c.categories, axisLabel: { interval: 0, rotate: c.categories.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', name: c.unit, minInterval: c.unit === '%' || c.unit === 'minutes' ? 0 : 1 },
      series: c.series.map(function (s) {
        return {
          name: s.name,
          type: c.kind === 'line' ? 'line' : 'bar',
          stack: stacked ? 'total' : undefined,
          connectNulls: true,
          data: s.data
        };
      })
    });
    el.setAttribute('data-rendered', 'true');
    instances.push(chart);
  });
  window.addEventListener('resize', function () {
    instances.forEach(function (i) { i.resize(); });
  });
  window.addEventListener('beforeprint', function () {
    instances.forEach(function (i) { i.resize(); });
  });
}());
