package io.tandem.ot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON text of operation trees, both ways, with nothing but the JDK: where operations are stored as text (an
 * event's sealed field) and read back by code that has no JSON library (the shared api). It reads any JSON value:
 * arrays as {@code List}, objects as {@code Map}, strings, whole numbers as {@code Integer}, {@code Long} or
 * {@code BigInteger}, other numbers as {@code BigDecimal}, booleans and null; {@link TextOp#fromTree} then decides
 * whether the tree is an operation.
 */
public final class OpJson {

    /** Deeper than any operation (a list of components, a delete's map): refused, never a stack overflow. */
    private static final int MAX_DEPTH = 64;

    private final String text;
    private int at;

    private OpJson(String text) {
        this.text = text;
    }

    /** The JSON text of a tree, as {@link TextOp#toString} writes an operation's. */
    public static String write(Object tree) {
        return OpTrees.toJson(tree);
    }

    /**
     * The tree of one JSON value.
     *
     * @throws InvalidOpException when {@code json} is not one JSON value
     */
    public static Object parse(String json) {
        if (json == null) {
            throw new InvalidOpException("no JSON");
        }
        OpJson reader = new OpJson(json);
        Object value = reader.value(0);
        reader.space();
        if (reader.at != json.length()) {
            throw reader.invalid("text after the JSON value");
        }
        return value;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw invalid("nested deeper than " + MAX_DEPTH);
        }
        space();
        if (at >= text.length()) {
            throw invalid("a value is missing");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '[' -> array(depth);
            case '{' -> object(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw invalid("unexpected '" + c + "'");
            }
        };
    }

    private List<Object> array(int depth) {
        at++;
        List<Object> list = new ArrayList<>();
        space();
        if (peek(']')) {
            at++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            list.add(value(depth + 1));
            space();
            if (peek(',')) {
                at++;
            } else if (peek(']')) {
                at++;
                return Collections.unmodifiableList(list);
            } else {
                throw invalid("',' or ']' expected");
            }
        }
    }

    private Map<String, Object> object(int depth) {
        at++;
        Map<String, Object> map = new LinkedHashMap<>();
        space();
        if (peek('}')) {
            at++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            space();
            if (!peek('"')) {
                throw invalid("a key (a string) expected");
            }
            String key = string();
            space();
            if (!peek(':')) {
                throw invalid("':' expected");
            }
            at++;
            if (map.put(key, value(depth + 1)) != null) {
                throw invalid("key \"" + key + "\" given twice");
            }
            space();
            if (peek(',')) {
                at++;
            } else if (peek('}')) {
                at++;
                return Collections.unmodifiableMap(map);
            } else {
                throw invalid("',' or '}' expected");
            }
        }
    }

    private String string() {
        at++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw invalid("a string is not closed");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw invalid("a control character inside a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw invalid("a string is not closed");
            }
            char escape = text.charAt(at++);
            switch (escape) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw invalid("a \\u escape needs four hex digits");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException e) {
                        throw invalid("a \\u escape needs four hex digits");
                    }
                    at += 4;
                }
                default -> throw invalid("unknown escape \\" + escape);
            }
        }
    }

    private Number number() {
        int start = at;
        if (peek('-')) {
            at++;
        }
        if (peek('0')) {
            at++;
        } else if (digit()) {
            while (digit()) {
                at++;
            }
        } else {
            throw invalid("a digit expected");
        }
        boolean whole = true;
        if (peek('.')) {
            whole = false;
            at++;
            if (!digit()) {
                throw invalid("a digit expected after '.'");
            }
            while (digit()) {
                at++;
            }
        }
        if (peek('e') || peek('E')) {
            whole = false;
            at++;
            if (peek('+') || peek('-')) {
                at++;
            }
            if (!digit()) {
                throw invalid("a digit expected in the exponent");
            }
            while (digit()) {
                at++;
            }
        }
        String number = text.substring(start, at);
        if (!whole) {
            return new BigDecimal(number);
        }
        BigInteger value = new BigInteger(number);
        if (value.bitLength() < 32) {
            return value.intValue();
        }
        return value.bitLength() < 64 ? (Number) value.longValue() : value;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw invalid("unexpected '" + text.charAt(at) + "'");
        }
        at += word.length();
        return value;
    }

    private boolean digit() {
        return at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9';
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void space() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private InvalidOpException invalid(String problem) {
        return new InvalidOpException("not JSON at offset " + at + ": " + problem);
    }
}
