package io.tandem.ot;

import java.util.Objects;

/**
 * The {@code text-unicode} type's functions, with the results of the npm package {@code ot-text-unicode} 4.x
 * that ShareDB uses. Every offset and length counts Unicode code points.
 *
 * <p>Where the reference is lenient about an operation that does not fit its text, {@link #apply} is strict: a
 * delete must not run past the end of the text, and a delete that carries its text must match the text there.
 */
public final class TextUnicode {

    public static final String NAME = "text-unicode";
    public static final String URI = "http://sharejs.org/types/text-unicode";

    private TextUnicode() {
    }

    /**
     * The text after {@code op}.
     *
     * @throws InvalidOpException when {@code op} skips or deletes past the end of {@code text}, or deletes text
     *     other than what it says
     */
    public static String apply(String text, TextOp op) {
        Objects.requireNonNull(text, "text");
        StringBuilder result = new StringBuilder(text.length());
        int at = 0;
        int position = 0;
        for (Component component : op.components()) {
            if (component instanceof Component.Insert insert) {
                result.append(insert.text());
                continue;
            }
            int end = CodePoints.advance(text, at, component.length());
            if (end < 0) {
                throw new InvalidOpException("the operation " + (component instanceof Component.Skip
                        ? "skips" : "deletes") + " past the end of the text: it needs at least "
                        + ((long) position + component.length()) + " code points, the text has "
                        + CodePoints.count(text));
            }
            if (component instanceof Component.Skip) {
                result.append(text, at, end);
            } else {
                String deleted = ((Component.Delete) component).text();
                if (deleted != null && !text.substring(at, end).equals(deleted)) {
                    throw new InvalidOpException("the operation deletes text that is not there at code point "
                            + position);
                }
            }
            at = end;
            position += component.length();
        }
        return result.append(text, at, text.length()).toString();
    }

    /** {@code op} with adjacent components of the same kind merged, as the reference's {@code normalize}. */
    public static TextOp normalize(TextOp op) {
        OpBuilder result = new OpBuilder();
        op.components().forEach(result::append);
        return result.build();
    }

    /**
     * The reference's {@code normalize} on a JSON tree: like {@link TextOp#fromTree}, but it also takes zero
     * skips, empty inserts and deletes, adjacent skips and a skip at the end, and drops or merges them.
     *
     * @throws InvalidOpException for anything {@link TextOp#fromTree} rejects for other reasons
     */
    public static TextOp normalize(Object tree) {
        return OpTrees.normalize(tree);
    }

    /** The one operation that does what {@code first} and then {@code second} do. */
    public static TextOp compose(TextOp first, TextOp second) {
        OpBuilder result = new OpBuilder();
        OpReader reader = new OpReader(first);
        for (Component component : second.components()) {
            if (component instanceof Component.Skip skip) {
                // Keep what the first operation left, with its deletes, which the second never saw.
                int length = skip.count();
                while (length > 0) {
                    Component piece = reader.take(length, OpReader.Whole.DELETES);
                    result.append(piece);
                    if (!(piece instanceof Component.Delete)) {
                        length -= piece.length();
                    }
                }
            } else if (component instanceof Component.Insert) {
                result.append(component);
            } else {
                Component.Delete delete = (Component.Delete) component;
                int length = delete.count();
                int done = 0;
                while (done < length) {
                    Component piece = reader.take(length - done, OpReader.Whole.DELETES);
                    if (piece instanceof Component.Skip kept) {
                        result.append(slice(delete, done, done + kept.count()));
                        done += kept.count();
                    } else if (piece instanceof Component.Insert inserted) {
                        // Deleting what the first operation inserted leaves no trace.
                        done += inserted.length();
                    } else {
                        result.append(piece);
                    }
                }
            }
        }
        appendRest(reader, result);
        return result.build();
    }

    /**
     * {@code op} changed to apply after {@code other}, where both were made on the same text. When both insert
     * at the same place, the insert of the operation transformed with {@link Side#LEFT} comes first.
     */
    public static TextOp transform(TextOp op, TextOp other, Side side) {
        Objects.requireNonNull(side, "side");
        OpBuilder result = new OpBuilder();
        OpReader reader = new OpReader(op);
        for (Component component : other.components()) {
            if (component instanceof Component.Skip skip) {
                int length = skip.count();
                while (length > 0) {
                    Component piece = reader.take(length, OpReader.Whole.INSERTS);
                    result.append(piece);
                    if (!(piece instanceof Component.Insert)) {
                        length -= piece.length();
                    }
                }
            } else if (component instanceof Component.Insert inserted) {
                if (side == Side.LEFT && reader.peek() instanceof Component.Insert) {
                    result.append(reader.takeRest());
                }
                result.skip(inserted.length());
            } else {
                int length = component.length();
                while (length > 0) {
                    Component piece = reader.take(length, OpReader.Whole.INSERTS);
                    if (piece instanceof Component.Insert) {
                        result.append(piece);
                    } else {
                        // A skipped code point is gone now, and one deleted by both is deleted once.
                        length -= piece.length();
                    }
                }
            }
        }
        appendRest(reader, result);
        return result.build();
    }

    /**
     * Where a cursor at {@code cursor} is after {@code op}: it moves with inserts before it, stays before an insert
     * at its own place, and falls back to the start of a delete that covers it. Like the reference, it checks no
     * bounds: a cursor before 0 stays, one past the end is moved as if the text went on.
     */
    public static int transformPosition(int cursor, TextOp op) {
        int result = cursor;
        int position = 0;
        for (Component component : op.components()) {
            if (result <= position) {
                break;
            }
            if (component instanceof Component.Skip) {
                position += component.length();
            } else if (component instanceof Component.Insert) {
                position += component.length();
                result += component.length();
            } else {
                result -= Math.min(component.length(), result - position);
            }
        }
        return result;
    }

    /** Both ends of {@code selection} moved by {@link #transformPosition}, as the reference's transformSelection. */
    public static Selection transformSelection(Selection selection, TextOp op) {
        return new Selection(transformPosition(selection.anchor(), op), transformPosition(selection.head(), op));
    }

    /**
     * The smallest edit from {@code oldText} to {@code newText}: keep their common start and common end, delete
     * what is between in the old text and insert what is between in the new, as
     * {@code [start, {"d": count}, "inserted"]} with the empty parts left out.
     */
    public static TextOp diff(String oldText, String newText) {
        int[] before = oldText.codePoints().toArray();
        int[] after = newText.codePoints().toArray();
        int shorter = Math.min(before.length, after.length);
        int start = 0;
        while (start < shorter && before[start] == after[start]) {
            start++;
        }
        int end = 0;
        while (end < shorter - start && before[before.length - 1 - end] == after[after.length - 1 - end]) {
            end++;
        }
        OpBuilder op = new OpBuilder();
        op.skip(start);
        op.delete(before.length - start - end, null);
        op.insert(new String(after, start, after.length - start - end));
        return op.build();
    }

    private static Component.Delete slice(Component.Delete delete, int from, int to) {
        return delete.text() == null
                ? Component.Delete.of(to - from)
                : Component.Delete.of(CodePoints.slice(delete.text(), from, to));
    }

    private static void appendRest(OpReader reader, OpBuilder result) {
        for (Component piece = reader.takeRest(); piece != null; piece = reader.takeRest()) {
            result.append(piece);
        }
    }
}
