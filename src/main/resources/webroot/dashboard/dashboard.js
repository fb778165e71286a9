// Chorus dashboard: plain JavaScript, no build step, no inline script or style (the page runs
// under a Content-Security-Policy). This file holds the one function that talks HTTP (request),
// the sign-in, the live events and the overlay token; pipeline.js, commands.js and community.js
// add the other screens through ChorusDashboard.screen(...). An API key is traded once for a
// session (POST /api/v1/session): an HttpOnly cookie this script cannot read, and a CSRF token kept
// in memory and sent as X-CSRF-Token on every state-changing request. The key itself is not kept.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const session = { community: null, signedIn: false, scope: null, csrf: null, token: null };
  const screens = [];

  /** A refused or failed answer: HTTP status, the API's error code and its message. */
  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
    toString() {
      if (this.status === 0) return 'no answer: ' + this.message;
      const who = this.status >= 500 ? 'the server failed' : 'refused';
      return who + ' (' + this.status + (this.code ? ' ' + this.code : '') + '): ' + this.message;
    }
  }

  /**
   * Every HTTP call of the dashboard goes through here, so a header (a session or CSRF token) is
   * added in one place. Resolves with the parsed JSON body (text with asText, null for 204);
   * rejects with an ApiError for 4xx/5xx and for a server that did not answer.
   */
  function request(method, url, body, asText) {
    const init = { method, headers: {}, credentials: 'same-origin' };
    if (method !== 'GET' && method !== 'HEAD' && session.csrf) init.headers['X-CSRF-Token'] = session.csrf;
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then((r) => {
      if (r.ok) {
        if (r.status === 204) return null;
        return asText ? r.text() : r.json();
      }
      return r.text().then((text) => {
        let parsed = null;
        try { parsed = JSON.parse(text); } catch (e) { /* not JSON: keep the status text */ }
        const message = parsed && parsed.message ? parsed.message : (text.trim().slice(0, 200) || r.statusText);
        throw new ApiError(r.status, parsed && parsed.error, message);
      });
    }, () => { throw new ApiError(0, 'unreachable', 'the server did not answer'); });
  }

  /** An admin call about the signed-in community: path starts after /communities/{c}. */
  function api(method, path, body) {
    return request(method, '/api/v1/communities/' + encodeURIComponent(session.community) + path, body);
  }

  /** Shows an error (or clears the note with null); a string is shown as a success note. */
  function note(id, what) {
    const el = $(id);
    el.classList.remove('error', 'ok');
    if (what === null || what === undefined) { el.textContent = ''; return; }
    if (typeof what === 'string') { el.textContent = what; el.classList.add('ok'); return; }
    el.textContent = String(what);
    el.classList.add('error');
  }

  /** A new element with text or children: el('td', 'text'), el('tr', {}, [td1, td2]). */
  function el(tag, props, children) {
    const e = document.createElement(tag);
    if (typeof props === 'string' || typeof props === 'number') e.textContent = String(props);
    else if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (k === 'text') e.textContent = v;
        else if (k === 'className') e.className = v;
        else if (k === 'onclick') e.addEventListener('click', v);
        else if (k.startsWith('data-')) e.setAttribute(k, v);
        else e[k] = v;
      }
    }
    for (const c of children || []) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    return e;
  }

  /** A row of cells (strings or elements) and, at the end, buttons [{label, click}]. */
  function row(cells, buttons, data) {
    const tr = el('tr', data);
    for (const c of cells) tr.appendChild(c instanceof Node ? el('td', {}, [c]) : el('td', c === null || c === undefined ? '' : String(c)));
    if (buttons) tr.appendChild(el('td', { className: 'actions' }, buttons.map((b) => el('button', { type: 'button', text: b.label, onclick: b.click }))));
    return tr;
  }

  window.ChorusDashboard = {
    session, request, api, note, el, row, ApiError,
    /** Registers a screen's loader, run once signed in with the admin key. */
    screen(load) { screens.push(load); },
  };

  // Live events: the admin stream, or the overlay feed with a community token.
  function addEvent(frame) {
    if (typeof frame.seq !== 'number') return;
    const who = frame.type === 'bot.reply' ? 'bot' : (frame.author ? frame.author.name : '');
    const li = el('li', { 'data-type': frame.type }, [
      el('span', { className: 'type', text: frame.type + ' #' + frame.seq }),
      (who ? who + ': ' : '') + (frame.text || JSON.stringify(frame.data || {})),
    ]);
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

  // Overlay token.
  function tokenStatus() {
    return api('GET', '/overlay/token').then((s) => {
      $('token-status').textContent = s.configured ? 'a token is set' : 'no token yet';
    }, (e) => note('overlay-note', e));
  }
  $('rotate').addEventListener('click', () => {
    if (!confirm('Overlays using the old token stop until they get the new one. Continue?')) return;
    api('POST', '/overlay/token').then((t) => {
      $('token-new').textContent = 'New token (shown once): ' + t.token;
      note('overlay-note', null);
      return tokenStatus();
    }, (e) => note('overlay-note', e));
  });

  function start() {
    $('signin').hidden = true;
    $('screens').hidden = false;
    $('nav').hidden = !session.signedIn;
    $('who').textContent = session.community + (session.signedIn ? ' · ' + session.scope : ' · overlay token');
    document.querySelectorAll('.c').forEach((e) => { e.textContent = session.community; });
    document.querySelectorAll('[data-admin]').forEach((e) => { e.hidden = !session.signedIn; });
    live();
    if (session.signedIn) {
      tokenStatus();
      for (const load of screens) load();
    }
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
    request('POST', '/api/v1/session', { key }).then((body) => {
      if (body.community && body.community !== session.community) {
        $('signin-error').textContent = 'this key belongs to community ' + body.community;
        return;
      }
      Object.assign(session, { signedIn: true, scope: body.scope, csrf: body.csrfToken });
      sessionStorage.setItem('chorus-dashboard', JSON.stringify({ community: session.community, token: session.token }));
      start();
    }, (e) => {
      $('signin-error').textContent = e.status === 401 ? 'wrong admin key or API key'
        : e.status === 429 ? 'too many failed sign-ins: try again later' : String(e);
    });
  });

  // The other screens' files load after this one: restore a saved sign-in once all are there.
  document.addEventListener('DOMContentLoaded', () => {
    // A reload keeps the session (the cookie): ask who is signed in to get the CSRF token again.
    const saved = sessionStorage.getItem('chorus-dashboard');
    if (!saved) return;
    Object.assign(session, JSON.parse(saved));
    request('GET', '/api/v1/session').then((body) => {
      Object.assign(session, { signedIn: true, scope: body.scope, csrf: body.csrfToken });
      start();
    }, () => { if (session.token) start(); });
  });
})();
