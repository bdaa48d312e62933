package io.tandem.app.live;

import java.util.UUID;

/**
 * A frame on its way through Redis to every replica: for the members joined to workspace {@code target}, or for
 * the connections of user {@code target}. {@code frame} is already serialized, so each replica writes it as it is.
 * For {@code OPERATION}, {@code frame} is a sync operation of workspace {@code target} (serialized), which a replica
 * turns into a frame only when one of its sockets has joined that workspace. For {@code ACCESS}, user {@code target}
 * lost access (logout, erasure): every replica checks that user's sockets again; {@code frame} is empty.
 */
record Envelope(Audience audience, UUID target, String frame) {

    /** Who receives the frame. */
    enum Audience { WORKSPACE, USER, OPERATION, ACCESS }
}
