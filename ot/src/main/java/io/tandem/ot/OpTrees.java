package io.tandem.ot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads operations from the JSON trees that JSON libraries decode to, and writes a tree as JSON text. */
final class OpTrees {

    private OpTrees() {
    }

    /** An operation as the reference's {@code checkOp} accepts it. */
    static TextOp parse(Object tree) {
        List<?> list = list(tree);
        List<Component> components = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object value = list.get(i);
            if (value instanceof Number number) {
                components.add(new Component.Skip(count(number, i, "a skip", false)));
            } else if (value instanceof String text) {
                if (text.isEmpty()) {
                    throw invalid(i, "an insert must not be empty");
                }
                components.add(new Component.Insert(wellFormed(text, i)));
            } else if (value instanceof Map<?, ?> map) {
                Object deleted = deleted(map, i);
                if (deleted instanceof Number number) {
                    components.add(Component.Delete.of(count(number, i, "a delete", false)));
                } else {
                    String text = (String) deleted;
                    if (text.isEmpty()) {
                        throw invalid(i, "a delete must not be empty");
                    }
                    components.add(Component.Delete.of(wellFormed(text, i)));
                }
            } else {
                throw notAComponent(i, value);
            }
        }
        return new TextOp(components);
    }

    /**
     * The normalized form of an operation that may also hold empty components, adjacent skips and a skip at the
     * end, as the reference's {@code normalize} takes it.
     */
    static TextOp normalize(Object tree) {
        List<?> list = list(tree);
        OpBuilder op = new OpBuilder();
        for (int i = 0; i < list.size(); i++) {
            Object value = list.get(i);
            if (value instanceof Number number) {
                op.skip(count(number, i, "a skip", true));
            } else if (value instanceof String text) {
                op.insert(wellFormed(text, i));
            } else if (value instanceof Map<?, ?> map) {
                Object deleted = deleted(map, i);
                if (deleted instanceof Number number) {
                    op.delete(count(number, i, "a delete", true), null);
                } else {
                    String text = wellFormed((String) deleted, i);
                    op.delete(CodePoints.count(text), text);
                }
            } else {
                throw notAComponent(i, value);
            }
        }
        return op.build();
    }

    private static List<?> list(Object tree) {
        if (tree instanceof List<?> list) {
            return list;
        }
        throw new InvalidOpException("an operation must be a list of components, not " + describe(tree));
    }

    private static Object deleted(Map<?, ?> map, int index) {
        if (map.size() != 1 || !map.containsKey("d")) {
            throw invalid(index, "a delete must be {\"d\": count} or {\"d\": \"text\"} with no other key, not "
                    + describe(map));
        }
        Object deleted = map.get("d");
        if (deleted instanceof Number || deleted instanceof String) {
            return deleted;
        }
        throw invalid(index, "a delete's \"d\" must be a count or the text deleted, not " + describe(deleted));
    }

    private static int count(Number number, int index, String what, boolean zeroAllowed) {
        BigDecimal value = exact(number);
        if (value == null || value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            throw invalid(index, what + " must be a whole number, not " + number);
        }
        if (value.signum() < 0 || value.signum() == 0 && !zeroAllowed) {
            throw invalid(index, what + " must be " + (zeroAllowed ? "zero or more" : "positive") + ", not "
                    + number);
        }
        if (value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw invalid(index, what + " must be at most " + Integer.MAX_VALUE + ", not " + number);
        }
        return value.intValueExact();
    }

    /** The number's exact value, or null for NaN and the infinities. */
    private static BigDecimal exact(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short
                || number instanceof Byte) {
            return BigDecimal.valueOf(number.longValue());
        }
        if (number instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (number instanceof BigDecimal big) {
            return big;
        }
        double value = number.doubleValue();
        return Double.isFinite(value) ? new BigDecimal(value) : null;
    }

    private static String wellFormed(String text, int index) {
        if (!CodePoints.isWellFormed(text)) {
            throw invalid(index, "a string must not hold an unpaired surrogate");
        }
        return text;
    }

    private static InvalidOpException notAComponent(int index, Object value) {
        return invalid(index, "a component must be a number (skip), a string (insert) or {\"d\": ...} (delete), not "
                + describe(value));
    }

    private static InvalidOpException invalid(int index, String message) {
        return new InvalidOpException("component " + index + ": " + message);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof String || value instanceof List || value instanceof Map
                ? toJson(value) : String.valueOf(value);
        if (text.length() > 40) {
            text = text.substring(0, 40) + "…";
        }
        return text + " (" + value.getClass().getSimpleName() + ")";
    }

    /** The JSON text of a tree of lists, maps, numbers, strings, booleans and nulls. */
    static String toJson(Object tree) {
        StringBuilder json = new StringBuilder();
        write(tree, json);
        return json.toString();
    }

    private static void write(Object value, StringBuilder json) {
        if (value instanceof List<?> list) {
            json.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    json.append(',');
                }
                write(list.get(i), json);
            }
            json.append(']');
        } else if (value instanceof Map<?, ?> map) {
            json.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                write(String.valueOf(entry.getKey()), json);
                json.append(':');
                write(entry.getValue(), json);
            }
            json.append('}');
        } else if (value instanceof String text) {
            json.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    case '\n' -> json.append("\\n");
                    case '\r' -> json.append("\\r");
                    case '\t' -> json.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            json.append(String.format("\\u%04x", (int) c));
                        } else {
                            json.append(c);
                        }
                    }
                }
            }
            json.append('"');
        } else {
            json.append(value);
        }
    }
}
