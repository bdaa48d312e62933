package io.tandem.api.task;

import io.tandem.ot.InvalidOpException;
import io.tandem.ot.OpJson;

/**
 * Reads the stored form of a description operation ({@link DescriptionChange#op()}, the JSON text of its
 * {@code text-unicode} tree) back as the tree: lists, numbers, strings and {@code {"d": ...}} maps.
 */
public final class DescriptionOpJson {

    private DescriptionOpJson() {
    }

    /** @throws IllegalArgumentException when {@code json} is not JSON */
    public static Object tree(String json) {
        try {
            return OpJson.parse(json);
        } catch (InvalidOpException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The tree for a reader: as {@link #tree}, or the stored text itself when it no longer reads as JSON (an
     * operation whose workspace's key was destroyed reads {@link io.tandem.api.Sensitive#ERASED}).
     */
    public static Object shown(String json) {
        if (json == null) {
            return null;
        }
        try {
            return tree(json);
        } catch (IllegalArgumentException e) {
            return json;
        }
    }
}
