package io.tandem.app.account;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import io.tandem.app.account.RefreshTokenStore.TokenRow;
import io.tandem.app.account.UserStore.UserRow;
import io.tandem.app.ratelimit.LoginRateLimiter;
import io.tandem.app.security.AccessTokens;
import io.tandem.app.security.AuthProperties;
import io.tandem.app.security.RevokedAccess;
import io.tandem.app.problem.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The account use cases. Password hashing happens outside database transactions (bcrypt is slow on purpose and
 * must not hold a pooled connection); each use case then writes in one short transaction.
 */
@Service
public class Accounts {

    /** bcrypt reads only the first 72 bytes; longer passwords would silently share a hash with their prefix. */
    public static final int MIN_PASSWORD_LENGTH = 10;
    public static final int MAX_PASSWORD_BYTES = 72;

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);
    private static final String BAD_CREDENTIALS = "Email or password is wrong";
    private static final String BAD_REFRESH_TOKEN = "The refresh token is invalid, expired or already used";

    private final UserStore users;
    private final RefreshTokenStore refreshTokens;
    private final PasswordEncoder passwords;
    private final AccessTokens accessTokens;
    private final LoginRateLimiter rateLimiter;
    private final RevokedAccess revoked;
    private final AccountTokens accountTokens;
    private final Duration refreshTokenTtl;
    private final TransactionTemplate transaction;
    /** Compared against when the email is unknown, so that a miss costs as long as a wrong password. */
    private final String decoyHash;

    Accounts(UserStore users, RefreshTokenStore refreshTokens, PasswordEncoder passwords, AccessTokens accessTokens,
            LoginRateLimiter rateLimiter, AccountTokens accountTokens, AuthProperties properties,
            PlatformTransactionManager transactionManager, RevokedAccess revoked) {
        this.revoked = revoked;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.passwords = passwords;
        this.accessTokens = accessTokens;
        this.rateLimiter = rateLimiter;
        this.accountTokens = accountTokens;
        this.refreshTokenTtl = properties.refreshTokenTtl();
        this.transaction = new TransactionTemplate(transactionManager);
        this.decoyHash = passwords.encode(UUID.randomUUID().toString());
    }

    /** Creates the account and logs it in; 409 when the email (in any case) is taken. */
    public Session register(String email, String password, String name) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw ApiException.badRequest("password", "must be at most " + MAX_PASSWORD_BYTES + " bytes");
        }
        Instant now = now();
        UserRow user = new UserRow(UUID.randomUUID(), email.strip(), name.strip(), passwords.encode(password), null,
                false, null, now, now);
        String[] verification = new String[1];
        Session session;
        try {
            session = transaction.execute(status -> {
                users.insert(user);
                verification[0] = accountTokens.issueVerification(user.id(), now);
                return startSession(user, UUID.randomUUID(), now);
            });
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("An account with this email already exists");
        }
        accountTokens.mailVerification(user, verification[0]);
        return session;
    }

    /**
     * 401 with one message for unknown email and wrong password; 429 once failures exceed the limits; 503 while the
     * limiter cannot count them (Redis down), before any password is checked.
     */
    public Session login(String email, String password, String clientIp) {
        LoginRateLimiter.Attempt attempt = rateLimiter.tryLogin(email, clientIp);
        if (!attempt.permitted()) {
            long seconds = (attempt.retryAfter().toMillis() + 999) / 1000;
            throw ApiException.tooManyRequests("Too many failed logins; try again later", seconds);
        }
        Optional<UserRow> found = users.findByEmail(email);
        boolean matches = passwordMatches(password, found.map(UserRow::passwordHash).orElse(decoyHash));
        if (found.isEmpty() || !matches) {
            throw ApiException.unauthorized(BAD_CREDENTIALS);
        }
        attempt.succeeded();
        Instant now = now();
        UserRow user = found.get();
        UserRow loggedIn = new UserRow(user.id(), user.email(), user.name(), user.passwordHash(), user.avatar(),
                user.emailVerified(), now, user.createdAt(), user.updatedAt());
        return transaction.execute(status -> {
            users.recordLogin(user.id(), now);
            return startSession(loggedIn, UUID.randomUUID(), now);
        });
    }

    /**
     * Spends the refresh token and issues its successor in the same family. A token that was already spent means
     * someone else holds a copy: the whole family is revoked (and stays revoked: that write commits) and the
     * caller gets 401, which logs out both the thief and the victim's session.
     */
    public Session refresh(String refreshToken) {
        Instant now = now();
        Optional<Session> session = transaction.execute(status -> {
            Optional<TokenRow> token = refreshTokens.lockByHash(OpaqueTokens.hash(refreshToken));
            if (token.isEmpty()) {
                return Optional.<Session>empty();
            }
            TokenRow row = token.get();
            if (row.spent()) {
                int revoked = refreshTokens.revokeFamily(row.familyId(), now);
                log.warn("A spent refresh token of user {} was presented again; revoked {} token(s) of its family {}",
                        row.userId(), revoked, row.familyId());
                return Optional.<Session>empty();
            }
            if (!row.expiresAt().isAfter(now)) {
                return Optional.<Session>empty();
            }
            Optional<UserRow> user = users.findById(row.userId());
            if (user.isEmpty()) {
                return Optional.<Session>empty();
            }
            refreshTokens.markUsed(row.id(), now);
            return Optional.of(startSession(user.get(), row.familyId(), now));
        });
        return session.orElseThrow(() -> ApiException.unauthorized(BAD_REFRESH_TOKEN));
    }

    /**
     * Ends the login session the refresh token belongs to: it no longer refreshes, and its access tokens (the one
     * presented too, whatever its session) are refused from now on, on every replica. Unknown refresh tokens and
     * other users' change nothing but the presented access token.
     */
    public void logout(UUID userId, String refreshToken, Jwt presented) {
        Optional<UUID> session = refreshTokens.familyOf(OpaqueTokens.hash(refreshToken), userId);
        session.ifPresent(family -> refreshTokens.revokeFamily(family, now()));
        revoked.revokeSession(userId, session.orElse(null), presented);
    }

    /** The caller's account; 401 when it no longer exists (erased after the token was issued). */
    public Account account(UUID userId) {
        return users.findById(userId).map(UserRow::toAccount)
                .orElseThrow(() -> ApiException.unauthorized("The account no longer exists"));
    }

    private Session startSession(UserRow user, UUID familyId, Instant now) {
        String refreshToken = OpaqueTokens.newToken();
        refreshTokens.insert(familyId, user.id(), OpaqueTokens.hash(refreshToken), now.plus(refreshTokenTtl), now);
        AccessTokens.AccessToken access = accessTokens.issue(user.id(), user.email(), familyId, user.emailVerified());
        return new Session(user.toAccount(), access.value(), access.expiresAt(), refreshToken);
    }

    private boolean passwordMatches(String password, String hash) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            // Never a stored password; still spend the time a comparison takes.
            passwords.matches("", decoyHash);
            return false;
        }
        return passwords.matches(password, hash);
    }

    /** Millisecond precision: what PostgreSQL stores and what JavaScript clients can represent. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
