// Chorus overlay feed client: options from the query, reconnect with backoff, replay with since.
// Used by chat.html and alerts.html; no build step, no dependencies.
(function () {
  'use strict';
  const query = new URLSearchParams(location.search);
  const parts = location.pathname.split('/').filter(Boolean); // overlay, <community>, <page>
  const community = decodeURIComponent(parts[1] || '');

  function option(name, fallback) {
    const value = query.get(name);
    return value === null || value === '' ? fallback : value;
  }

  function number(name, fallback, min, max) {
    const value = Number(option(name, fallback));
    return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
  }

  // Which frame types a page shows: ?events=chat,replies,follow,sub,raid,cheer,redemption,custom
  const KINDS = {
    'chat.message': 'chat', 'bot.reply': 'replies', 'stream.follow': 'follow',
    'stream.subscription': 'sub', 'stream.raid': 'raid', 'stream.cheer': 'cheer',
    'reward.redemption': 'redemption'
  };

  function kind(type) { return KINDS[type] || 'custom'; }

  function eventFilter(defaults) {
    const wanted = new Set(option('events', defaults).split(',').map((s) => s.trim()));
    return (frame) => wanted.has(kind(frame.type));
  }

  function applyLook() {
    const root = document.documentElement;
    root.dataset.theme = option('theme', 'dark');
    root.style.setProperty('--font-size', number('size', 22, 8, 96) + 'px');
  }

  // Connects to /ws/overlay/<community>; onFrame gets each chat, alert or reply frame once.
  // The last number shown survives a reload of the source (OBS keeps local storage), so a reloaded
  // overlay replays what it missed; ?since=<seq> overrides it.
  function connect(onFrame) {
    const token = option('token', '');
    const key = 'chorus-overlay:' + community + ':' + (parts[2] || '');
    let lastSeq = Number(option('since', (window.localStorage && localStorage.getItem(key)) || -1));
    if (!Number.isFinite(lastSeq)) lastSeq = -1;
    const remember = () => {
      document.body.dataset.seq = lastSeq;
      try { localStorage.setItem(key, String(lastSeq)); } catch (e) { /* private mode */ }
    };
    let delay = 500;
    const status = (state) => { document.body.dataset.state = state; };

    function open() {
      const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
      let url = scheme + location.host + '/ws/overlay/' + encodeURIComponent(community)
        + '?token=' + encodeURIComponent(token);
      if (lastSeq >= 0) url += '&since=' + lastSeq;
      const socket = new WebSocket(url);
      socket.onopen = () => { delay = 500; status('live'); };
      socket.onmessage = (message) => {
        let frame;
        try { frame = JSON.parse(message.data); } catch (e) { return; }
        if (frame.type === 'hello') {
          // A server that restarted numbers from 1 again: start over from what it has.
          if (lastSeq > frame.seq) lastSeq = frame.seq;
          if (lastSeq < 0) lastSeq = frame.seq;
          remember();
          return;
        }
        if (frame.type === 'gap' || frame.type === 'error') return;
        if (typeof frame.seq !== 'number' || frame.seq <= lastSeq) return;
        lastSeq = frame.seq;
        remember();
        onFrame(frame);
      };
      socket.onclose = () => {
        status('reconnecting');
        const wait = delay * (0.75 + Math.random() * 0.5);
        delay = Math.min(delay * 2, 15000);
        setTimeout(open, wait);
      };
    }
    status('connecting');
    open();
  }

  window.ChorusOverlay = { option, number, eventFilter, applyLook, connect, community, kind };
})();
