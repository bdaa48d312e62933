package io.tandem.app.account;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

/** How other features find users (members, assignees, invitations). Erased accounts are never found. */
@Component
public class UserDirectory {

    private final UserStore users;

    UserDirectory(UserStore users) {
        this.users = users;
    }

    public Optional<UserSummary> findById(UUID id) {
        return id == null ? Optional.empty() : users.findById(id).map(UserStore.UserRow::toSummary);
    }

    /** Case-insensitive, ignoring surrounding blanks. */
    public Optional<UserSummary> findByEmail(String email) {
        return email == null || email.isBlank() ? Optional.empty()
                : users.findByEmail(email).map(UserStore.UserRow::toSummary);
    }

    /** The users found, keyed by id; unknown and erased ids are simply absent. */
    public Map<UUID, UserSummary> findByIds(Collection<UUID> ids) {
        Map<UUID, UserSummary> found = new LinkedHashMap<>();
        users.findByIds(ids.stream().filter(Objects::nonNull).distinct().toList())
                .forEach(user -> found.put(user.id(), user.toSummary()));
        return found;
    }
}
