package io.tandem.app.account;

import java.util.UUID;

/** What other features may know about a user: who it is and how to show it. */
public record UserSummary(UUID id, String email, String name) {
}
