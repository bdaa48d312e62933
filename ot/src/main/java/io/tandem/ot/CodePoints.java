package io.tandem.ot;

/** Code point arithmetic on Java strings, whose own indexes count UTF-16 units. */
final class CodePoints {

    private CodePoints() {
    }

    static int count(String text) {
        return text.codePointCount(0, text.length());
    }

    /** The part of {@code text} from code point {@code from} (inclusive) to {@code to} (exclusive). */
    static String slice(String text, int from, int to) {
        int start = text.offsetByCodePoints(0, from);
        int end = text.offsetByCodePoints(start, to - from);
        return text.substring(start, end);
    }

    /** The part of {@code text} from code point {@code from} to its end. */
    static String slice(String text, int from) {
        return text.substring(text.offsetByCodePoints(0, from));
    }

    /**
     * The UTF-16 index {@code count} code points after {@code index}, or -1 when the text ends first. Unlike
     * {@link String#offsetByCodePoints} it tells running out of text from an error.
     */
    static int advance(String text, int index, int count) {
        int at = index;
        for (int i = 0; i < count; i++) {
            if (at >= text.length()) {
                return -1;
            }
            at += Character.charCount(text.codePointAt(at));
        }
        return at;
    }

    /** Whether every surrogate in {@code text} is half of a pair, so that it counts code points unambiguously. */
    static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
