package io.tandem.ot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A {@code text-unicode} operation: components that walk the text from its start, skipping, inserting and
 * deleting code points; the rest of the text after the last component is kept. It is always valid in the sense
 * of the reference's {@code checkOp}: no empty component, no two skips in a row, no skip at the end.
 *
 * <p>It keeps its components as given, so it may hold two inserts or two deletes in a row, as the reference
 * allows; {@link #isNormalized()} tells, and {@link TextUnicode#normalize(TextOp)} merges them. The reference
 * transforms such an operation differently from its normalized form and does not converge with it (ShareDB's
 * client normalizes every operation before it sends it), so a server is wise to normalize what it receives.
 */
public record TextOp(List<Component> components) {

    private static final TextOp NOOP = new TextOp(List.of());

    public TextOp {
        components = List.copyOf(components);
        for (int i = 0; i < components.size(); i++) {
            if (components.get(i) instanceof Component.Skip) {
                if (i + 1 == components.size()) {
                    throw new InvalidOpException("component " + i + ": an operation must not end with a skip");
                }
                if (components.get(i + 1) instanceof Component.Skip) {
                    throw new InvalidOpException("component " + (i + 1) + ": adjacent skips must be combined");
                }
            }
        }
    }

    /** The operation that changes nothing: {@code []}. */
    public static TextOp noop() {
        return NOOP;
    }

    public static TextOp of(Component... components) {
        return new TextOp(List.of(components));
    }

    /** Inserts {@code text} at code point {@code position}. */
    public static TextOp insert(int position, String text) {
        OpBuilder op = new OpBuilder();
        op.skip(checkPosition(position));
        op.insert(Objects.requireNonNull(text, "text"));
        return op.build();
    }

    /** Deletes {@code count} code points at code point {@code position}. */
    public static TextOp delete(int position, int count) {
        if (count < 0) {
            throw new InvalidOpException("a delete must not be negative, not " + count);
        }
        OpBuilder op = new OpBuilder();
        op.skip(checkPosition(position));
        op.delete(count, null);
        return op.build();
    }

    /** Deletes {@code text}, which the text holds at code point {@code position}. */
    public static TextOp delete(int position, String text) {
        OpBuilder op = new OpBuilder();
        op.skip(checkPosition(position));
        if (!Objects.requireNonNull(text, "text").isEmpty()) {
            op.append(Component.Delete.of(text));
        }
        return op.build();
    }

    /**
     * Reads an operation from its JSON tree (a {@code List} of whole {@code Number}s, {@code String}s and
     * {@code Map}s with the one key {@code "d"}), as any JSON library decodes it. It accepts what the reference's
     * {@code checkOp} accepts, except things no client means: fractions, booleans, nulls, extra keys, lone
     * surrogates and numbers above {@link Integer#MAX_VALUE}.
     *
     * @throws InvalidOpException naming the first component that is wrong
     */
    public static TextOp fromTree(Object tree) {
        return OpTrees.parse(tree);
    }

    /** The JSON tree of this operation, the form {@link #fromTree} reads. Unmodifiable. */
    public List<Object> toTree() {
        List<Object> tree = new ArrayList<>(components.size());
        for (Component component : components) {
            tree.add(component.toTree());
        }
        return Collections.unmodifiableList(tree);
    }

    public boolean isNoop() {
        return components.isEmpty();
    }

    /** Whether no two components in a row are of the same kind, the form every result of this type has. */
    public boolean isNormalized() {
        for (int i = 1; i < components.size(); i++) {
            if (components.get(i).getClass() == components.get(i - 1).getClass()) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many code points a text must have at least for this operation to fit it. A server checks it against the
     * revision an operation was made on before transforming it, since a transformed operation may fit by chance.
     */
    public long inputLength() {
        long length = 0;
        for (Component component : components) {
            if (!(component instanceof Component.Insert)) {
                length += component.length();
            }
        }
        return length;
    }

    @Override
    public String toString() {
        return OpTrees.toJson(toTree());
    }

    private static int checkPosition(int position) {
        if (position < 0) {
            throw new InvalidOpException("a position must not be negative, not " + position);
        }
        return position;
    }
}
