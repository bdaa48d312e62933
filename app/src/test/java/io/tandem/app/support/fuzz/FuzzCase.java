package io.tandem.app.support.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * One generated request and what its answer must satisfy beyond the rules every answer keeps (no 5xx, no leaked
 * internals, problem details for 4xx).
 *
 * @param mustRefuse the input is invalid (or unauthenticated), so any 2xx or 3xx is a finding
 * @param field      for a wrong value in a known field or parameter: the name a 400 problem must mention
 */
public record FuzzCase(int index, String operation, String kind, String target, byte[] request,
                       boolean mustRefuse, String field) {

    /** A HEAD request: its answers have no body to check. */
    public boolean head() {
        return request.length > 5 && new String(request, 0, 5, StandardCharsets.ISO_8859_1).equals("HEAD ");
    }

    /** The request as text, bytes outside printable ASCII escaped, cut to a readable length. */
    public String shown() {
        return show(request, 700);
    }

    static String show(byte[] bytes, int limit) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bytes.length && text.length() < limit; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\r') {
                continue;
            }
            if (b == '\n' || (b >= 0x20 && b < 0x7f)) {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02X", b));
            }
        }
        if (text.length() >= limit) {
            text.append("... (").append(bytes.length).append(" bytes)");
        }
        return text.toString();
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
