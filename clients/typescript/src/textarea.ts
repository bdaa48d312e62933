import { type as textUnicode } from 'ot-text-unicode';
import type { DescriptionDoc, RemoteCursor } from './description.js';
import type { TextOp } from './types.js';

/** The part of an `HTMLTextAreaElement` the binding uses. */
export type TextAreaLike = Pick<
  HTMLTextAreaElement,
  'value' | 'selectionStart' | 'selectionEnd' | 'selectionDirection' | 'setSelectionRange' | 'addEventListener' | 'removeEventListener'
>;

/** A remote cursor with its range also in UTF-16 indexes of `textarea.value`, for drawing. */
export interface DrawableCursor extends RemoteCursor {
  /** `[start, end]` as `String.prototype.slice` counts, start ≤ end. */
  range: [number, number];
}

export interface TextareaBinding {
  /** Other editors' selections. */
  cursors(): DrawableCursor[];
  onCursors(listener: (cursors: DrawableCursor[]) => void): () => void;
  destroy(): void;
}

/** The number of code points in `text`. */
export function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
      }
    }
    count++;
  }
  return count;
}

/** A UTF-16 index of `text` as a code point offset. */
export function toCodePoint(text: string, utf16Index: number): number {
  return codePoints(text.slice(0, utf16Index));
}

/** A code point offset of `text` as a UTF-16 index. */
export function toUtf16(text: string, codePoint: number): number {
  let index = 0;
  for (let seen = 0; seen < codePoint && index < text.length; seen++) {
    const unit = text.charCodeAt(index);
    index += unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length ? 2 : 1;
  }
  return index;
}

/**
 * The smallest single edit from `before` to `after`, in code points: the common start is skipped, what differs
 * between the common start and end is deleted and inserted. `caret` (a code point offset of `after`, where the
 * cursor is after the edit) settles which of several equal edits it was, as when a letter is doubled.
 */
export function diff(before: string, after: string, caret?: number): TextOp {
  if (before === after) {
    return [];
  }
  const a = Array.from(before);
  const b = Array.from(after);
  let prefix = 0;
  const maxPrefix = Math.min(a.length, b.length);
  while (prefix < maxPrefix && a[prefix] === b[prefix]) {
    prefix++;
  }
  if (caret !== undefined) {
    // An edit ends at the caret: the common start cannot reach past the caret less the inserted length.
    const inserted = Math.max(0, b.length - a.length);
    prefix = Math.min(prefix, Math.max(0, caret - inserted));
  }
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix
    && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) {
    suffix++;
  }
  const deleted = a.length - prefix - suffix;
  const inserted = b.slice(prefix, b.length - suffix).join('');
  const op: TextOp = [];
  if (prefix > 0) {
    op.push(prefix);
  }
  if (deleted > 0) {
    op.push({ d: deleted });
  }
  if (inserted.length > 0) {
    op.push(inserted);
  }
  return op;
}

/**
 * Binds a `<textarea>` to a description: what the user types becomes operations (by diffing the old and new value
 * in code points), operations from others are applied to the value with the caret and selection transformed so
 * they stay on the same text, and the user's selection is shared as a cursor.
 */
export function bindTextarea(textarea: TextAreaLike, doc: DescriptionDoc): TextareaBinding {
  let shown = doc.text;
  textarea.value = shown;
  const cursorListeners = new Set<(cursors: DrawableCursor[]) => void>();

  const drawable = (): DrawableCursor[] =>
    doc.remoteCursors().map((cursor) => {
      const start = toUtf16(shown, Math.min(cursor.selection[0], cursor.selection[1]));
      const end = toUtf16(shown, Math.max(cursor.selection[0], cursor.selection[1]));
      return { ...cursor, range: [start, end] };
    });

  const selection = (): [number, number] => {
    const start = toCodePoint(shown, textarea.selectionStart ?? 0);
    const end = toCodePoint(shown, textarea.selectionEnd ?? 0);
    return textarea.selectionDirection === 'backward' ? [end, start] : [start, end];
  };

  const onInput = () => {
    const value = textarea.value;
    if (value === shown) {
      return;
    }
    const caret = toCodePoint(value, textarea.selectionEnd ?? value.length);
    const op = diff(shown, value, caret);
    shown = value;
    doc.submit(op);
    doc.setSelection(selection());
  };

  const onSelect = () => {
    if (textarea.value === shown) {
      doc.setSelection(selection());
    }
  };

  const stopChange = doc.onChange((change) => {
    if (change.source === 'local') {
      // The textarea already shows it (typed there), unless the app edited the document directly.
      if (doc.text !== textarea.value) {
        const [anchor, head] = selection();
        shown = doc.text;
        textarea.value = shown;
        place(textUnicode.transformSelection([anchor, head], change.op) as [number, number]);
      }
      shown = doc.text;
      return;
    }
    const [anchor, head] = selection();
    const moved: [number, number] = change.source === 'reset'
      ? [Math.min(anchor, codePoints(doc.text)), Math.min(head, codePoints(doc.text))]
      : (textUnicode.transformSelection([anchor, head], change.op) as [number, number]);
    shown = doc.text;
    textarea.value = shown;
    place(moved);
  });

  const place = ([anchor, head]: [number, number]) => {
    const a = toUtf16(shown, anchor);
    const h = toUtf16(shown, head);
    textarea.setSelectionRange(Math.min(a, h), Math.max(a, h), a > h ? 'backward' : 'forward');
  };

  const stopCursors = doc.onRemoteCursors(() => {
    const cursors = drawable();
    cursorListeners.forEach((listener) => listener(cursors));
  });

  textarea.addEventListener('input', onInput);
  textarea.addEventListener('select', onSelect);
  textarea.addEventListener('keyup', onSelect);
  textarea.addEventListener('mouseup', onSelect);
  textarea.addEventListener('focus', onSelect);

  return {
    cursors: drawable,
    onCursors(listener) {
      cursorListeners.add(listener);
      return () => cursorListeners.delete(listener);
    },
    destroy() {
      textarea.removeEventListener('input', onInput);
      textarea.removeEventListener('select', onSelect);
      textarea.removeEventListener('keyup', onSelect);
      textarea.removeEventListener('mouseup', onSelect);
      textarea.removeEventListener('focus', onSelect);
      stopChange();
      stopCursors();
      cursorListeners.clear();
    },
  };
}
