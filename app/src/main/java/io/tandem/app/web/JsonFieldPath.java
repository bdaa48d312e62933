package io.tandem.app.web;

import tools.jackson.core.JacksonException;

/** The field a Jackson failure happened in, as a problem's {@code errors[].field} names it: {@code a.b[2].c}. */
public final class JsonFieldPath {

    private JsonFieldPath() {
    }

    /** The path of {@code e}, or {@code fallback} when Jackson recorded none. */
    public static String of(JacksonException e, String fallback) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? fallback : path.toString();
    }
}
