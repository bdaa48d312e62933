package io.tandem.app.account;

import static io.tandem.app.account.UserStore.instant;
import static io.tandem.app.account.UserStore.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code account_tokens} table: hashes of the single-use tokens mailed for verification and password reset. */
@Repository
class AccountTokenStore {

    enum Purpose {
        VERIFY_EMAIL("verify_email"), RESET_PASSWORD("reset_password");

        final String column;

        Purpose(String column) {
            this.column = column;
        }
    }

    record TokenRow(UUID id, UUID userId, Instant expiresAt, Instant usedAt) {

        boolean usableAt(Instant now) {
            return usedAt == null && expiresAt.isAfter(now);
        }
    }

    private final JdbcClient jdbc;

    AccountTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Also forgets the user's expired tokens of this purpose, so the table holds only what may still be used. */
    void insert(UUID userId, Purpose purpose, String tokenHash, Instant expiresAt, Instant now) {
        jdbc.sql("delete from account_tokens where user_id = :user and purpose = :purpose and expires_at <= :now")
                .param("user", userId)
                .param("purpose", purpose.column)
                .param("now", utc(now))
                .update();
        jdbc.sql("insert into account_tokens (id, user_id, purpose, token_hash, expires_at, created_at) "
                        + "values (:id, :user, :purpose, :hash, :expires, :created)")
                .param("id", UUID.randomUUID())
                .param("user", userId)
                .param("purpose", purpose.column)
                .param("hash", tokenHash)
                .param("expires", utc(expiresAt))
                .param("created", utc(now))
                .update();
    }

    /** Locked until the transaction ends, so that two submissions of one token cannot both spend it. */
    Optional<TokenRow> lockByHash(String tokenHash, Purpose purpose) {
        return jdbc.sql("select id, user_id, expires_at, used_at from account_tokens "
                        + "where token_hash = :hash and purpose = :purpose for update")
                .param("hash", tokenHash)
                .param("purpose", purpose.column)
                .query(AccountTokenStore::row)
                .optional();
    }

    /** Spends every unused token of the user for this purpose: once one worked, the others mailed before are void. */
    int spendAll(UUID userId, Purpose purpose, Instant at) {
        return jdbc.sql("update account_tokens set used_at = :at "
                        + "where user_id = :user and purpose = :purpose and used_at is null")
                .param("user", userId)
                .param("purpose", purpose.column)
                .param("at", utc(at))
                .update();
    }

    void deleteAllOf(UUID userId) {
        jdbc.sql("delete from account_tokens where user_id = :user")
                .param("user", userId)
                .update();
    }

    private static TokenRow row(ResultSet rs, int rowNum) throws SQLException {
        return new TokenRow(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                instant(rs, "expires_at"), instant(rs, "used_at"));
    }
}
