// ShareDB 7 in memory with the text-unicode type, on loopback: the reference for bench/run DescriptionEditing.
// node server.js <port> <initial text>; prints "listening <port>" once the document exists.
'use strict';
const http = require('http');
const ShareDB = require('sharedb');
const WebSocket = require('ws');
const WebSocketJSONStream = require('@teamwork/websocket-json-stream');

ShareDB.types.register(require('ot-text-unicode').type);
const backend = new ShareDB();
const server = http.createServer();
const sockets = new WebSocket.Server({ server });
sockets.on('connection', (socket) => backend.listen(new WebSocketJSONStream(socket)));

const doc = backend.connect().get('tasks', 'bench');
doc.create(process.argv[3] ?? '', 'text-unicode', (error) => {
  if (error) throw error;
  server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
    console.log(`listening ${server.address().port}`);
  });
});
