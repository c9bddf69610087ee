// The Socket.IO relay of the round-trip benchmark: forwards a caller's "call" to the socket it names and the
// callee's acknowledgement back, as Monologue's relay forwards a REQ and its ACK. Prints "endpoint <url>" once
// listening; exits when its standard input ends (the benchmark's JVM closed it or died).
"use strict";
const http = require("http");
const { Server } = require("socket.io");

const CALL_TIMEOUT_MS = 10000;
const server = http.createServer();
const io = new Server(server, { transports: ["websocket"], serveClient: false, perMessageDeflate: false });

io.on("connection", (socket) => {
  socket.on("whoami", (ack) => ack(socket.id));
  socket.on("call", (to, name, args, ack) => {
    const target = io.sockets.sockets.get(to);
    if (!target) {
      ack({ error: "peer gone: " + to });
      return;
    }
    target.timeout(CALL_TIMEOUT_MS).emit("call", socket.id, name, args, (err, ret) => {
      ack(err ? { error: String(err) } : { ret });
    });
  });
});

server.listen(0, "127.0.0.1", () => {
  console.log("endpoint http://127.0.0.1:" + server.address().port);
});
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
