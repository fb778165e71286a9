// Chorus dashboard: plain JavaScript, no build step. An API key is traded once for a session
// (POST /api/v1/session): an HttpOnly cookie this script cannot read, and a CSRF token that it keeps
// in memory only and sends as X-CSRF-Token on every state-changing request. The key is not kept.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const session = { community: null, signedIn: false, scope: null, csrf: null, token: null };

  function api(method, path, body) {
    const init = { method, headers: {}, credentials: 'same-origin' };
    if (method !== 'GET' && method !== 'HEAD') init.headers['X-CSRF-Token'] = session.csrf || '';
    if (body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
    return fetch('/api/v1/communities/' + encodeURIComponent(session.community) + path, init);
  }

  // Live events: the admin stream, or the overlay feed with a community token.
  function addEvent(frame) {
    if (typeof frame.seq !== 'number') return;
    const li = document.createElement('li');
    li.dataset.type = frame.type;
    const type = document.createElement('span');
    type.className = 'type';
    type.textContent = frame.type + ' #' + frame.seq;
    li.appendChild(type);
    const who = frame.type === 'bot.reply' ? 'bot' : (frame.author ? frame.author.name : '');
    li.appendChild(document.createTextNode((who ? who + ': ' : '') + (frame.text || JSON.stringify(frame.data || {}))));
    const list = $('events');
    list.insertBefore(li, list.firstChild);
    while (list.children.length > 200) list.removeChild(list.lastChild);
  }

  function live() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    let delay = 500;
    function open() {
      const url = session.signedIn
        ? scheme + location.host + '/ws/dashboard'
        : scheme + location.host + '/ws/overlay/' + encodeURIComponent(session.community) + '?token=' + encodeURIComponent(session.token);
      const socket = new WebSocket(url);
      socket.onopen = () => {
        delay = 500;
        // The session cookie signs the stream in; the frame names the community.
        if (session.signedIn) socket.send(JSON.stringify({ type: 'auth', community: session.community }));
        $('live-state').textContent = 'live';
      };
      socket.onmessage = (m) => {
        const frame = JSON.parse(m.data);
        if (frame.type === 'error') { $('live-state').textContent = frame.message; return; }
        addEvent(frame);
      };
      socket.onclose = () => {
        $('live-state').textContent = 'reconnecting';
        setTimeout(open, delay); delay = Math.min(delay * 2, 15000);
      };
    }
    open();
  }

  // Commands: the command API (GET list, PUT one by name).
  function commandItems(body) {
    if (Array.isArray(body)) return body;
    return body.items || body.commands || [];
  }

  function loadCommands() {
    return api('GET', '/commands').then((r) => {
      if (!r.ok) { $('commands-note').textContent = 'the command API answered ' + r.status; return; }
      return r.json().then((body) => {
        const rows = $('command-rows');
        rows.textContent = '';
        for (const c of commandItems(body)) {
          const tr = document.createElement('tr');
          const name = document.createElement('td'); name.textContent = '!' + c.name;
          const response = document.createElement('td'); response.textContent = c.response;
          tr.dataset.name = c.name;
          tr.append(name, response);
          rows.appendChild(tr);
        }
        $('commands-note').textContent = '';
      });
    }).catch((e) => { $('commands-note').textContent = String(e); });
  }

  $('command-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = $('command-name').value.trim().replace(/^!/, '').toLowerCase();
    api('PUT', '/commands/' + encodeURIComponent(name), { response: $('command-response').value })
      .then((r) => r.ok ? loadCommands() : r.json().then((e) => { $('commands-note').textContent = e.message || r.status; }))
      .then(() => { $('command-name').value = ''; $('command-response').value = ''; });
  });

  // Overlay token.
  function tokenStatus() {
    api('GET', '/overlay/token').then((r) => r.json()).then((s) => {
      $('token-status').textContent = s.configured ? 'a token is set' : 'no token yet';
    });
  }
  $('rotate').addEventListener('click', () => {
    if (!confirm('Overlays using the old token stop until they get the new one. Continue?')) return;
    api('POST', '/overlay/token').then((r) => r.json()).then((t) => {
      $('token-new').textContent = 'New token (shown once): ' + t.token;
      tokenStatus();
    });
  });

  // Pipeline: Prometheus text from /metrics, sampled every 2 s, drawn as sparklines.
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

  function sample() {
    fetch('/metrics').then((r) => r.text()).then((text) => {
      const now = parseMetrics(text);
      if (previous) {
        const seconds = (now.at - previous.at) / 1000;
        const accepted = (now.sums.chorus_events_accepted_total || 0) - (previous.sums.chorus_events_accepted_total || 0);
        let sum = 0; let count = 0;
        const rows = $('stage-rows'); rows.textContent = '';
        for (const [stage, s] of Object.entries(now.stages)) {
          const before = previous.stages[stage] || { sum: 0, count: 0 };
          const dc = s.count - before.count; const ds = s.sum - before.sum;
          sum += ds; count += dc;
          const tr = document.createElement('tr');
          [stage, dc > 0 ? (ds / dc * 1000).toFixed(2) : '–', String(s.count)].forEach((t) => {
            const td = document.createElement('td'); td.textContent = t; tr.appendChild(td);
          });
          rows.appendChild(tr);
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
      previous = now;
    }).catch(() => {});
  }

  function start() {
    $('signin').hidden = true;
    $('screens').hidden = false;
    $('who').textContent = session.community + (session.signedIn ? ' · ' + session.scope : ' · overlay token');
    document.querySelectorAll('.c').forEach((e) => { e.textContent = session.community; });
    document.querySelectorAll('[data-admin]').forEach((e) => { e.hidden = !session.signedIn; });
    live();
    if (session.signedIn) { loadCommands(); tokenStatus(); sample(); setInterval(sample, 2000); }
    document.body.dataset.state = 'ready';
  }

  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    session.community = $('in-community').value.trim();
    const key = $('in-key').value.trim();
    session.token = $('in-token').value.trim() || null;
    if (!key && !session.token) { $('signin-error').textContent = 'an API key or an overlay token is needed'; return; }
    if (!key) { start(); return; }
    $('in-key').value = '';
    fetch('/api/v1/session', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key })
    }).then((r) => r.json().then((body) => {
      if (r.status === 401) { $('signin-error').textContent = 'wrong admin key or API key'; return; }
      if (r.status === 429) { $('signin-error').textContent = 'too many failed sign-ins: try again in ' + r.headers.get('Retry-After') + ' s'; return; }
      if (!r.ok) { $('signin-error').textContent = body.message || ('sign-in answered ' + r.status); return; }
      if (body.community && body.community !== session.community) { $('signin-error').textContent = 'this key belongs to community ' + body.community; return; }
      Object.assign(session, { signedIn: true, scope: body.scope, csrf: body.csrfToken });
      sessionStorage.setItem('chorus-dashboard', JSON.stringify({ community: session.community, token: session.token }));
      start();
    }));
  });

  // A reload keeps the session (the cookie): ask who is signed in to get the CSRF token again.
  const saved = sessionStorage.getItem('chorus-dashboard');
  if (saved) {
    Object.assign(session, JSON.parse(saved));
    fetch('/api/v1/session', { credentials: 'same-origin' }).then((r) => r.ok ? r.json() : null).then((body) => {
      if (body) Object.assign(session, { signedIn: true, scope: body.scope, csrf: body.csrfToken });
      if (body || session.token) start();
    });
  }
})();
