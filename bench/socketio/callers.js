// The Socket.IO callers of the round-trip benchmark, driven line by line from the benchmark's JVM so that they
// run in the same interleaved rounds as Monologue's contenders. Usage: node callers.js <relay url> <callee id>.
// Commands (one per line) and answers:
//   open N                       -> "opened N"       N connections (one per caller), each its own socket
//   latency CALLS                -> "latency <p50 ns> <p99 ns> <max ns> <samples>"   one call in flight
//   throughput CALLERS IN_FLIGHT MILLIS -> "throughput <calls/s> <failures> <first failure or ->"
"use strict";
const readline = require("readline");
const { io } = require("socket.io-client");

const [url, callee] = process.argv.slice(2);
const PAYLOAD = "hello from the benchmark, 42 chars long..";
const CALL_TIMEOUT_MS = 10000;
const sockets = [];

function open(n) {
  const pending = [];
  while (sockets.length < n) {
    const s = io(url, { transports: ["websocket"], reconnection: false, forceNew: true });
    sockets.push(s);
    pending.push(new Promise((resolve, reject) => {
      s.once("connect", resolve);
      s.once("connect_error", reject);
    }));
  }
  return Promise.all(pending);
}

async function call(socket) {
  const reply = await socket.timeout(CALL_TIMEOUT_MS).emitWithAck("call", callee, "echo", [PAYLOAD]);
  if (reply.error !== undefined) {
    throw new Error(reply.error);
  }
  return reply.ret;
}

function percentile(sorted, q) {
  const i = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
}

async function latency(calls) {
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    await call(sockets[0]);
    samples[i] = Number(process.hrtime.bigint() - start);
  }
  samples.sort();
  return `latency ${percentile(samples, 0.5)} ${percentile(samples, 0.99)} ${samples[calls - 1]} ${calls}`;
}

function throughput(callers, inFlight, millis) {
  return new Promise((resolve) => {
    let completed = 0;
    let failures = 0;
    let firstFailure = null;
    let stop = false;
    let running = callers * inFlight;
    let c0 = 0;
    let t0 = 0n;
    let c1 = 0;
    let t1 = 0n;
    const ended = () => {
      if (--running === 0) {
        const perSecond = (c1 - c0) * 1e9 / Number(t1 - t0);
        resolve(`throughput ${perSecond} ${failures} ${firstFailure === null ? "-" : firstFailure}`);
      }
    };
    const chain = (socket) => {
      if (stop) {
        ended();
        return;
      }
      call(socket).then(() => {
        completed++;
        chain(socket);
      }, (e) => {
        failures++;
        if (firstFailure === null) {
          firstFailure = String(e).replace(/\s+/g, " ");
        }
        ended(); // a failing chain ends: no hot loop of instant failures
      });
    };
    for (let c = 0; c < callers; c++) {
      for (let i = 0; i < inFlight; i++) {
        chain(sockets[c]);
      }
    }
    // The same short ramp as the JVM's measurement, so that all chains are running when the window opens.
    setTimeout(() => {
      c0 = completed;
      t0 = process.hrtime.bigint();
      setTimeout(() => {
        c1 = completed;
        t1 = process.hrtime.bigint();
        stop = true;
      }, millis);
    }, Math.min(200, millis / 5));
  });
}

const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on("line", (line) => {
  const [command, ...args] = line.trim().split(/\s+/);
  queue = queue.then(async () => {
    try {
      if (command === "open") {
        await open(Number(args[0]));
        console.log("opened " + sockets.length);
      } else if (command === "latency") {
        console.log(await latency(Number(args[0])));
      } else if (command === "throughput") {
        console.log(await throughput(Number(args[0]), Number(args[1]), Number(args[2])));
      } else if (command === "quit") {
        process.exit(0);
      } else {
        console.log("error unknown command " + command);
      }
    } catch (e) {
      console.log("error " + String(e).replace(/\s+/g, " "));
    }
  });
});
lines.on("close", () => queue.then(() => process.exit(0)));
