package io.tandem.ot;

/**
 * A cursor or selection in a text, as code point offsets; {@code head} may lie before {@code anchor}, and a bare
 * cursor has both at the same place.
 */
public record Selection(int anchor, int head) {

    public static Selection cursor(int position) {
        return new Selection(position, position);
    }
}
