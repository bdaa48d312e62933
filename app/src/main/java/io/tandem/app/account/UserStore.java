package io.tandem.app.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tandem.api.Sensitive;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code users} table. Erased accounts are invisible to every lookup. */
@Repository
class UserStore {

    record UserRow(UUID id, String email, String name, String passwordHash, String avatar, boolean emailVerified,
            Instant lastLoginAt, Instant createdAt, Instant updatedAt) {

        Account toAccount() {
            return new Account(id, email, name, avatar, emailVerified, lastLoginAt, createdAt, updatedAt);
        }

        UserSummary toSummary() {
            return new UserSummary(id, email, name);
        }
    }

    private static final String COLUMNS = "id, email, name, password_hash, avatar, email_verified, last_login_at, "
            + "created_at, updated_at";

    private static final int ID_CHUNK = 1000;

    private final JdbcClient jdbc;

    UserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<UserRow> findById(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from users where id = :id and erased_at is null")
                .param("id", id)
                .query(UserStore::row)
                .optional();
    }

    Optional<UserRow> findByEmail(String email) {
        return jdbc.sql("select " + COLUMNS + " from users where lower(email) = lower(:email) and erased_at is null")
                .param("email", email.strip())
                .query(UserStore::row)
                .optional();
    }

    List<UserRow> findByIds(Collection<UUID> ids) {
        List<UUID> all = List.copyOf(ids);
        List<UserRow> found = new ArrayList<>();
        // Chunked: PostgreSQL takes at most 65535 bind parameters per statement.
        for (int from = 0; from < all.size(); from += ID_CHUNK) {
            found.addAll(jdbc.sql("select " + COLUMNS + " from users where id in (:ids) and erased_at is null")
                    .param("ids", all.subList(from, Math.min(all.size(), from + ID_CHUNK)))
                    .query(UserStore::row)
                    .list());
        }
        return found;
    }

    /** Fails with {@code DuplicateKeyException} when the email (any case) is taken. */
    void insert(UserRow user) {
        jdbc.sql("insert into users (" + COLUMNS + ") values (:id, :email, :name, :hash, :avatar, :verified, "
                        + ":lastLogin, :created, :updated)")
                .param("id", user.id())
                .param("email", user.email())
                .param("name", user.name())
                .param("hash", user.passwordHash())
                .param("avatar", user.avatar())
                .param("verified", user.emailVerified())
                .param("lastLogin", utc(user.lastLoginAt()))
                .param("created", utc(user.createdAt()))
                .param("updated", utc(user.updatedAt()))
                .update();
    }

    void recordLogin(UUID id, Instant at) {
        jdbc.sql("update users set last_login_at = :at where id = :id")
                .param("id", id)
                .param("at", utc(at))
                .update();
    }

    void markEmailVerified(UUID id, Instant at) {
        jdbc.sql("update users set email_verified = true, updated_at = :at where id = :id and erased_at is null")
                .param("id", id)
                .param("at", utc(at))
                .update();
    }

    /** A reset proves the mailbox too: the new password comes with a verified email. */
    void resetPassword(UUID id, String passwordHash, Instant at) {
        jdbc.sql("update users set password_hash = :hash, email_verified = true, updated_at = :at "
                        + "where id = :id and erased_at is null")
                .param("id", id)
                .param("hash", passwordHash)
                .param("at", utc(at))
                .update();
    }

    /**
     * Scrubs an erased account in place: the email is freed, the name replaced and the password hash dropped; the
     * row stays so that old events' user ids still mean "someone who was here".
     */
    void scrub(UUID id, Instant at) {
        jdbc.sql("update users set email = null, name = :erased, password_hash = null, avatar = null, "
                        + "email_verified = false, erased_at = :at, updated_at = :at where id = :id")
                .param("id", id)
                .param("erased", Sensitive.ERASED)
                .param("at", utc(at))
                .update();
    }

    /** Whether the account exists and was not erased: what an access token's subject must be to be honoured. */
    boolean isActive(UUID id) {
        return jdbc.sql("select count(*) from users where id = :id and erased_at is null")
                .param("id", id)
                .query(Long.class)
                .single() > 0;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static UserRow row(ResultSet rs, int rowNum) throws SQLException {
        return new UserRow(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("name"),
                rs.getString("password_hash"), rs.getString("avatar"), rs.getBoolean("email_verified"),
                instant(rs, "last_login_at"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
