// Taskrail dashboard: follows /ws/stats and renders each frame. Everything from the server is shown with
// textContent (never innerHTML), so a queue, type or worker name holding HTML stays text.
(function () {
  'use strict';
  var HISTORY = 300;                       // points per chart: five minutes at the default frame a second
  var series = { completed: [], submitted: [], failed: [], waitP50: [], waitP99: [], runP99: [] };
  var backoffMs = 500;
  // A token given as ?token= is kept for this page's requests (the server also set a cookie), and taken out of the
  // address bar so it does not end up in the history or in a shared link.
  var token = new URLSearchParams(location.search).get('token');
  if (token && window.history && history.replaceState) {
    history.replaceState(null, '', location.pathname);
  }

  function $(id) { return document.getElementById(id); }
  function text(id, value) { $(id).textContent = value; }
  function fmt(n) { return typeof n === 'number' ? n.toLocaleString('en-US') : '–'; }

  function socketUrl() {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    return scheme + location.host + '/ws/stats' + (token ? '?token=' + encodeURIComponent(token) : '');
  }

  function connect() {
    var ws = new WebSocket(socketUrl());
    status('connecting', 'connecting…');
    ws.onopen = function () { backoffMs = 500; status('live', 'live'); };
    ws.onmessage = function (message) {
      var frame;
      try { frame = JSON.parse(message.data); } catch (e) { return; }
      if (frame.type === 'stats') { render(frame); }
    };
    ws.onclose = function () {
      status('closed', 'disconnected, retrying…');
      setTimeout(connect, backoffMs);
      backoffMs = Math.min(backoffMs * 2, 10000);
    };
  }

  function status(state, label) {
    var el = $('connection');
    el.dataset.state = state;
    el.textContent = label;
  }

  function render(f) {
    var totals = f.totals || {}, rates = f.rates || {}, latency = f.latency || {};
    text('total-submitted', fmt(totals.submitted));
    text('total-completed', fmt(totals.completed));
    text('total-failed', fmt(totals.failed));
    text('total-retried', fmt(totals.retried));
    text('rate-submitted', fmt(rates.submittedPerSec));
    text('rate-completed', fmt(rates.completedPerSec));
    text('rate-failed', fmt(rates.failedPerSec));
    text('updated', 'updated ' + new Date(f.ts).toLocaleTimeString());

    var dead = 0;
    var body = document.createElement('tbody');
    Object.keys(f.queues || {}).sort().forEach(function (name) {
      var q = f.queues[name];
      dead += q.dead || 0;
      body.appendChild(row([name, fmt(q.pending), fmt(q.scheduled), fmt(q.processing), fmt(q.dead)]));
    });
    $('queues').replaceChild(body, $('queues').tBodies[0]);
    text('dead-count', fmt(dead));
    $('retry-dead').disabled = dead === 0;

    var wait = latency.waitMs || {}, run = latency.runMs || {};
    ['p50', 'p95', 'p99'].forEach(function (p) {
      text('wait-' + p, fmt(wait[p]));
      text('run-' + p, fmt(run[p]));
    });

    var workers = document.createElement('tbody');
    (f.workers || []).forEach(function (w) {
      var load = w.concurrency ? Math.min(1, w.inFlight / w.concurrency) : 0;
      var bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.width = Math.round(load * 80) + 'px';
      bar.title = Math.round(load * 100) + '%';
      var seen = Math.max(0, Math.round((f.ts - w.lastSeen) / 1000)) + ' s ago';
      workers.appendChild(row([w.id, bar, fmt(w.inFlight) + ' / ' + fmt(w.concurrency), fmt(w.processed), seen]));
    });
    $('workers').replaceChild(workers, $('workers').tBodies[0]);
    text('worker-count', '(' + (f.workers || []).length + ')');

    push('completed', rates.completedPerSec); push('submitted', rates.submittedPerSec);
    push('failed', rates.failedPerSec); push('waitP50', wait.p50); push('waitP99', wait.p99);
    push('runP99', run.p99);
    chart('chart-throughput', [series.completed, series.submitted, series.failed]);
    chart('chart-latency', [series.waitP50, series.waitP99, series.runP99]);
  }

  function row(cells) {
    var tr = document.createElement('tr');
    cells.forEach(function (cell) {
      var td = document.createElement('td');
      if (cell instanceof Node) { td.appendChild(cell); } else { td.textContent = String(cell); }
      tr.appendChild(td);
    });
    return tr;
  }

  function push(name, value) {
    var s = series[name];
    s.push(typeof value === 'number' ? value : 0);
    if (s.length > HISTORY) { s.shift(); }
  }

  // A small SVG line chart: one polyline per series, scaled to the largest value shown.
  function chart(id, lines) {
    var svg = $(id), width = 600, height = 160, top = 14;
    var max = 1;
    lines.forEach(function (s) { s.forEach(function (v) { if (v > max) { max = v; } }); });
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var label = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    label.setAttribute('x', 4); label.setAttribute('y', 11);
    label.textContent = 'max ' + fmt(Math.round(max * 10) / 10);
    svg.appendChild(label);
    lines.forEach(function (s, i) {
      var points = s.map(function (v, x) {
        var px = (x + HISTORY - s.length) * width / (HISTORY - 1);
        var py = height - (v / max) * (height - top);
        return px.toFixed(1) + ',' + py.toFixed(1);
      }).join(' ');
      var line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
      line.setAttribute('class', 's' + (i + 1));
      line.setAttribute('points', points);
      svg.appendChild(line);
    });
  }

  $('retry-dead').addEventListener('click', function () {
    fetch('/api/dead/retry' + (token ? '?token=' + encodeURIComponent(token) : ''),
          { method: 'POST', credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        text('retry-result', body.retried !== undefined ? body.retried + ' sent back to pending' : body.detail);
      })
      .catch(function () { text('retry-result', 'retry failed'); });
  });

  connect();
}());
