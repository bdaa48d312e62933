package io.tandem.app.account;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.tandem.api.Sensitive;
import io.tandem.api.workspace.DeleteWorkspaceCommand;
import io.tandem.api.workspace.FetchUserWorkspacesQuery;
import io.tandem.api.workspace.FetchWorkspaceMembersQuery;
import io.tandem.api.workspace.MemberView;
import io.tandem.api.workspace.RemoveWorkspaceMemberCommand;
import io.tandem.api.workspace.UserWorkspaceView;
import io.tandem.api.workspace.WorkspaceRole;
import io.tandem.app.crypto.DataKeys;
import io.tandem.app.ratelimit.LoginRateLimiter;
import io.tandem.app.security.RevokedAccess;
import io.tandem.app.problem.ApiException;
import io.tandem.app.messaging.Commands;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases an account ({@code DELETE /auth/me}). The person leaves every workspace; a workspace they own alone and
 * share with nobody is deleted with them (its task text then erased with its key); a workspace they are the last
 * owner of but share with others is left to them to hand over or delete first, so erasing oneself never deletes
 * other people's work (409 naming those workspaces, before anything changed). Then the account row is scrubbed,
 * every refresh token revoked, the user's data key destroyed and their access tokens refused (the deny-list, so at
 * once on every replica, and their open sockets closed).
 */
@Service
public class AccountErasure {

    /** One of the workspaces that block an erasure. */
    public record BlockingWorkspace(UUID id, String name) {
    }

    private static final Logger log = LoggerFactory.getLogger(AccountErasure.class);

    private final UserStore users;
    private final RefreshTokenStore refreshTokens;
    private final PasswordEncoder passwords;
    private final LoginRateLimiter rateLimiter;
    private final Commands commands;
    private final QueryGateway queries;
    private final DataKeys dataKeys;
    private final ActiveAccounts activeAccounts;
    private final RevokedAccess revoked;
    private final AccountTokens accountTokens;
    private final TransactionTemplate transaction;

    AccountErasure(UserStore users, RefreshTokenStore refreshTokens, PasswordEncoder passwords,
            LoginRateLimiter rateLimiter, Commands commands, QueryGateway queries, DataKeys dataKeys,
            ActiveAccounts activeAccounts, AccountTokens accountTokens, PlatformTransactionManager transactionManager,
            RevokedAccess revoked) {
        this.revoked = revoked;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.passwords = passwords;
        this.rateLimiter = rateLimiter;
        this.commands = commands;
        this.queries = queries;
        this.dataKeys = dataKeys;
        this.activeAccounts = activeAccounts;
        this.accountTokens = accountTokens;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /**
     * 403 for a wrong password (the token is fine, the confirmation is not), counted like a failed login so it
     * cannot be used to guess passwords (and, like a login, 503 while that count cannot be kept); 409 when the caller
     * is the last owner of a shared workspace.
     */
    public void erase(UUID userId, String password, String clientIp) {
        UserStore.UserRow user = users.findById(userId)
                .orElseThrow(() -> ApiException.unauthorized("The account no longer exists"));
        LoginRateLimiter.Attempt attempt = rateLimiter.tryLogin(user.email(), clientIp);
        if (!attempt.permitted()) {
            long seconds = (attempt.retryAfter().toMillis() + 999) / 1000;
            throw ApiException.tooManyRequests("Too many wrong passwords; try again later", seconds);
        }
        boolean fits = password.getBytes(StandardCharsets.UTF_8).length <= Accounts.MAX_PASSWORD_BYTES;
        if (!fits || !passwords.matches(password, user.passwordHash())) {
            throw ApiException.forbidden("The password is wrong");
        }
        attempt.succeeded();

        List<UUID> leave = new ArrayList<>();
        List<UUID> delete = new ArrayList<>();
        List<BlockingWorkspace> blocking = new ArrayList<>();
        for (UserWorkspaceView membership : workspaces(userId)) {
            UUID workspaceId = membership.workspace().id();
            if (membership.role() != WorkspaceRole.OWNER) {
                leave.add(workspaceId);
                continue;
            }
            List<MemberView> members = members(workspaceId);
            boolean otherOwner = members.stream()
                    .anyMatch(m -> m.role() == WorkspaceRole.OWNER && !m.userId().equals(userId));
            boolean alone = members.stream().allMatch(m -> m.userId().equals(userId));
            if (otherOwner) {
                leave.add(workspaceId);
            } else if (alone) {
                delete.add(workspaceId);
            } else {
                blocking.add(new BlockingWorkspace(workspaceId, membership.workspace().name()));
            }
        }
        if (!blocking.isEmpty()) {
            throw ApiException.conflict("You are the last owner of workspaces that others share: "
                            + blocking.stream().map(w -> "'" + w.name() + "' (" + w.id() + ")")
                            .collect(Collectors.joining(", "))
                            + ". Make someone else an owner or delete them, then erase the account.")
                    .property("workspaces", blocking);
        }

        // The aggregates have the last word: a member added meanwhile makes a delete or leave fail (409) here.
        delete.forEach(workspaceId -> commands.send(new DeleteWorkspaceCommand(workspaceId, userId)));
        leave.forEach(workspaceId -> commands.send(new RemoveWorkspaceMemberCommand(workspaceId, userId, userId)));

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        transaction.executeWithoutResult(status -> {
            users.scrub(userId, now);
            refreshTokens.revokeAllOf(userId, now);
            accountTokens.forget(userId);
            dataKeys.destroy(Sensitive.Scope.USER, userId);
        });
        activeAccounts.forget(userId);
        revoked.revokeAccount(userId);
        log.info("Erased account {}: left {} workspace(s), deleted {} it owned alone", userId, leave.size(),
                delete.size());
    }

    private List<UserWorkspaceView> workspaces(UUID userId) {
        return queries.query(new FetchUserWorkspacesQuery(userId),
                ResponseTypes.multipleInstancesOf(UserWorkspaceView.class)).join();
    }

    private List<MemberView> members(UUID workspaceId) {
        return queries.query(new FetchWorkspaceMembersQuery(workspaceId),
                ResponseTypes.multipleInstancesOf(MemberView.class)).join();
    }
}
