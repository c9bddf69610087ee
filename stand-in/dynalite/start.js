// Starts dynalite (DynamoDB's API, in memory) on a free loopback port and prints "listening <port>".
// Exits when its standard input closes, so it never outlives the test JVM that started it.
'use strict';
const dynalite = require('dynalite');
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => {
  process.stdout.write('listening ' + server.address().port + '\n');
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
