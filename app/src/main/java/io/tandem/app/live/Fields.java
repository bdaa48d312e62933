package io.tandem.app.live;

import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** Reads the fields of a client frame's payload, refusing a wrong one with a {@code validation} error naming it. */
final class Fields {

    private Fields() {
    }

    static UUID uuid(JsonNode payload, String field, boolean required) {
        String text = text(payload, field, required);
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new FrameException("validation", field + " must be a UUID").detail("field", field);
        }
    }

    static String text(JsonNode payload, String field, boolean required) {
        JsonNode node = payload.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new FrameException("validation", field + " is required").detail("field", field);
            }
            return null;
        }
        if (!node.isString()) {
            throw new FrameException("validation", field + " must be a string").detail("field", field);
        }
        return node.asString();
    }

    /** A required whole number of at least {@code min}. */
    static long count(JsonNode payload, String field, long min) {
        JsonNode node = payload.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min) {
            throw new FrameException("validation", field + " must be a whole number of at least " + min)
                    .detail("field", field);
        }
        return node.longValue();
    }
}
