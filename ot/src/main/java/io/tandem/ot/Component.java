package io.tandem.ot;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a {@link TextOp}'s walk over the text: keep ({@link Skip}), add ({@link Insert}) or remove
 * ({@link Delete}) code points at the walk's current place.
 */
public sealed interface Component permits Component.Skip, Component.Insert, Component.Delete {

    /** How many code points this component skips, inserts or deletes. */
    int length();

    /** The component's JSON form: a number, a string, or a map with the one key {@code "d"}. */
    Object toTree();

    /** Keeps the next {@code count} code points of the text; a positive number in JSON. */
    record Skip(int count) implements Component {

        public Skip {
            if (count <= 0) {
                throw new InvalidOpException("a skip must be positive, not " + count);
            }
        }

        @Override
        public int length() {
            return count;
        }

        @Override
        public Object toTree() {
            return count;
        }
    }

    /** Inserts {@code text} at the current place; a non-empty string in JSON. */
    record Insert(String text) implements Component {

        public Insert {
            Objects.requireNonNull(text, "text");
            if (text.isEmpty()) {
                throw new InvalidOpException("an insert must not be empty");
            }
            if (!CodePoints.isWellFormed(text)) {
                throw new InvalidOpException("an insert must not hold an unpaired surrogate");
            }
        }

        @Override
        public int length() {
            return CodePoints.count(text);
        }

        @Override
        public Object toTree() {
            return text;
        }
    }

    /**
     * Deletes the next {@code count} code points: {@code {"d": count}} in JSON, or {@code {"d": "text"}} when
     * {@code text}, the code points deleted, is known (it is null when it is not).
     */
    record Delete(int count, String text) implements Component {

        public Delete {
            if (count <= 0) {
                throw new InvalidOpException("a delete must be positive, not " + count);
            }
            if (text != null) {
                if (!CodePoints.isWellFormed(text)) {
                    throw new InvalidOpException("a delete's text must not hold an unpaired surrogate");
                }
                if (CodePoints.count(text) != count) {
                    throw new InvalidOpException("a delete's text must be as long as its count");
                }
            }
        }

        /** Deletes {@code count} code points without saying which. */
        public static Delete of(int count) {
            return new Delete(count, null);
        }

        /** Deletes {@code text}, which must be what the text holds at that place. */
        public static Delete of(String text) {
            Objects.requireNonNull(text, "text");
            if (text.isEmpty()) {
                throw new InvalidOpException("a delete must not be empty");
            }
            return new Delete(text.codePointCount(0, text.length()), text);
        }

        /** The text deleted, when the operation carries it. */
        public Optional<String> deletedText() {
            return Optional.ofNullable(text);
        }

        @Override
        public int length() {
            return count;
        }

        @Override
        public Object toTree() {
            return Map.of("d", text != null ? text : (Object) count);
        }
    }
}
