import { describe, expect, it, vi } from 'vitest';
import { type as textUnicode } from 'ot-text-unicode';
import { DescriptionDoc } from '../src/description.js';
import { Clock, OtServer, seeded, SimTransport } from './support/ot-sim.js';

const PIECES = ['a', 'b', 'é', '中', '😀', '👍🏽', '👨‍👩‍👧', ' ', 'xyz', '\n'];
const TASK = 'a9b7c2a0-5d7e-4c1b-9e57-0d6a0e3b7f10';

function openDoc(server: OtServer, transport: SimTransport): DescriptionDoc {
  return new DescriptionDoc({ taskId: TASK, transport, snapshot: { text: server.text, revision: server.revision } });
}

describe('collaborative description (OT client)', () => {
  it('converges with the server for random concurrent edits, delays and dropped connections', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seeded(seed);
      const clock = new Clock();
      const server = new OtServer(TASK, 'start 🙂 text');
      const clients = [0, 1, 2, 3].map((i) => {
        const transport = new SimTransport(clock, server, `user-${i}`, random);
        transport.connect();
        return { transport, doc: openDoc(server, transport) };
      });
      const clientIds = new Set(clients.map((c) => c.doc.clientId));

      for (let step = 0; step < 60; step++) {
        for (const client of clients) {
          clock.at(step * 10 + random() * 10, () => {
            const { doc, transport } = client;
            const length = [...doc.text].length;
            const roll = random();
            if (roll < 0.05 && transport.connected) {
              transport.drop();
              clock.after(5 + random() * 40, () => transport.connect());
            } else if (roll < 0.6 || length === 0) {
              const piece = PIECES[Math.floor(random() * PIECES.length)]!;
              doc.insert(Math.floor(random() * (length + 1)), piece);
            } else if (roll < 0.9) {
              const at = Math.floor(random() * length);
              doc.delete(at, Math.min(length - at, 1 + Math.floor(random() * 3)));
            } else {
              const at = Math.floor(random() * (length + 1));
              doc.setSelection([at, Math.min(length, at + 2)]);
            }
          });
        }
      }
      clock.runAll();
      // Everyone comes back online and the network settles.
      for (const client of clients) {
        if (!client.transport.connected) {
          client.transport.connect();
        }
      }
      clock.runAll();

      for (const { doc } of clients) {
        expect(doc.text, `seed ${seed}`).toBe(server.text);
        expect(doc.revision, `seed ${seed}`).toBe(server.revision);
        expect(doc.hasPending, `seed ${seed}`).toBe(false);
      }
      // Each operation applied once, under one clientId per client, numbered 1, 2, 3… without gaps.
      const seqs = new Map<string, number[]>();
      for (const applied of server.history) {
        expect(clientIds.has(applied.clientId)).toBe(true);
        seqs.set(applied.clientId, [...(seqs.get(applied.clientId) ?? []), applied.seq]);
      }
      for (const list of seqs.values()) {
        expect(list).toEqual(list.map((_, i) => i + 1));
      }
      const replayed = server.history.reduce((text, applied) => textUnicode.apply(text, applied.op), 'start 🙂 text');
      expect(replayed).toBe(server.text);
    }
  });

  it('resends the operation in flight with the same clientId and seq after a reconnect; the server applies it once', () => {
    const random = seeded(7);
    const clock = new Clock();
    const server = new OtServer(TASK, 'hello');
    const transport = new SimTransport(clock, server, 'me', random, 10);
    transport.connect();
    const doc = openDoc(server, transport);
    const other = new SimTransport(clock, server, 'other', random, 10);
    other.connect();
    const otherDoc = openDoc(server, other);

    doc.insert(5, ' world');
    // The server gets the operation, but the connection drops before the ack comes back.
    clock.after(10.5, () => transport.drop());
    clock.runAll();
    expect(server.text).toBe('hello world');
    expect(doc.hasPending).toBe(true);
    otherDoc.insert(0, '¡');
    clock.runAll();

    transport.connect();
    clock.runAll();

    expect(server.history.map((applied) => [applied.clientId, applied.seq])).toEqual([[doc.clientId, 1], [otherDoc.clientId, 1]]);
    expect(doc.text).toBe('¡hello world');
    expect(otherDoc.text).toBe('¡hello world');
    expect(doc.hasPending).toBe(false);
    expect(transport.sentOps).toBe(2);
  });

  it('buffers what is typed while an operation is in flight and sends it as one operation after the ack', () => {
    const clock = new Clock();
    const server = new OtServer(TASK, '');
    const transport = new SimTransport(clock, server, 'me', () => 0.5, 10);
    transport.connect();
    const doc = openDoc(server, transport);

    doc.insert(0, 'a');
    doc.insert(1, 'b');
    doc.insert(2, 'c');
    doc.delete(0, 1);
    expect(transport.sentOps).toBe(1);
    clock.runAll();

    expect(transport.sentOps).toBe(2);
    expect(server.history.map((applied) => applied.op)).toEqual([['a'], [{ d: 1 }, 'bc']]);
    expect(doc.text).toBe('bc');
  });

  it('sends again what the server dropped for being over its frame budget, and converges', () => {
    vi.useFakeTimers();
    try {
      const random = seeded(3);
      const clock = new Clock();
      const server = new OtServer(TASK, 'start');
      server.framesPerSecond = 3;
      const clients = [0, 1].map((i) => {
        const transport = new SimTransport(clock, server, `user-${i}`, random, 5);
        transport.connect();
        return openDoc(server, transport);
      });
      // Fast typing on a fast network: far more than three frames a second each (ops, and cursors when settled).
      for (let step = 0; step < 100; step++) {
        for (const doc of clients) {
          clock.at(step * 4 + random() * 4, () => {
            doc.insert(Math.floor(random() * ([...doc.text].length + 1)), PIECES[step % PIECES.length]!);
            doc.setSelection([0, 0]);
          });
        }
      }
      for (let second = 0; second < 600 && (clock.now === 0 || clients.some((doc) => doc.hasPending)); second++) {
        clock.runAll();
        clock.now += 1000;
        vi.advanceTimersByTime(1000);
      }
      clock.runAll();

      expect(server.rateLimited, 'frames were dropped').toBeGreaterThan(0);
      for (const doc of clients) {
        expect(doc.hasPending).toBe(false);
        expect(doc.text).toBe(server.text);
        expect(doc.revision).toBe(server.revision);
      }
      // Every insert arrived, none twice: the start's 5 code points and both clients' 100 pieces.
      const typed = [...Array(100).keys()].reduce((n, step) => n + [...PIECES[step % PIECES.length]!].length, 0);
      expect([...server.text].length).toBe(5 + 2 * typed);
    } finally {
      vi.useRealTimers();
    }
  });

  it('still sends what was typed before it was closed, also after a reconnect, then lets go of the socket', () => {
    const random = seeded(5);
    const clock = new Clock();
    const server = new OtServer(TASK, 'notes');
    const transport = new SimTransport(clock, server, 'me', random, 10);
    transport.connect();
    const doc = openDoc(server, transport);
    const changes: string[] = [];
    doc.onChange((change) => changes.push(change.source));

    doc.insert(5, ': one');
    doc.insert(10, ', two');
    doc.close();
    // The in-flight operation reaches the server, but the socket drops before its ack.
    clock.after(10.5, () => transport.drop());
    clock.runAll();
    expect(server.text).toBe('notes: one');
    transport.connect();
    clock.runAll();

    expect(server.text).toBe('notes: one, two');
    expect(server.history.map((applied) => applied.seq)).toEqual([1, 2]);
    expect(doc.hasPending).toBe(false);
    expect(changes).toEqual(['local', 'local']);
    // Closed for good now: later frames are not its business.
    const sent = transport.sentOps;
    transport.drop();
    transport.connect();
    clock.runAll();
    expect(transport.sentOps).toBe(sent);
  });

  it('shows other editors\' cursors, moved by later edits', () => {
    const clock = new Clock();
    const server = new OtServer(TASK, '😀😀😀');
    const mine = new SimTransport(clock, server, 'me', () => 0.5, 10);
    const theirs = new SimTransport(clock, server, 'them', () => 0.5, 10);
    mine.connect();
    theirs.connect();
    const doc = openDoc(server, mine);
    const otherDoc = openDoc(server, theirs);
    clock.runAll();

    otherDoc.setSelection([2, 3]);
    clock.runAll();
    expect(doc.remoteCursors()).toEqual([{ clientId: otherDoc.clientId, userId: 'them', selection: [2, 3] }]);
    doc.insert(0, 'ab');

    expect(doc.remoteCursors()[0]!.selection).toEqual([4, 5]);
  });

  it('reads the description again when the server refuses an operation, and goes on editing from there', async () => {
    const clock = new Clock();
    const server = new OtServer(TASK, '0123456789');
    server.maxLength = 12;
    const transport = new SimTransport(clock, server, 'me', () => 0.5, 10);
    transport.connect();
    const errors: string[] = [];
    const doc = new DescriptionDoc({
      taskId: TASK,
      transport,
      snapshot: { text: server.text, revision: server.revision },
      fetchSnapshot: async () => ({ text: server.text, revision: server.revision }),
    });
    doc.onError((error) => errors.push(error.message));

    doc.insert(10, 'far too long');
    clock.runAll();
    await new Promise((resolve) => setImmediate(resolve));

    expect(errors).toEqual(['too long']);
    expect(doc.text).toBe('0123456789');
    expect(doc.hasPending).toBe(false);
    doc.insert(0, '😀');
    clock.runAll();
    expect(server.text).toBe('😀0123456789');
    expect(server.history.map((applied) => applied.seq)).toEqual([2]);
  });
});
