package io.tandem.ot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random texts and operations that fit them, made the way the reference's own fuzzer makes them (a walk of
 * short skips with inserts and deletes, biased to deletes in long texts), with longer skips, edits at the very
 * end and pieces of text that are more than one UTF-16 unit or more than one code point per visible character.
 */
final class RandomEdits {

    private static final String[] PIECES = {
        "a", "b", "c", "x", "y", "z", "hello", "world", " ", " ", "\n", "\t", "\"", "\\",
        "é", "e\u0301", "n\u0303", "a\u0308\u0323", "\u0301",
        "😅", "🤖", "👻", "🤟", "💃", "𝄞", "𠀋", "👩\u200D💻", "🇩🇪", "👍🏽", "\uD83D\uDE00",
        "漢", "字", "ש", "ל", "€", "\u200B", "\uFEFF", "\u00A0"
    };

    private final Random random;

    RandomEdits(Random random) {
        this.random = random;
    }

    Random random() {
        return random;
    }

    String text() {
        int pieces = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(random.nextInt(4) == 0 ? 60 : 20);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            text.append(piece());
        }
        return text.toString();
    }

    String word() {
        StringBuilder word = new StringBuilder();
        int pieces = 1 + random.nextInt(3);
        for (int i = 0; i < pieces; i++) {
            word.append(piece());
        }
        return word.toString();
    }

    /** A normalized operation that fits {@code text}. */
    TextOp op(String text) {
        int[] codePoints = text.codePoints().toArray();
        int length = codePoints.length;
        int at = 0;
        OpBuilder op = new OpBuilder();
        while (at < length) {
            int skip = random.nextInt(4) == 0
                    ? random.nextInt(length - at + 1)
                    : random.nextInt(Math.min(length - at, 5) + 1);
            op.skip(skip);
            at += skip;
            if (random.nextInt(length > 30 ? 3 : 2) == 0) {
                op.insert(word());
            } else {
                int rest = length - at;
                int count = random.nextInt(5) == 0 ? rest : random.nextInt(Math.min(rest, 10) + 1);
                op.delete(count, random.nextBoolean() ? new String(codePoints, at, count) : null);
                at += count;
            }
            if (random.nextInt(7) == 0) {
                break;
            }
        }
        if (random.nextInt(at == length ? 2 : 6) == 0) {
            op.skip(length - at);
            op.insert(word());
        }
        return op.build();
    }

    /** {@code op} with some inserts and deletes cut in two adjacent parts, which the reference allows too. */
    TextOp unnormalized(TextOp op) {
        List<Component> components = new ArrayList<>();
        for (Component component : op.components()) {
            int length = component.length();
            if (component instanceof Component.Skip || length < 2 || random.nextInt(3) != 0) {
                components.add(component);
                continue;
            }
            int cut = 1 + random.nextInt(length - 1);
            if (component instanceof Component.Insert insert) {
                components.add(new Component.Insert(CodePoints.slice(insert.text(), 0, cut)));
                components.add(new Component.Insert(CodePoints.slice(insert.text(), cut)));
            } else {
                String text = ((Component.Delete) component).text();
                components.add(text != null && random.nextBoolean()
                        ? Component.Delete.of(CodePoints.slice(text, 0, cut)) : Component.Delete.of(cut));
                components.add(text != null && random.nextBoolean()
                        ? Component.Delete.of(CodePoints.slice(text, cut)) : Component.Delete.of(length - cut));
            }
        }
        return new TextOp(components);
    }

    /** Sometimes {@link #unnormalized}, mostly {@code op} itself. */
    TextOp maybeUnnormalized(TextOp op) {
        return random.nextInt(5) == 0 ? unnormalized(op) : op;
    }

    /** A cursor in {@code text}, now and then just past its end. */
    int cursor(String text) {
        int length = CodePoints.count(text);
        return random.nextInt(20) == 0 ? length + 1 + random.nextInt(3) : random.nextInt(length + 1);
    }

    /**
     * An operation tree with what only {@code normalize} takes: zero skips, empty inserts and deletes, adjacent
     * skips and skips at the end.
     */
    List<Object> looseTree() {
        List<Object> tree = new ArrayList<>();
        int components = random.nextInt(9);
        for (int i = 0; i < components; i++) {
            switch (random.nextInt(5)) {
                case 0, 1 -> tree.add(random.nextInt(5));
                case 2 -> tree.add(random.nextInt(4) == 0 ? "" : word());
                case 3 -> tree.add(Map.of("d", random.nextInt(4)));
                default -> tree.add(Map.of("d", random.nextInt(4) == 0 ? "" : word()));
            }
        }
        return tree;
    }

    /**
     * A tree that is either a valid operation or wrong in a way both the reference's {@code checkOp} and
     * {@link TextOp#fromTree} reject (not the fractions, booleans and extra keys that only this one rejects).
     */
    Object checkOpTree() {
        List<Object> tree = new ArrayList<>(maybeUnnormalized(op(text())).toTree());
        if (random.nextInt(3) == 0) {
            return tree;
        }
        int at = random.nextInt(tree.size() + 1);
        switch (random.nextInt(14)) {
            case 0 -> tree.add(at, 0);
            case 1 -> tree.add(at, -1 - random.nextInt(3));
            case 2 -> tree.add(at, "");
            case 3 -> tree.add(at, Map.of("d", 0));
            case 4 -> tree.add(at, Map.of("d", ""));
            case 5 -> tree.add(at, Map.of("d", -2));
            case 6 -> tree.add(at, Map.of());
            case 7 -> tree.add(at, nullDelete());
            case 8 -> tree.add(at, Map.of("d", List.of(1)));
            case 9 -> tree.add(at, List.of(1));
            case 10 -> tree.add(at, null);
            case 11 -> {
                tree.add(at, 1 + random.nextInt(3));
                tree.add(at, 1 + random.nextInt(3));
            }
            case 12 -> tree.add(1 + random.nextInt(3));
            default -> {
                return random.nextBoolean() ? word() : Map.of("d", 1);
            }
        }
        return tree;
    }

    private static Map<String, Object> nullDelete() {
        Map<String, Object> delete = new HashMap<>();
        delete.put("d", null);
        return delete;
    }

    private String piece() {
        return PIECES[random.nextInt(PIECES.length)];
    }
}
