package io.tandem.app.account;

import java.time.Duration;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tandem.app.security.AccountStatus;
import org.springframework.stereotype.Component;

/**
 * Answers whether a token's account is still there, for every authenticated request. Only live accounts are
 * remembered, and only briefly: erasure forgets its account here at once, other replicas notice within
 * {@link #REMEMBERED}.
 */
@Component
class ActiveAccounts implements AccountStatus {

    static final Duration REMEMBERED = Duration.ofSeconds(10);

    private final UserStore users;
    private final Cache<UUID, Boolean> live = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(REMEMBERED)
            .build();

    ActiveAccounts(UserStore users) {
        this.users = users;
    }

    @Override
    public boolean isActive(UUID userId) {
        if (live.getIfPresent(userId) != null) {
            return true;
        }
        boolean active = users.isActive(userId);
        if (active) {
            live.put(userId, Boolean.TRUE);
        }
        return active;
    }

    void forget(UUID userId) {
        live.invalidate(userId);
    }
}
