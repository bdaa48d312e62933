package io.tandem.ot;

import java.util.List;

/**
 * Reads an operation's components front to back in pieces of a chosen length, as compose and transform consume
 * one operation while walking the other. Past its end an operation skips forever.
 */
final class OpReader {

    /** Which kind of component is never cut in two: inserts when transforming, deletes when composing. */
    enum Whole {
        INSERTS,
        DELETES
    }

    private final List<Component> components;
    private int index;
    /** Code points of the current component already taken. */
    private int offset;

    OpReader(TextOp op) {
        this.components = op.components();
    }

    /** The component the next piece comes from, or null at the end. */
    Component peek() {
        return index < components.size() ? components.get(index) : null;
    }

    /**
     * The next piece, at most {@code length} code points long unless it is of the kind {@code whole} keeps whole;
     * past the end, a skip of {@code length}.
     */
    Component take(int length, Whole whole) {
        if (index == components.size()) {
            return new Component.Skip(length);
        }
        Component component = components.get(index);
        int rest = component.length() - offset;
        boolean keepWhole = (whole == Whole.INSERTS && component instanceof Component.Insert)
                || (whole == Whole.DELETES && component instanceof Component.Delete);
        if (keepWhole || rest <= length) {
            return takeRest();
        }
        Component piece = piece(component, offset, offset + length);
        offset += length;
        return piece;
    }

    /** The rest of the current component, or null at the end. */
    Component takeRest() {
        if (index == components.size()) {
            return null;
        }
        Component component = components.get(index);
        Component piece = offset == 0 ? component : piece(component, offset, component.length());
        index++;
        offset = 0;
        return piece;
    }

    private static Component piece(Component component, int from, int to) {
        if (component instanceof Component.Skip) {
            return new Component.Skip(to - from);
        }
        if (component instanceof Component.Insert insert) {
            return new Component.Insert(CodePoints.slice(insert.text(), from, to));
        }
        Component.Delete delete = (Component.Delete) component;
        return delete.text() == null
                ? Component.Delete.of(to - from)
                : Component.Delete.of(CodePoints.slice(delete.text(), from, to));
    }
}
