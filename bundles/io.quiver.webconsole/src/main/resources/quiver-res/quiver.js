/*
 * Quiver's page script: submits the generated forms as POSTs with the session's CSRF token and shows a
 * refusal next to the field it names; polls the statistics and draws them with Chart.js (IOPS, bandwidth,
 * mean latency per device and per session); polls the hot-deploy features and offers their operations.
 */
(function () {
  'use strict';
  var page = document.getElementById('quiver');
  // absolute, from the origin: a page opened as http://user:password@host/... would otherwise resolve
  // relative URLs with the credentials in them, which fetch() refuses
  var root = window.location.origin + page.dataset.root;
  var csrf = page.dataset.csrf;
  var message = document.getElementById('q-message');

  function post(params) {
    return fetch(root + '/action', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'X-Quiver-CSRF': csrf, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString()
    }).then(function (r) {
      // an answer that is not the page's JSON (a login page, a proxy's error) is a failure too, never silence
      return r.json().catch(function () { return { ok: false, error: 'HTTP ' + r.status + ' ' + r.statusText }; });
    }, function (e) { return { ok: false, error: 'request failed: ' + e.message }; });
  }

  function say(text, failed) {
    message.textContent = text;
    message.className = failed ? 'q-failed' : '';
  }

  /* Forms: send the hidden fields and every field that differs from what the page showed. */
  document.querySelectorAll('form.q-form').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
        return;
      }
      var params = [];
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name) { return; }
        var initial = el.getAttribute('data-initial');
        if (form.dataset.op === 'set' && initial !== null && el.value === initial) { return; }
        params.push([el.name, el.value]);
      });
      form.querySelectorAll('.q-error').forEach(function (e) { e.textContent = ''; });
      post(params).then(function (r) {
        if (r.ok) {
          say(r.message, false);
          sessionStorage.setItem('quiver.message', r.message);
          window.location.reload();
        } else {
          var spot = form.querySelector('.q-error[data-field="' + (r.field || '') + '"]') || form.querySelector('.q-error[data-field=""]');
          spot.textContent = r.error;
          say(r.error, true);
        }
      });
    });
  });
  var last = sessionStorage.getItem('quiver.message');
  if (last) { say(last, false); sessionStorage.removeItem('quiver.message'); }

  /* Hot deploy: the features table, refreshed every 2 s while a job runs, every 10 s otherwise. */
  var featureTable = document.getElementById('q-features');
  var jobStates = {};
  function cell(row, text) { var td = row.insertCell(); td.textContent = text; return td; }
  /* A job that ended since the last poll is announced at the top: failed in red, Karaf's reason in full. */
  function announce(f) {
    var before = jobStates[f.name];
    jobStates[f.name] = f.job ? f.job.state : undefined;
    if (f.job && before === 'running' && f.job.state !== 'running') { say(f.job.message, f.job.state === 'failed'); }
  }
  function drawFeatures(data) {
    while (featureTable.rows.length > 1) { featureTable.deleteRow(1); }
    var running = false;
    data.features.forEach(function (f) {
      var row = featureTable.insertRow();
      row.dataset.feature = f.name;
      cell(row, f.name); cell(row, f.version); cell(row, f.state).className = 'q-state'; cell(row, f.description);
      var actions = cell(row, '');
      (f.installed ? ['update', 'uninstall'] : ['install']).forEach(function (action) {
        var b = document.createElement('button');
        b.textContent = action;
        b.dataset.action = action;
        b.addEventListener('click', function () {
          post([['op', 'feature'], ['action', action], ['feature', f.name]]).then(function (r) {
            say(r.ok ? r.message : r.error, !r.ok);
            if (r.ok) { jobStates[f.name] = 'running'; }
            pollFeatures();
          });
        });
        actions.appendChild(b);
      });
      cell(row, f.job ? f.job.message : '').className = 'q-job' + (f.job && f.job.state === 'failed' ? ' q-failed' : '');
      announce(f);
      running = running || (f.job && f.job.state === 'running');
    });
    if (!data.available) { cell(featureTable.insertRow(), 'Karaf FeaturesService not available'); }
    return running;
  }
  var featureTimer;
  function pollFeatures() {
    clearTimeout(featureTimer);
    fetch(root + '/features.json', { credentials: 'same-origin' }).then(function (r) { return r.json(); })
      .then(function (data) { featureTimer = setTimeout(pollFeatures, drawFeatures(data) ? 2000 : 10000); })
      .catch(function (e) {
        say('cannot read the features: ' + e.message, true);
        featureTimer = setTimeout(pollFeatures, 10000);
      });
  }
  pollFeatures();

  /* Charts: rates from two consecutive samples; the last 60 points per series. */
  var KEEP = 60;
  function chart(id, title, unit) {
    return new Chart(document.getElementById(id), {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false, maintainAspectRatio: false, parsing: false, normalized: true,
        plugins: { title: { display: true, text: title } },
        scales: { x: { type: 'linear', title: { display: true, text: 's' } }, y: { beginAtZero: true, title: { display: true, text: unit } } }
      }
    });
  }
  var charts = {
    iops: chart('q-chart-iops', 'IOPS', 'commands/s'),
    bandwidth: chart('q-chart-bandwidth', 'Bandwidth', 'MB/s'),
    latency: chart('q-chart-latency', 'Mean latency', 'µs')
  };
  window.quiverCharts = charts;
  var previous = null;
  var start = Date.now();
  var colours = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

  function series(c, key, label) {
    var ds = c.data.datasets.find(function (d) { return d.key === key; });
    if (!ds) {
      var colour = colours[c.data.datasets.length % colours.length];
      ds = { key: key, label: label, data: [], borderColor: colour, backgroundColor: colour, pointRadius: 0, borderWidth: 2 };
      c.data.datasets.push(ds);
    }
    return ds;
  }
  function latencySum(entry) {
    var n = 0, t = 0;
    entry.latency.forEach(function (b) { t += b[0] * b[1]; n += b[1]; });
    return { n: n, t: t };
  }
  function addPoints(kind, entries, before, seconds, x) {
    entries.forEach(function (e) {
      var p = before[kind + ':' + e.id];
      if (!p) { return; }
      var key = kind + ':' + e.id;
      var commands = e.commands - p.commands;
      var bytes = (e.read_bytes - p.read_bytes) + (e.write_bytes - p.write_bytes);
      var latency = 0;
      if (e.latency_sum_us != null && p.latency_sum_us != null) {
        latency = commands > 0 ? (e.latency_sum_us - p.latency_sum_us) / commands : 0;
      } else {
        var l = latencySum(e), lp = latencySum(p);   // estimate from the histogram's bucket midpoints
        latency = l.n > lp.n ? (l.t - lp.t) / (l.n - lp.n) : 0;
      }
      var points = [[charts.iops, commands / seconds], [charts.bandwidth, bytes / seconds / 1e6], [charts.latency, latency]];
      points.forEach(function (pt) {
        var ds = series(pt[0], key, e.label);
        ds.data.push({ x: x, y: Math.max(0, pt[1]) });
        if (ds.data.length > KEEP) { ds.data.shift(); }
      });
    });
  }
  function pollStats() {
    fetch(root + '/stats.json', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (s) {
      var byKey = {};
      s.devices.forEach(function (e) { byKey['device:' + e.id] = e; });
      s.sessions.forEach(function (e) { byKey['session:' + e.id] = e; });
      if (previous) {
        var seconds = Math.max(0.001, (s.time - previous.time) / 1000);
        var x = Math.round((s.time - start) / 100) / 10;
        addPoints('device', s.devices, previous.byKey, seconds, x);
        addPoints('session', s.sessions, previous.byKey, seconds, x);
        Object.keys(charts).forEach(function (k) { charts[k].update('none'); });
      }
      previous = { time: s.time, byKey: byKey };
    }).finally(function () { setTimeout(pollStats, 1000); });
  }
  pollStats();
})();
