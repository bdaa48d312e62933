import { describe, expect, it } from 'vitest';
import { DescriptionDoc } from '../src/description.js';
import { bindTextarea, codePoints, diff, toCodePoint, toUtf16, type TextAreaLike } from '../src/textarea.js';
import { Clock, OtServer, SimTransport } from './support/ot-sim.js';

const TASK = 'b5f4a0e1-0c1d-4f7e-8d2a-3b9c6e1f2a47';

/** What a browser's textarea does to its value and selection when someone types. */
class FakeTextarea {
  value = '';
  selectionStart = 0;
  selectionEnd = 0;
  selectionDirection: 'forward' | 'backward' | 'none' = 'none';
  private readonly listeners = new Map<string, Set<() => void>>();

  setSelectionRange(start: number, end: number, direction: 'forward' | 'backward' | 'none' = 'none'): void {
    this.selectionStart = start;
    this.selectionEnd = end;
    this.selectionDirection = direction;
  }

  addEventListener(type: string, listener: () => void): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: string, listener: () => void): void {
    this.listeners.get(type)?.delete(listener);
  }

  fire(type: string): void {
    this.listeners.get(type)?.forEach((listener) => listener());
  }

  /** Replaces the selection with `text` and puts the caret after it. */
  type(text: string): void {
    this.value = this.value.slice(0, this.selectionStart) + text + this.value.slice(this.selectionEnd);
    const caret = this.selectionStart + text.length;
    this.setSelectionRange(caret, caret);
    this.fire('input');
  }

  /** Deletes the selection, or the code point before the caret. */
  backspace(): void {
    let start = this.selectionStart;
    if (start === this.selectionEnd && start > 0) {
      const low = this.value.charCodeAt(start - 1);
      start -= low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
    }
    this.value = this.value.slice(0, start) + this.value.slice(this.selectionEnd);
    this.setSelectionRange(start, start);
    this.fire('input');
  }

  select(start: number, end: number): void {
    this.setSelectionRange(start, end);
    this.fire('select');
  }
}

function setup(initial: string) {
  const clock = new Clock();
  const server = new OtServer(TASK, initial);
  const mine = new SimTransport(clock, server, 'me', () => 0.5, 10);
  const theirs = new SimTransport(clock, server, 'them', () => 0.5, 10);
  mine.connect();
  theirs.connect();
  const doc = new DescriptionDoc({ taskId: TASK, transport: mine, snapshot: { text: initial, revision: 0 } });
  const other = new DescriptionDoc({ taskId: TASK, transport: theirs, snapshot: { text: initial, revision: 0 } });
  const textarea = new FakeTextarea();
  const binding = bindTextarea(textarea as unknown as TextAreaLike, doc);
  clock.runAll();
  return { clock, server, doc, other, textarea, binding };
}

describe('code points', () => {
  it('counts and converts offsets by code point, not UTF-16 unit', () => {
    expect(codePoints('a😀b')).toBe(3);
    expect(toCodePoint('a😀b', 3)).toBe(2);
    expect(toUtf16('a😀b', 2)).toBe(3);
  });

  it('diffs two values into the smallest edit, using the caret to place it', () => {
    expect(diff('abc', 'a😀bc')).toEqual([1, '😀']);
    expect(diff('a😀c', 'ac')).toEqual([1, { d: 1 }]);
    expect(diff('hello', 'hXo', 2)).toEqual([1, { d: 3 }, 'X']);
    expect(diff('aa', 'aaa', 1)).toEqual(['a']);
    expect(diff('aa', 'aaa', 3)).toEqual([2, 'a']);
    expect(diff('same', 'same')).toEqual([]);
  });
});

describe('textarea binding', () => {
  it('turns typing into operations counted in code points', () => {
    const { clock, server, doc, textarea } = setup('abc');
    textarea.setSelectionRange(0, 0);
    textarea.type('😀');
    textarea.setSelectionRange(5, 5);
    textarea.type('x');
    textarea.backspace();
    textarea.setSelectionRange(2, 2);
    textarea.backspace();
    clock.runAll();

    expect(doc.text).toBe('abc');
    expect(server.text).toBe('abc');
    expect(server.history.map((applied) => applied.op)).toEqual([['😀'], [{ d: 1 }]]);
  });

  it('keeps the caret and the selection on the same text when others edit before them', () => {
    const { clock, other, textarea } = setup('a😀bc');
    // The user selected "b", from code point 2 to 3 (UTF-16 3 to 4).
    textarea.setSelectionRange(3, 4, 'backward');
    other.insert(0, '👍🏽');
    other.delete(5, 1);
    clock.runAll();

    expect(textarea.value).toBe('👍🏽a😀b');
    expect(textarea.value.slice(textarea.selectionStart, textarea.selectionEnd)).toBe('b');
    expect(textarea.selectionDirection).toBe('backward');
    textarea.type('B');
    clock.runAll();
    expect(other.text).toBe('👍🏽a😀B');
  });

  it('shows where others are, as code points and as a UTF-16 range of the value', () => {
    const { clock, other, textarea, binding } = setup('😀😀xyz');
    const updates: number[] = [];
    binding.onCursors((cursors) => updates.push(cursors.length));
    other.setSelection([2, 4]);
    clock.runAll();

    const [cursor] = binding.cursors();
    expect(cursor).toMatchObject({ userId: 'them', clientId: other.clientId, selection: [2, 4], range: [4, 6] });
    expect(textarea.value.slice(...cursor!.range)).toBe('xy');
    expect(updates.length).toBeGreaterThan(0);
    textarea.setSelectionRange(0, 0);
    textarea.type('🎉');
    expect(textarea.value.slice(...binding.cursors()[0]!.range)).toBe('xy');
  });
});
