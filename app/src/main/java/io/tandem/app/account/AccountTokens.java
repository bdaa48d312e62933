package io.tandem.app.account;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tandem.app.account.AccountTokenStore.Purpose;
import io.tandem.app.account.AccountTokenStore.TokenRow;
import io.tandem.app.account.UserStore.UserRow;
import io.tandem.app.mail.Mailer;
import io.tandem.app.ratelimit.AccountTokenRateLimiter;
import io.tandem.app.security.AuthProperties;
import io.tandem.app.security.RevokedAccess;
import io.tandem.app.problem.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Proving an email address: verification after registration, and password reset for whoever can read the mail.
 * Each token is random, mailed once, stored only as its SHA-256, works once and expires. Any failure with a token
 * (unknown, expired, spent, its account erased) is the same 400, and asking for a reset answers the same whether
 * or not the address has an account; mails leave on the mailer's own threads, so timing tells nothing either.
 */
@Service
public class AccountTokens {

    private static final Logger log = LoggerFactory.getLogger(AccountTokens.class);
    private static final String BAD_TOKEN = "The token is invalid, expired or already used";

    private final UserStore users;
    private final AccountTokenStore tokens;
    private final RefreshTokenStore refreshTokens;
    private final RevokedAccess revoked;
    private final PasswordEncoder passwords;
    private final Mailer mailer;
    private final AccountTokenRateLimiter rateLimiter;
    private final Duration verificationTtl;
    private final Duration resetTtl;
    private final TransactionTemplate transaction;

