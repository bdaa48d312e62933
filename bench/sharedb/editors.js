// The load of bench/run DescriptionEditing against ShareDB, with ShareDB's own client (one op in flight, the rest
// composed): <editors> connections on one document, each making one random edit every 1000/<rate> ms for <seconds>
// after <warmup> seconds of the same that are not measured. Each edit is made as DescriptionEditor (the Java side)
// makes it. node editors.js <port> <editors> <rate> <seconds> <warmup>; prints one JSON line of figures.
'use strict';
const WebSocket = require('ws');
const { Connection, types } = require('sharedb/lib/client');
const { type } = require('ot-text-unicode');

const [port, editorCount, rate, seconds, warmup] = process.argv.slice(2).map(Number);
const url = `ws://127.0.0.1:${port}`;
types.register(type);
const PIECES = ['a', 'bc', '😀', 'é', ' ', 'xyz', '🎉!'];

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

/** A ws socket as ShareDB's client wants one, noting when each op is sent and when its ack or another op comes. */
function timedSocket(editor) {
  const ws = new WebSocket(url);
  const wrapper = {
    get readyState() { return ws.readyState; },
    send(data) {
      const message = JSON.parse(data);
      if (message.a === 'op' && message.seq !== undefined) editor.sentAt.set(message.seq, process.hrtime.bigint());
      ws.send(data);
    },
    close(code, reason) { ws.close(code, reason); },
    onopen: null, onmessage: null, onclose: null, onerror: null,
  };
  ws.onopen = (event) => wrapper.onopen?.(event);
  ws.onclose = (event) => wrapper.onclose?.(event);
  ws.onerror = (event) => wrapper.onerror?.(event);
  ws.onmessage = (event) => {
    const now = process.hrtime.bigint();
    const message = JSON.parse(event.data);
    if (message.a === 's' && message.data) {
      editor.expected = message.data.v;
    } else if (message.a === 'op' && message.d === 'bench') {
      // A version seen before is a repeat (an op sent again by a submit reply), which the client drops, as
      // Tandem's editor drops a revision it has; one beyond the next is out of order.
      if (message.v < editor.expected) {
        editor.repeats += 1;
        wrapper.onmessage?.(event);
        return;
      }
      if (message.v > editor.expected) editor.disorder += 1;
      editor.expected = message.v + 1;
      if (message.op === undefined && message.src === editor.connection?.id && editor.sentAt.has(message.seq)) {
        editor.acks.push(Number(now - editor.sentAt.get(message.seq)) / 1e6);
        editor.sentAt.delete(message.seq);
      }
    }
    wrapper.onmessage?.(event);
  };
  return wrapper;
}

function edit(text) {
  const length = [...text].length;
  const deletes = length > 1000 ? 2 / 3 : 1 / 3;
  if (length > 0 && random() < deletes) {
    const at = Math.floor(random() * length);
    const count = 1 + Math.floor(random() * Math.min(3, length - at));
    return type.normalize([at, { d: count }]);
  }
  return type.normalize([Math.floor(random() * (length + 1)), PIECES[Math.floor(random() * PIECES.length)]]);
}

function subscribe(editor) {
  editor.connection = new Connection(timedSocket(editor));
  editor.doc = editor.connection.get('tasks', 'bench');
  return new Promise((done, fail) => editor.doc.subscribe((error) => (error ? fail(error) : done())));
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Every editor edits every 1000/rate ms, staggered, for `secs` seconds; answers the seconds it took. */
async function phase(editors, secs) {
  const period = 1000 / rate;
  const began = Date.now();
  const until = began + secs * 1000;
  await Promise.all(editors.map((editor, i) => new Promise((done) => {
    setTimeout(() => {
      const timer = setInterval(() => {
        if (Date.now() >= until) {
          clearInterval(timer);
          done();
          return;
        }
        editor.doc.submitOp(edit(editor.doc.data));
        editor.edits += 1;
      }, period);
    }, (i * period) / editorCount);
  })));
  return (Date.now() - began) / 1000;
}

async function settle(editors) {
  const settleBy = Date.now() + 30_000;
  while (Date.now() < settleBy && editors.some((e) => e.doc.hasWritePending() || e.doc.version !== editors[0].doc.version)) {
    await sleep(20);
  }
}

async function main() {
  const editors = Array.from({ length: editorCount }, () => ({ sentAt: new Map(), acks: [], disorder: 0, repeats: 0, expected: null, edits: 0 }));
  for (const editor of editors) await subscribe(editor);
  await phase(editors, warmup);
  await settle(editors);
  for (const editor of editors) {
    editor.acks.length = 0;
    editor.edits = 0;
  }
  const startVersion = editors[0].doc.version;
  const typed = await phase(editors, seconds);
  const began = Date.now();
  await settle(editors);
  const settled = (Date.now() - began) / 1000;
  const reader = { sentAt: new Map(), acks: [], disorder: 0, repeats: 0, expected: null };
  await subscribe(reader);
  const serverText = reader.doc.data;
  const endVersion = reader.doc.version;
  const acks = editors.flatMap((e) => e.acks).sort((a, b) => a - b);
  const pct = (p) => acks[Math.max(0, Math.min(acks.length - 1, Math.ceil((p / 100) * acks.length) - 1))];
  console.log(JSON.stringify({
    edits: editors.reduce((n, e) => n + e.edits, 0),
    typedSeconds: typed,
    settledSeconds: settled,
    applied: endVersion - startVersion,
    appliedPerSecond: (endVersion - startVersion) / typed,
    acks: acks.length,
    ackP50: pct(50),
    ackP99: pct(99),
    ackMax: acks[acks.length - 1],
    outOfOrder: editors.reduce((n, e) => n + e.disorder, 0),
    repeats: editors.reduce((n, e) => n + e.repeats, 0),
    textsEqual: editors.every((e) => e.doc.data === serverText),
    codePoints: [...serverText].length,
  }));
  for (const editor of [...editors, reader]) editor.connection.close();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
