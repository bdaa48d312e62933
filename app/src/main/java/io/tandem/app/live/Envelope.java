package io.tandem.app.live;

import java.util.UUID;

/**
 * A frame on its way through Redis to every replica: for the members joined to workspace {@code target}, or for
 * the connections of user {@code target}. {@code frame} is already serialized, so each replica writes it as it is.
 */
record Envelope(Audience audience, UUID target, String frame) {

    /** Who receives the frame. */
    enum Audience { WORKSPACE, USER }
}
