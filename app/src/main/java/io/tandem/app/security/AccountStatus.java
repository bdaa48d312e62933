package io.tandem.app.security;

import java.util.UUID;

/**
 * Whether an access token's subject may still act. Tokens are stateless and live for minutes; an account erased
 * meanwhile must stop working at once, so every token is also checked against this.
 */
public interface AccountStatus {

    boolean isActive(UUID userId);
}
