package io.tandem.ot;

/**
 * Which of two concurrent inserts at the same place goes first when one operation is transformed by the other:
 * the operation transformed with {@link #LEFT} keeps its insert before the other's.
 */
public enum Side {
    LEFT("left"),
    RIGHT("right");

    private final String wireName;

    Side(String wireName) {
        this.wireName = wireName;
    }

    /** The name the reference implementation and ShareDB use: {@code "left"} or {@code "right"}. */
    public String wireName() {
        return wireName;
    }

    public static Side fromWireName(String name) {
        for (Side side : values()) {
            if (side.wireName.equals(name)) {
                return side;
            }
        }
        throw new IllegalArgumentException("side must be \"left\" or \"right\", not " + name);
    }
}
