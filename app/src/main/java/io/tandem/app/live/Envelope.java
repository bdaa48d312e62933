package io.tandem.app.live;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A frame on its way through Redis to every replica: for the members joined to workspace {@code target}, or for
 * the connections of user {@code target}. {@code frame} is already serialized, so each replica writes it as it is.
 * For {@code OPERATION}, {@code frame} is a sync operation of workspace {@code target} (serialized), which a replica
 * turns into a frame only when one of its sockets has joined that workspace. For {@code ACCESS}, user {@code target}
 * lost access (logout, erasure): every replica checks that user's sockets again; {@code frame} is empty.
 * {@code except}, when set, is the one connection (by {@link LiveConnection#id}) the frame is not for: its sender.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Envelope(Audience audience, UUID target, String frame, UUID except) {

    Envelope(Audience audience, UUID target, String frame) {
        this(audience, target, frame, null);
    }

    /** Who receives the frame. */
    enum Audience { WORKSPACE, USER, OPERATION, ACCESS }
}
