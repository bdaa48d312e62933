package io.tandem.app.web;

/**
 * What every text a client sends must be: Unicode that can be stored. PostgreSQL refuses U+0000 in text, and an
 * unpaired UTF-16 surrogate (a JSON escape such as {@code "\ud800"}) is no character at all: it would be stored as
 * "?" or fail while the answer is written. Such text is refused as invalid input, naming the field.
 */
public final class TextRules {

    public static final String MESSAGE = "must be text without NUL characters or unpaired surrogates";

    private TextRules() {
    }

    /** True when {@code text} holds no NUL and no unpaired surrogate. */
    public static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