    AccountTokens(UserStore users, AccountTokenStore tokens, RefreshTokenStore refreshTokens,
            PasswordEncoder passwords, Mailer mailer, AccountTokenRateLimiter rateLimiter, AuthProperties properties,
            PlatformTransactionManager transactionManager, RevokedAccess revoked) {
        this.revoked = revoked;
        this.users = users;
        this.tokens = tokens;
        this.refreshTokens = refreshTokens;
        this.passwords = passwords;
        this.mailer = mailer;
        this.rateLimiter = rateLimiter;
        this.verificationTtl = properties.verificationTokenTtl();
        this.resetTtl = properties.passwordResetTokenTtl();
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** Stores a new verification token inside the caller's transaction (registration) and answers it. */
    String issueVerification(UUID userId, Instant now) {
        String token = OpaqueTokens.newToken();
        tokens.insert(userId, Purpose.VERIFY_EMAIL, OpaqueTokens.hash(token), now.plus(verificationTtl), now);
        return token;
    }

    /** Call after the token's transaction committed. */
    void mailVerification(UserRow user, String token) {
        mailer.send(user.email(), "Verify your email address for Tandem", """
                Hello %s,

                please confirm that this is your email address by opening this link:

                %s/verify-email?token=%s

                The link works once and expires in %s. Apps send the token to POST /api/v1/auth/verify.
                If you did not create a Tandem account, ignore this mail.
                """.formatted(user.name(), mailer.publicUrl(), token, describe(verificationTtl)));
    }

    /** {@code POST /auth/verify}: the token's account now has a verified email. */
    public void verifyEmail(String token, String clientIp) {
        rateLimiter.acquireAttempt(clientIp);
        Instant now = now();
        boolean verified = Boolean.TRUE.equals(transaction.execute(status -> {
            Optional<UserRow> user = spend(token, Purpose.VERIFY_EMAIL, now);
            user.ifPresent(row -> users.markEmailVerified(row.id(), now));
            return user.isPresent();
        }));
        if (!verified) {
            throw ApiException.badRequest("token", BAD_TOKEN);
        }
    }

    /** {@code POST /auth/verify/resend}: a new verification mail; the earlier links keep working until they expire. */
    public void resendVerification(UUID userId, String clientIp) {
        UserRow user = users.findById(userId)
                .orElseThrow(() -> ApiException.unauthorized("The account no longer exists"));
        if (user.emailVerified()) {
            throw ApiException.conflict("The email address is verified already");
        }
        rateLimiter.acquireMail(user.email(), clientIp);
        Instant now = now();
        String token = transaction.execute(status -> issueVerification(user.id(), now));
        mailVerification(user, token);
    }

    /** {@code POST /auth/password-reset}: mails a reset link when the address has an account, and nothing else. */
    public void requestPasswordReset(String email, String clientIp) {
        rateLimiter.acquireMail(email, clientIp);
        Optional<UserRow> found = users.findByEmail(email);
        if (found.isEmpty()) {
            return;
        }
        UserRow user = found.get();
        Instant now = now();
        String token = OpaqueTokens.newToken();
        transaction.executeWithoutResult(status -> tokens.insert(user.id(), Purpose.RESET_PASSWORD,
                OpaqueTokens.hash(token), now.plus(resetTtl), now));
        mailer.send(user.email(), "Reset your Tandem password", """
                Hello %s,

                someone (hopefully you) asked to reset the password of your Tandem account. Choose a new one here:

                %s/reset-password?token=%s

                The link works once and expires in %s. Apps send the token with the new password to
                POST /api/v1/auth/password-reset/confirm. Resetting signs out every session of the account.
                If you did not ask for this, ignore this mail: your password stays as it is.
                """.formatted(user.name(), mailer.publicUrl(), token, describe(resetTtl)));
    }

    /**
     * {@code POST /auth/password-reset/confirm}: sets the new password, verifies the email (the mail was read) and
     * revokes every refresh token of the account, which ends all its sessions.
     */
    public void resetPassword(String token, String password, String clientIp) {
        rateLimiter.acquireAttempt(clientIp);
        if (password.codePointCount(0, password.length()) < Accounts.MIN_PASSWORD_LENGTH) {
            throw ApiException.badRequest("password", "must be 10 to 72 characters long");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > Accounts.MAX_PASSWORD_BYTES) {
            throw ApiException.badRequest("password", "must be at most " + Accounts.MAX_PASSWORD_BYTES + " bytes");
        }
        // Hashed before the transaction: bcrypt is slow on purpose and must not hold a pooled connection.
        String passwordHash = passwords.encode(password);
        Instant now = now();
        Map<UUID, List<UUID>> reset = new HashMap<>();
        transaction.executeWithoutResult(status -> spend(token, Purpose.RESET_PASSWORD, now).ifPresent(user -> {
            users.resetPassword(user.id(), passwordHash, now);
            reset.put(user.id(), refreshTokens.revokeAllOf(user.id(), now));
        }));
        if (reset.isEmpty()) {
            throw ApiException.badRequest("token", BAD_TOKEN);
        }
        // The sessions end now, their access tokens too (not only at their next refresh), on every replica.
        reset.forEach((userId, sessions) -> {
            sessions.forEach(session -> revoked.revokeSession(userId, session, null));
            log.info("Password of user {} reset; ended {} session(s)", userId, sessions.size());
        });
    }

    /** Erasure: no token of the account may work afterwards. */
    void forget(UUID userId) {
        tokens.deleteAllOf(userId);
    }

    /** Spends the token (and the user's other tokens of its purpose) and answers its live account, if it is usable. */
    private Optional<UserRow> spend(String token, Purpose purpose, Instant now) {
        Optional<TokenRow> row = tokens.lockByHash(OpaqueTokens.hash(token), purpose)
                .filter(found -> found.usableAt(now));
        Optional<UserRow> user = row.flatMap(found -> users.findById(found.userId()));
        user.ifPresent(found -> tokens.spendAll(found.id(), purpose, now));
        return user;
    }

    private static String describe(Duration ttl) {
        long minutes = ttl.toMinutes();
        if (minutes % (24 * 60) == 0) {
            long days = minutes / (24 * 60);
            return days == 1 ? "24 hours" : days + " days";
        }
        if (minutes % 60 == 0) {
            return minutes == 60 ? "1 hour" : minutes / 60 + " hours";
        }
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
