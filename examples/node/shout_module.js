#!/usr/bin/env node
// A Chorus command module in Node.js: `!shout <text>` says the text in capitals.
//
// It speaks the TCP event-bus bridge protocol (docs/modules.md): frames are a 4-byte big-endian
// length followed by UTF-8 JSON. No packages needed.
//
// Environment: CHORUS_BRIDGE_HOST (127.0.0.1), CHORUS_BRIDGE_PORT (7000), CHORUS_BRIDGE_TOKEN
// (required), CHORUS_ANNOUNCE_SECONDS (10).
'use strict';
const net = require('net');

const host = process.env.CHORUS_BRIDGE_HOST || '127.0.0.1';
const port = Number(process.env.CHORUS_BRIDGE_PORT || 7000);
const token = process.env.CHORUS_BRIDGE_TOKEN || '';
const every = Number(process.env.CHORUS_ANNOUNCE_SECONDS || 10) * 1000;
const name = 'shout';
const address = 'chorus.command.module.' + name;
const announcement = {
  name,
  description: 'says your text in capitals: !shout <text>',
  permission: 'viewer',
  globalCooldown: 0,
  personCooldown: 0,
};

const socket = net.connect(port, host);

function send(frame) {
  frame.headers = Object.assign({}, frame.headers, { token });
  const json = Buffer.from(JSON.stringify(frame), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(json.length, 0);
  socket.write(Buffer.concat([head, json]));
}

function answer(request) {
  const who = (request.user && request.user.name) || 'someone';
  const text = (request.rest || '').trim();
  return text ? `${who} shouts: ${text.toUpperCase()}` : `${who}, shout what?`;
}

let pending = Buffer.alloc(0);
socket.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  while (pending.length >= 4) {
    const length = pending.readUInt32BE(0);
    if (pending.length < 4 + length) break;
    const frame = JSON.parse(pending.subarray(4, 4 + length).toString('utf8'));
    pending = pending.subarray(4 + length);
    if (frame.type === 'err') {
      console.error(`shout module: refused by the bridge: ${frame.message}`);
      process.exit(2);
    }
    if (frame.type === 'message' && frame.address === address && frame.replyAddress) {
      send({ type: 'send', address: frame.replyAddress, body: { text: answer(frame.body) } });
    }
  }
});
socket.on('close', () => {
  console.error('shout module: the bridge closed the connection');
  process.exit(3);
});
socket.on('error', (e) => {
  console.error(`shout module: ${e.message}`);
  process.exit(3);
});
socket.on('connect', () => {
  send({ type: 'register', address });
  const publish = () =>
    send({ type: 'publish', address: 'chorus.command.register', body: announcement });
  publish();
  setInterval(publish, every);
});
