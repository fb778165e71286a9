// Pipeline screen: Prometheus text from /metrics, sampled every 2 s, drawn as sparklines.
(function () {
  'use strict';
  const D = window.ChorusDashboard;
  const $ = (id) => document.getElementById(id);
  const history = { rate: [], latency: [], queue: [], dead: [] };
  let previous = null;

  function parseMetrics(text) {
    const sums = {}; const stages = {};
    for (const line of text.split('\n')) {
      if (!line || line[0] === '#') continue;
      const m = line.match(/^([a-zA-Z_:]+)(\{[^}]*\})?\s+([-+0-9.eE]+|NaN)/);
      if (!m) continue;
      const value = Number(m[3]);
      if (!Number.isFinite(value)) continue;
      sums[m[1]] = (sums[m[1]] || 0) + value;
      const stage = m[2] && m[2].match(/stage="([^"]+)"/);
      if (stage && (m[1] === 'chorus_stage_latency_seconds_sum' || m[1] === 'chorus_stage_latency_seconds_count')) {
        const s = stages[stage[1]] || (stages[stage[1]] = { sum: 0, count: 0 });
        if (m[1].endsWith('_sum')) s.sum += value; else s.count += value;
      }
    }
    return { at: Date.now(), sums, stages };
  }

  function draw(id, values) {
    const canvas = $(id);
    const w = canvas.width = canvas.clientWidth; const h = canvas.height = canvas.clientHeight;
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, w, h);
    const max = Math.max(1, ...values);
    g.strokeStyle = '#4f5bd5'; g.lineWidth = 2; g.beginPath();
    values.forEach((v, i) => {
      const x = values.length < 2 ? 0 : i * (w - 1) / (values.length - 1);
      const y = h - 2 - (v / max) * (h - 4);
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    });
    g.stroke();
  }

  function push(name, value) {
    history[name].push(value);
    if (history[name].length > 60) history[name].shift();
  }

  function show(now) {
    const seconds = (now.at - previous.at) / 1000;
    const accepted = (now.sums.chorus_events_accepted_total || 0) - (previous.sums.chorus_events_accepted_total || 0);
    let sum = 0; let count = 0;
    const rows = $('stage-rows'); rows.textContent = '';
    for (const [stage, s] of Object.entries(now.stages)) {
      const before = previous.stages[stage] || { sum: 0, count: 0 };
      const dc = s.count - before.count; const ds = s.sum - before.sum;
      sum += ds; count += dc;
      rows.appendChild(D.row([stage, dc > 0 ? (ds / dc * 1000).toFixed(2) : '–', String(s.count)]));
    }
    push('rate', accepted / seconds);
    push('latency', count > 0 ? sum / count * 1000 : 0);
    push('queue', now.sums.chorus_router_queue || 0);
    push('dead', now.sums.chorus_dead_letters_total || 0);
    $('v-rate').textContent = (accepted / seconds).toFixed(1);
    $('v-latency').textContent = count > 0 ? (sum / count * 1000).toFixed(2) : '–';
    $('v-queue').textContent = now.sums.chorus_router_queue || 0;
    $('v-dead').textContent = now.sums.chorus_dead_letters_total || 0;
    draw('c-rate', history.rate); draw('c-latency', history.latency);
    draw('c-queue', history.queue); draw('c-dead', history.dead);
  }

  function sample() {
    D.request('GET', '/metrics', undefined, true).then((text) => {
      const now = parseMetrics(text);
      if (previous) show(now);
      previous = now;
      D.note('pipeline-note', null);
    }, (e) => D.note('pipeline-note', e));
  }

  D.screen(() => { sample(); setInterval(sample, 2000); });
})();
