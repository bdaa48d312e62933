package io.tandem.app.live;

import java.util.LinkedHashMap;
import java.util.Map;

/** A client frame that cannot be served; answered with an {@code error} frame, the connection stays open. */
class FrameException extends RuntimeException {

    private final String code;
    private final Map<String, Object> details = new LinkedHashMap<>();

    FrameException(String code, String message) {
        super(message);
        this.code = code;
    }

    FrameException detail(String name, Object value) {
        details.put(name, value);
        return this;
    }

    /** The {@code error} payload: {@code {code, message}} and any details. */
    Map<String, Object> payload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("code", code);
        payload.put("message", getMessage());
        payload.putAll(details);
        return payload;
    }
}
