package io.tandem.app.security;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The authenticated caller, as its access token states it. Controllers take it as a method parameter; other code
 * on the request thread asks {@link #current()}.
 *
 * @param auditor whether the caller holds the global, read-only {@code auditor} role
 */
public record CurrentUser(UUID id, String email, boolean auditor) {

    public static Optional<CurrentUser> current() {
        return from(SecurityContextHolder.getContext().getAuthentication());
    }

    public static Optional<CurrentUser> from(Authentication authentication) {
        if (!(authentication instanceof JwtAuthenticationToken token) || !token.isAuthenticated()) {
            return Optional.empty();
        }
        return Optional.of(from(token.getToken()));
    }

    static CurrentUser from(Jwt jwt) {
        Collection<String> roles = jwt.hasClaim(AccessTokens.ROLES_CLAIM)
                ? jwt.getClaimAsStringList(AccessTokens.ROLES_CLAIM) : java.util.List.of();
        return new CurrentUser(UUID.fromString(jwt.getSubject()), jwt.getClaimAsString(AccessTokens.EMAIL_CLAIM),
                roles != null && roles.contains(AccessTokens.AUDITOR_ROLE));
    }
}
