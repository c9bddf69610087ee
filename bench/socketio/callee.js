// The Socket.IO callee of the round-trip benchmark: answers every "call" with its first argument (an echo).
// Usage: node callee.js <relay url>. Prints "callee <socket id>" once connected; exits when stdin ends.
"use strict";
const { io } = require("socket.io-client");

const socket = io(process.argv[2], { transports: ["websocket"], reconnection: false });
socket.on("call", (from, name, args, ack) => ack(args[0]));
socket.on("connect", () => console.log("callee " + socket.id));
socket.on("connect_error", (e) => {
  console.error("callee could not connect: " + e.message);
  process.exit(1);
});
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
