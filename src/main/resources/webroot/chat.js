// The web chat is a room: after connecting, the page joins its community's channel and gets the
// lines of everyone in it and the bot's replies (numbered frames); on reconnect it asks for the
// lines after the last number it saw.
const log = document.getElementById('log');
// ?community=&channel=&name= fill in the fields (links to a room).
const params = new URLSearchParams(location.search);
['community', 'channel', 'name'].forEach((id) => { if (params.get(id)) document.getElementById(id).value = params.get(id); });
const status = document.getElementById('status');
const userId = sessionStorage.getItem('chorus-user') || ('web-' + Math.random().toString(36).slice(2, 10));
sessionStorage.setItem('chorus-user', userId);
const seen = new Set();      // ids of lines and replies already shown
const pending = new Map();   // client id -> this page's line awaiting its ack
let socket;
let lastSeq = -1;
let room = null;
let delay = 500;

function add(kind, text, note) {
  const li = document.createElement('li');
  li.className = kind;
  li.textContent = text;
  if (note) { const s = document.createElement('small'); s.textContent = note; li.appendChild(s); }
  log.appendChild(li);
  while (log.children.length > 500) log.removeChild(log.firstChild);
  log.scrollTop = log.scrollHeight;
  return li;
}

function value(id) { return document.getElementById(id).value.trim(); }

function join() {
  if (!socket || socket.readyState !== WebSocket.OPEN) return;
  const wanted = value('community') + '/' + value('channel');
  if (room !== wanted) lastSeq = -1;
  room = wanted;
  const frame = { type: 'join', community: value('community'), channel: value('channel') };
  if (lastSeq >= 0) frame.since = lastSeq;
  socket.send(JSON.stringify(frame));
}

function showLine(frame) {
  if (typeof frame.seq === 'number' && frame.seq > lastSeq) lastSeq = frame.seq;
  if (seen.has(frame.id)) return;
  seen.add(frame.id);
  if (frame.type === 'bot.reply') {
    add('bot', 'bot: ' + frame.text).dataset.id = frame.id;
    return;
  }
  if (frame.type !== 'chat.message') return;
  const author = frame.author || {};
  const name = author.name + (author.pronouns ? ' (' + author.pronouns + ')' : '');
  const li = add(author.id === userId ? 'me' : 'other', name + ': ' + frame.text);
  li.dataset.id = frame.id;
  li.dataset.seq = frame.seq;
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  socket = new WebSocket(scheme + location.host + '/ws/chat');
  socket.onopen = () => { status.textContent = 'connected'; delay = 500; join(); };
  socket.onclose = () => {
    status.textContent = 'disconnected — retrying';
    setTimeout(connect, delay * (0.75 + Math.random() * 0.5));
    delay = Math.min(delay * 2, 15000);
  };
  socket.onmessage = (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === 'chat.message' || frame.type === 'bot.reply') showLine(frame);
    else if (frame.type === 'joined') { status.textContent = 'in ' + frame.community + '/' + frame.channel; }
    else if (frame.type === 'reply') {
      // A reply to this page's own line; the room sends it too (as bot.reply), shown once.
      if (!seen.has(frame.id)) { seen.add(frame.id); add('bot', 'bot: ' + frame.text).dataset.id = frame.id; }
    }
    else if (frame.type === 'error') add('error', frame.message, frame.code);
    else if (frame.type === 'ack') {
      const mine = pending.get(frame.id);
      pending.delete(frame.id);
      if (mine) {
        mine.querySelector('small').textContent = '✓';
        if (frame.eventId) {
          if (seen.has(frame.eventId)) mine.remove(); else seen.add(frame.eventId);
          mine.dataset.id = frame.eventId;
        }
      }
    }
  };
}

['community', 'channel'].forEach((id) => document.getElementById(id).addEventListener('change', join));

document.getElementById('form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('text');
  const text = input.value.trim();
  if (!text || !socket || socket.readyState !== WebSocket.OPEN) return;
  const id = crypto.randomUUID();
  const name = value('name') || 'guest';
  const li = add('me', name + ': ' + text, '…');
  pending.set(id, li);
  socket.send(JSON.stringify({
    type: 'chat.message', id,
    community: value('community'), channel: value('channel'),
    user: { id: userId, name }, text
  }));
  input.value = '';
});
connect();
