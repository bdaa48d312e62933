package io.tandem.app.web.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A member of one workspace can neither see nor change another workspace's data by id, whatever path they use. */
class WorkspaceIsolationTest extends ApiTestBase {

    private TestUser mallory;
    private TestUser victim;
    private String mine;
    private String theirs;
    private String theirTask;
    private String theirCategory;

    @BeforeEach
    void twoWorkspaces() {
        mallory = register("Mallory");
        victim = register("Victim");
        mine = "/api/v1/workspaces/" + createWorkspace(mallory, "Mine");
        UUID theirWs = createWorkspace(victim, "Theirs");
        theirs = "/api/v1/workspaces/" + theirWs;
        theirCategory = api.post(theirs + "/categories", Map.of("name", "Secret", "color", "#000000"), victim.token())
                .json().get("id").asString();
        theirTask = createTask(victim, theirWs, Map.of("title", "Secret plan", "categoryId", theirCategory))
                .get("id").asString();
    }

    @Test
    void anotherWorkspacesTaskCannotBeReadThroughOnesOwnWorkspace() {
        assertThat(api.get(mine + "/tasks/" + theirTask, mallory.token()).status()).isEqualTo(404);
        assertThat(api.get(mine + "/tasks", mallory.token()).json().get("total").asLong()).isZero();
        assertThat(api.get(mine + "/tasks?categoryId=" + theirCategory, mallory.token()).json().get("total").asLong()).isZero();
    }

    @Test
    void anotherWorkspacesTaskCannotBeChangedThroughOnesOwnWorkspace() {
        assertThat(api.put(mine + "/tasks/" + theirTask, Map.of("title", "pwned"), mallory.token()).status()).isEqualTo(404);
        assertThat(api.post(mine + "/tasks/" + theirTask + "/complete", null, mallory.token()).status()).isEqualTo(404);
        assertThat(api.delete(mine + "/tasks/" + theirTask, mallory.token()).status()).isEqualTo(404);
        assertThat(api.post(mine + "/tasks", Map.of("id", theirTask, "title", "steal the id"), mallory.token()).status())
                .isEqualTo(409);
        var task = api.get(theirs + "/tasks/" + theirTask, victim.token()).json();
        assertThat(task.get("title").asString()).isEqualTo("Secret plan");
        assertThat(task.get("completed").asBoolean()).isFalse();
        assertThat(task.get("version").asLong()).isEqualTo(1);
    }

    @Test
    void anotherWorkspaceCannotBeReachedDirectly() {
        assertThat(api.get(theirs, mallory.token()).status()).isEqualTo(404);
        assertThat(api.get(theirs + "/tasks/" + theirTask, mallory.token()).status()).isEqualTo(404);
        assertThat(api.put(theirs + "/tasks/" + theirTask, Map.of("title", "pwned"), mallory.token()).status()).isEqualTo(404);
        assertThat(api.get(theirs + "/members", mallory.token()).status()).isEqualTo(404);
        assertThat(api.post(theirs + "/invite", Map.of("email", mallory.email(), "role", "owner"), mallory.token()).status())
                .isEqualTo(404);
        assertThat(api.delete(theirs, mallory.token()).status()).isEqualTo(404);
    }

    @Test
    void anotherWorkspacesCategoryCannotBeUsedRenamedOrTaken() {
        assertThat(api.post(mine + "/tasks", Map.of("title", "x", "categoryId", theirCategory), mallory.token()).status())
                .isEqualTo(400);
        assertThat(api.put(mine + "/categories/" + theirCategory, Map.of("name", "pwned"), mallory.token()).status())
                .isEqualTo(404);
        assertThat(api.delete(mine + "/categories/" + theirCategory, mallory.token()).status()).isEqualTo(404);
        api.post(mine + "/categories", Map.of("id", theirCategory, "name", "Hijack"), mallory.token());

        var category = api.get(theirs + "/categories/" + theirCategory, victim.token());
        assertThat(category.status()).isEqualTo(200);
        assertThat(category.json().get("name").asString()).isEqualTo("Secret");
        assertThat(category.json().get("workspaceId").asString()).isEqualTo(theirs.substring(theirs.lastIndexOf('/') + 1));
        assertThat(api.get(theirs + "/tasks/" + theirTask, victim.token()).json().get("categoryId").asString())
                .isEqualTo(theirCategory);
    }
}
