'use strict';
// A client of the first-generation Monologue protocol (docs/protocol.md), as strict as the original JavaScript
// client: it knows the payload types REQ and ACK and nothing else. Any other payload type, and any frame that is
// not JSON, throws inside the async message handler: an unhandled rejection, which ends the Node process with a
// non-zero exit code. A call that gets no reply within the timeout resolves `undefined`.
//
// Configuration comes from the npm rc package under the name "monologue", section "opts" (the later original
// client's [opts]): `opts.endpoint`, `opts.apiKey`, `opts.timeout` (milliseconds).
//
// Modes:
//   node legacy-client.js              connects, prints {"event":"ready","id":ID}, then reads one JSON command
//                                      per line on stdin: {"op":"call","id":N,"to":ID,"name":S,"args":[...]}
//                                      prints {"event":"result","id":N,"ret":V} (or "undefined":true), and
//                                      {"op":"quit"} closes the connection and exits 0.
//   node legacy-client.js bare-whoami  sends the bare text frame `whoami`, then a loopback whoami, and prints
//                                      {"event":"bare-id","id":TEXT,"loopbackId":ID}.

const crypto = require('crypto');
const readline = require('readline');
const WebSocket = require('ws');
const rc = require('rc');

const opts = rc('monologue', {}).opts || {};
if (!opts.endpoint) {
  console.error('legacy-client: no opts.endpoint in the monologue rc configuration');
  process.exit(2);
}
const timeoutMs = Number(opts.timeout || 15000);

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

function newToken() {
  return crypto.randomBytes(16).toString('base64url');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The methods this client serves, by wire name.
const handlers = {
  echo: async (value) => value,
  add: async (a, b) => a + b,
  slow: async (ms, value) => {
    await sleep(ms);
    return value;
  },
};

const headers = opts.apiKey ? { 'x-api-key': String(opts.apiKey) } : {};
const ws = new WebSocket(String(opts.endpoint), { headers });
const pending = new Map(); // token -> resolve, for our calls and whoami
let quitting = false;

function send(frame) {
  ws.send(JSON.stringify(frame));
}

function whoami() {
  const token = newToken();
  return new Promise((resolve) => {
    pending.set(token, (ret, to) => resolve(to));
    send({ action: 'loopback', payload: { token } });
  });
}

function call(to, name, args) {
  const token = newToken();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(token);
      resolve(undefined);
    }, timeoutMs);
    pending.set(token, (ret) => {
      clearTimeout(timer);
      resolve(ret);
    });
    send({ action: 'sendmessage', to, payload: { type: 'REQ', token, name, args } });
  });
}

async function serve(from, payload) {
  const handler = handlers[payload.name];
  if (!handler) {
    console.error(`legacy-client: no handler for '${payload.name}' called by ${from}`);
    return;
  }
  const ret = await handler(...payload.args);
  send({ action: 'sendmessage', to: from, payload: { type: 'ACK', token: payload.token, ret } });
}

let bareId; // in bare-whoami mode, the answer to the bare `whoami`

ws.on('message', async (data, isBinary) => {
  if (process.argv[2] === 'bare-whoami' && bareId === undefined) {
    bareId = data.toString();
    const loopbackId = await whoami(); // the same connection, asked the first generation's way
    emit({ event: 'bare-id', id: bareId, loopbackId });
    quitting = true;
    ws.close();
    return;
  }
  if (isBinary) {
    throw new Error('legacy-client: binary frame');
  }
  const message = JSON.parse(data.toString());
  const payload = message.payload;
  if (payload.type === undefined && pending.has(payload.token) && message.from === message.to) {
    const settle = pending.get(payload.token); // the loopback of our own whoami
    pending.delete(payload.token);
    settle(undefined, message.to);
    return;
  }
  switch (payload.type) {
    case 'REQ':
      await serve(message.from, payload);
      break;
    case 'ACK': {
      const settle = pending.get(payload.token);
      if (settle) {
        pending.delete(payload.token);
        settle(payload.ret);
      }
      break;
    }
    default:
      throw new Error(`legacy-client: unknown payload type '${payload.type}' from ${message.from}: `
          + data.toString());
  }
});

ws.on('close', (code) => {
  if (!quitting) {
    console.error(`legacy-client: connection closed (${code})`);
    process.exit(3);
  }
  process.exit(0);
});

ws.on('error', (err) => {
  console.error(`legacy-client: ${err.message}`);
  process.exit(4);
});

ws.on('open', async () => {
  if (process.argv[2] === 'bare-whoami') {
    ws.send('whoami');
    return;
  }
  emit({ event: 'ready', id: await whoami() });
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', async (line) => {
    const command = JSON.parse(line);
    if (command.op === 'quit') {
      quitting = true;
      ws.close();
      return;
    }
    if (command.op !== 'call') {
      throw new Error(`legacy-client: unknown command ${line}`);
    }
    const ret = await call(command.to, command.name, command.args);
    emit(ret === undefined ? { event: 'result', id: command.id, undefined: true }
        : { event: 'result', id: command.id, ret });
  });
  lines.on('close', () => {
    if (!quitting) { // the test ended without saying quit
      process.exit(5);
    }
  });
});
