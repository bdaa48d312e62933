package io.tandem.ot;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the components of a result, the way every result of this type is made: empty parts are dropped,
 * a part of the same kind as the last one merges into it, and a skip at the end is left off.
 */
final class OpBuilder {

    private final List<Component> components = new ArrayList<>();

    void skip(int count) {
        if (count > 0) {
            append(new Component.Skip(count));
        }
    }

    void insert(String text) {
        if (!text.isEmpty()) {
            append(new Component.Insert(text));
        }
    }

    /** Deletes {@code count} code points, {@code text} being those code points or null. */
    void delete(int count, String text) {
        if (count > 0) {
            append(new Component.Delete(count, text));
        }
    }

    void append(Component component) {
        int last = components.size() - 1;
        if (last < 0 || components.get(last).getClass() != component.getClass()) {
            components.add(component);
            return;
        }
        components.set(last, merge(components.get(last), component));
    }

    TextOp build() {
        int last = components.size() - 1;
        if (last >= 0 && components.get(last) instanceof Component.Skip) {
            components.remove(last);
        }
        return new TextOp(components);
    }

    private static Component merge(Component first, Component second) {
        if (first instanceof Component.Skip a && second instanceof Component.Skip b) {
            return new Component.Skip(sum(a.count(), b.count()));
        }
        if (first instanceof Component.Insert a && second instanceof Component.Insert b) {
            return new Component.Insert(a.text() + b.text());
        }
        Component.Delete a = (Component.Delete) first;
        Component.Delete b = (Component.Delete) second;
        int count = sum(a.count(), b.count());
        // The deleted text survives only when both parts carry theirs, as in the reference.
        return new Component.Delete(count, a.text() != null && b.text() != null ? a.text() + b.text() : null);
    }

    private static int sum(int a, int b) {
        long sum = (long) a + b;
        if (sum > Integer.MAX_VALUE) {
            throw new InvalidOpException("the operation runs past " + Integer.MAX_VALUE + " code points");
        }
        return (int) sum;
    }
}
