package io.tandem.app.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.tandem.app.account.UserStore.instant;
import static io.tandem.app.account.UserStore.utc;

/** The {@code refresh_tokens} table; tokens are looked up by their SHA-256, the token itself is never stored. */
@Repository
class RefreshTokenStore {

    record TokenRow(UUID id, UUID familyId, UUID userId, Instant expiresAt, Instant usedAt, Instant revokedAt) {

        boolean spent() {
            return usedAt != null || revokedAt != null;
        }
    }

    private final JdbcClient jdbc;

    RefreshTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the row until the transaction ends, so that two refreshes with one token cannot both succeed. */
    Optional<TokenRow> lockByHash(String tokenHash) {
        return jdbc.sql("select id, family_id, user_id, expires_at, used_at, revoked_at from refresh_tokens "
                        + "where token_hash = :hash for update")
                .param("hash", tokenHash)
                .query(RefreshTokenStore::row)
                .optional();
    }

    void insert(UUID familyId, UUID userId, String tokenHash, Instant expiresAt, Instant createdAt) {
        jdbc.sql("insert into refresh_tokens (id, family_id, user_id, token_hash, expires_at, created_at) "
                        + "values (:id, :family, :user, :hash, :expires, :created)")
                .param("id", UUID.randomUUID())
                .param("family", familyId)
                .param("user", userId)
                .param("hash", tokenHash)
                .param("expires", utc(expiresAt))
                .param("created", utc(createdAt))
                .update();
    }

    void markUsed(UUID id, Instant at) {
        jdbc.sql("update refresh_tokens set used_at = :at where id = :id")
                .param("id", id)
                .param("at", utc(at))
                .update();
    }

    int revokeFamily(UUID familyId, Instant at) {
        return jdbc.sql("update refresh_tokens set revoked_at = :at where family_id = :family and revoked_at is null")
                .param("family", familyId)
                .param("at", utc(at))
                .update();
    }

    /** The login family of this token, when it belongs to this user. */
    Optional<UUID> familyOf(String tokenHash, UUID userId) {
        return jdbc.sql("select family_id from refresh_tokens where token_hash = :hash and user_id = :user")
                .param("hash", tokenHash)
                .param("user", userId)
                .query(UUID.class)
                .optional();
    }

    /** Revokes the login family of this token, but only when the token belongs to this user. */
    int revokeFamilyOf(String tokenHash, UUID userId, Instant at) {
        return jdbc.sql("update refresh_tokens set revoked_at = :at where revoked_at is null and family_id = "
                        + "(select family_id from refresh_tokens where token_hash = :hash and user_id = :user)")
                .param("hash", tokenHash)
                .param("user", userId)
                .param("at", utc(at))
                .update();
    }

    /** Revokes every refresh token of the account; answers the login sessions (families) that had one left. */
    List<UUID> revokeAllOf(UUID userId, Instant at) {
        return jdbc.sql("""
                        update refresh_tokens set revoked_at = :at where user_id = :user and revoked_at is null
                        returning family_id
                        """)
                .param("user", userId)
                .param("at", utc(at))
                .query(UUID.class)
                .list().stream().distinct().toList();
    }

    private static TokenRow row(ResultSet rs, int rowNum) throws SQLException {
        return new TokenRow(rs.getObject("id", UUID.class), rs.getObject("family_id", UUID.class),
                rs.getObject("user_id", UUID.class), instant(rs, "expires_at"), instant(rs, "used_at"),
                instant(rs, "revoked_at"));
    }
}
