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
      // containLabel keeps the axis labels inside; the y-axis name (the unit) sits above the axis, so the grid
      // leaves room for it (and for the legend above it): nothing is cut off at the chart's edge
      grid: { left: 16, right: 24, top: c.series.length > 1 ? 60 : 36, bottom: 16, containLabel: true },
      xAxis: { type: 'category', data: c.categories, axisLabel: { interval: 0, rotate: c.categories.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', name: c.unit, nameGap: 12, nameTextStyle: { align: 'left' },
        minInterval: c.unit === '%' || c.unit === 'minutes' ? 0 : 1 },
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
