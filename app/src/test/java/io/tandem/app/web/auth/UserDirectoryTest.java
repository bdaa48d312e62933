package io.tandem.app.web.auth;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.account.UserDirectory;
import io.tandem.app.account.UserSummary;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The directory other features use, over accounts registered through the API. */
class UserDirectoryTest extends AuthTestBase {

    @Autowired
    UserDirectory directory;

    @Autowired
    JdbcClient jdbc;

    @Test
    void findsRegisteredUsersByIdEmailInAnyCaseAndInBulk() {
        String email = uniqueEmail("Directory");
        UUID id = UUID.fromString(registered(email).path("user").path("id").asString());
        UUID other = UUID.fromString(registered(uniqueEmail("directory2")).path("user").path("id").asString());

        assertThat(directory.findById(id)).contains(new UserSummary(id, email, "Test User"));
        assertThat(directory.findByEmail(" " + email.toUpperCase() + " ")).map(UserSummary::id).contains(id);
        Map<UUID, UserSummary> found = directory.findByIds(List.of(id, other, UUID.randomUUID()));
        assertThat(found).containsOnlyKeys(id, other);
        assertThat(directory.findByIds(List.of())).isEmpty();
        assertThat(directory.findById(UUID.randomUUID())).isEmpty();
    }

    @Test
    void neverFindsErasedAccounts() {
        String email = uniqueEmail("erased");
        UUID id = UUID.fromString(registered(email).path("user").path("id").asString());
        jdbc.sql("update users set erased_at = now() where id = :id").param("id", id).update();

        assertThat(directory.findById(id)).isEmpty();
        assertThat(directory.findByEmail(email)).isEmpty();
        assertThat(directory.findByIds(List.of(id))).isEmpty();
        assertProblem(login(email, PASSWORD), 401);
    }
}
