package io.tandem.app.web.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.api.task.MoveTaskCommand;
import io.tandem.api.task.SearchTasksQuery;
import io.tandem.api.task.TaskFilter;
import io.tandem.api.task.TaskSearchPage;
import io.tandem.api.task.TaskStatus;
import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import io.tandem.app.sync.SyncClient;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** GET /workspaces/{wid}/tasks/search against the real Elasticsearch, fed by the "search" projection. */
class TaskSearchApiTest extends ApiTestBase {

    private static final Duration INDEXED = Duration.ofSeconds(20);

    @Autowired
    CommandGateway commands;

    @Autowired
    QueryGateway queries;

    private TestUser owner;
    private UUID ws;

    @BeforeEach
    void workspace() {
        owner = register("Searcher");
        ws = createWorkspace(owner, "Search space");
    }

    @Test
    void aTypoStillFindsTheTask() {
        String id = id(createTask(owner, ws, Map.of("title", "Buy grocery for the week")));
        createTask(owner, ws, Map.of("title", "Call the plumber"));

        JsonNode page = awaitHits("gorcery", 1);
        assertThat(ids(page)).containsExactly(id);
        assertThat(page.get("items").get(0).get("score").asDouble()).isPositive();
    }

    @Test
    void aTypoFindsTheTaskAndTheWordsTypedRightAreHighlighted() {
        String id = id(createTask(owner, ws, Map.of("title", "Invoice the customer")));
        createTask(owner, ws, Map.of("title", "Call the plumber"));

        JsonNode page = awaitHits("invoice cusotmer", 1);
        assertThat(ids(page)).containsExactly(id);
        assertThat(page.get("items").get(0).get("highlights").get("title").get(0).asString())
                .isEqualTo("<em>Invoice</em> the customer");
        // No typos are forgiven in words of three letters or fewer, where one edit matches almost anything.
        createTask(owner, ws, Map.of("title", "Feed the cat"));
        assertThat(ids(awaitHits("feed", 1))).hasSize(1);
        assertThat(ids(search(ws, "cta", owner))).isEmpty();
    }

    @Test
    void theStartOfAWordFindsTheTaskAsYouType() {
        String id = id(createTask(owner, ws, Map.of("title", "Buy grocery for the week")));
        createTask(owner, ws, Map.of("title", "Green paint"));

        assertThat(ids(awaitHits("groc", 1))).containsExactly(id);
        assertThat(ids(awaitHits("buy gr", 1))).containsExactly(id);
    }

    @Test
    void tagsAndDescriptionsAreSearchedAndHighlighted() {
        String tagged = id(createTask(owner, ws, Map.of("title", "Quarterly report", "tags", List.of("finance", "board"))));
        String described = id(createTask(owner, ws, Map.of("title", "Plan offsite",
                "description", "Book a venue near the lake and order catering")));

        JsonNode byTag = awaitHits("finance", 1);
        assertThat(ids(byTag)).containsExactly(tagged);
        assertThat(byTag.get("items").get(0).get("highlights").get("tags").get(0).asString()).isEqualTo("<em>finance</em>");
        assertThat(byTag.get("items").get(0).get("task").get("tags")).hasSize(2);

        JsonNode byDescription = awaitHits("catering", 1);
        assertThat(ids(byDescription)).containsExactly(described);
        assertThat(byDescription.get("items").get(0).get("highlights").get("description").get(0).asString())
                .contains("<em>catering</em>");
    }

    @Test
    void titleMatchesAreHighlightedAndOutrankDescriptionMatches() {
        String inTitle = id(createTask(owner, ws, Map.of("title", "Invoice the customer")));
        String inDescription = id(createTask(owner, ws, Map.of("title", "Monthly chores",
                "description", "Remember the invoice before Friday")));

        JsonNode page = awaitHits("invoice", 2);
        assertThat(ids(page)).containsExactly(inTitle, inDescription);
        JsonNode first = page.get("items").get(0);
        assertThat(first.get("highlights").get("title").get(0).asString()).isEqualTo("<em>Invoice</em> the customer");
        assertThat(first.get("score").asDouble()).isGreaterThan(page.get("items").get(1).get("score").asDouble());
        assertThat(first.get("task").get("title").asString()).isEqualTo("Invoice the customer");
        assertThat(first.get("task").get("version").asLong()).isEqualTo(1);
    }

    @Test
    void anotherWorkspacesTasksAreNeverReturnedEvenWhenTheyMatchBetter() {
        TestUser stranger = register("Stranger");
        UUID other = createWorkspace(stranger, "Other space");
        invite(stranger, other, owner, "member"); // the owner may read both, yet each search stays in its workspace
        createTask(stranger, other, Map.of("title", "Grocery grocery grocery", "tags", List.of("grocery"),
                "description", "grocery"));
        String mine = id(createTask(owner, ws, Map.of("title", "Weekly chores", "description", "also some grocery")));

        JsonNode page = awaitHits("grocery", 1);
        assertThat(ids(page)).containsExactly(mine);
        await().atMost(INDEXED).until(() -> search(other, "grocery", owner).get("total").asLong() == 1);
        assertThat(ids(search(ws, "grocery", owner))).containsExactly(mine);

        TestUser outsider = register("Outsider");
        assertThat(api.get(searchPath(ws, "grocery"), outsider.token()).status()).isEqualTo(404);
    }

    @Test
    void theListFiltersNarrowTheSearch() {
        TestUser member = register("Member");
        invite(owner, ws, member, "member");
        String category = api.post("/api/v1/workspaces/" + ws + "/categories", Map.of("name", "Home"), owner.token())
                .json().get("id").asString();
        String plain = id(createTask(owner, ws, Map.of("title", "Paint fence", "priority", "low")));
        String urgent = id(createTask(owner, ws, Map.of("title", "Paint door", "priority", "high",
                "tags", List.of("outside"), "dueDate", "2030-01-10T00:00:00Z")));
        String assigned = id(createTask(owner, ws, Map.of("title", "Paint window", "assignedTo", member.id().toString(),
                "categoryId", category, "dueDate", "2030-03-10T00:00:00Z")));
        String done = id(createTask(owner, ws, Map.of("title", "Paint wall")));
        api.post("/api/v1/workspaces/" + ws + "/tasks/" + done + "/complete", Map.of(), owner.token());
        awaitHits("paint&completed=true", 1);

        assertThat(ids(search(ws, "paint&priority=high", owner))).containsExactly(urgent);
        assertThat(ids(search(ws, "paint&tag=outside", owner))).containsExactly(urgent);
        assertThat(ids(search(ws, "paint&assignedTo=" + member.id(), owner))).containsExactly(assigned);
        assertThat(ids(search(ws, "paint&categoryId=" + category, owner))).containsExactly(assigned);
        assertThat(ids(search(ws, "paint&completed=true", owner))).containsExactly(done);
        assertThat(ids(search(ws, "paint&status=done", owner))).containsExactly(done);
        assertThat(new HashSet<>(ids(search(ws, "paint&completed=false", owner)))).containsExactlyInAnyOrder(plain, urgent, assigned);
        assertThat(ids(search(ws, "paint&dueBefore=2030-02-01T00:00:00Z", owner))).containsExactly(urgent);
        assertThat(ids(search(ws, "paint&dueAfter=2030-02-01T00:00:00Z", owner))).containsExactly(assigned);
        assertThat(search(ws, "paint&status=in_progress", owner).get("total").asLong()).isZero();
    }

    @Test
    void pagesCoverEveryMatchOnceWithTheTotal() {
        for (int i = 0; i < 5; i++) {
            createTask(owner, ws, Map.of("title", "Stack item " + i));
        }
        awaitHits("stack", 5);
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode result = search(ws, "stack&size=2&page=" + page, owner);
            assertThat(result.get("total").asLong()).isEqualTo(5);
            assertThat(result.get("page").asInt()).isEqualTo(page);
            assertThat(result.get("size").asInt()).isEqualTo(2);
            seen.addAll(ids(result));
        }
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
        assertThat(search(ws, "stack&size=2&page=3", owner).get("items")).isEmpty();
    }

    @Test
    void everyKindOfChangeReachesTheIndex() {
        TestUser member = register("Helper");
        invite(owner, ws, member, "member");
        String task = id(createTask(owner, ws, Map.of("title", "Draft proposal", "description", "first outline")));
        String path = "/api/v1/workspaces/" + ws + "/tasks/" + task;
        awaitHits("proposal", 1);

        api.put(path, Map.of("title", "Final contract"), owner.token());
        awaitHits("contract", 1);
        assertThat(search(ws, "proposal", owner).get("total").asLong()).isZero();

        api.put(path, Map.of("description", "signed by both parties"), owner.token());
        awaitHits("parties", 1);
        assertThat(search(ws, "outline", owner).get("total").asLong()).isZero();

        api.put(path, Map.of("tags", List.of("legal")), owner.token());
        awaitHits("legal", 1);

        api.post(path + "/complete", Map.of(), owner.token());
        awaitHits("contract&completed=true", 1);
        api.post(path + "/reopen", Map.of(), owner.token());
        awaitHits("contract&completed=false", 1);

        api.post(path + "/assign", Map.of("assignedTo", member.id().toString()), owner.token());
        awaitHits("contract&assignedTo=" + member.id(), 1);

        commands.sendAndWait(new MoveTaskCommand(UUID.fromString(task), ws, TaskStatus.IN_PROGRESS, 3));
        JsonNode moved = awaitHits("contract&status=in_progress", 1);
        JsonNode view = moved.get("items").get(0).get("task");
        assertThat(view.get("position").asInt()).isEqualTo(3);
        assertThat(view.get("title").asString()).isEqualTo("Final contract");
        assertThat(view.get("description").asString()).isEqualTo("signed by both parties");
        assertThat(view.get("tags").get(0).asString()).isEqualTo("legal");
        assertThat(view.get("assignedTo").asString()).isEqualTo(member.id().toString());
        // the search view is the task as GET shows it
        assertThat(view).isEqualTo(api.get(path, owner.token()).json());

        assertThat(api.delete(path, owner.token()).status()).isEqualTo(204);
        await().atMost(INDEXED).until(() -> search(ws, "contract", owner).get("total").asLong() == 0);
    }

    /**
     * One push of creations and changes of the same tasks (handled as one batch, whose writes are gathered): each
     * task's changes land in event order on its document, its creation included.
     */
    @Test
    void aPushOfCreationsAndTheirChangesIndexesEachTasksLastState() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        SyncClient client = new SyncClient(api, ws, owner.token());
        client.enqueue("create", "task", first, Map.of("title", "Quarry survey", "description", "chalk"), null);
        client.enqueue("create", "task", second, Map.of("title", "Meadow survey"), null);
        client.enqueue("update", "task", first, Map.of("title", "Quarry report"), null);
        client.enqueue("update", "task", second, Map.of("tags", List.of("botany")), null);
        client.enqueue("update", "task", first, Map.of("description", "limestone and chalk", "priority", "high"), null);
        client.push().forEach(result -> assertThat(result.get("status").asString()).isEqualTo("applied"));

        JsonNode found = awaitHits("report", 1);
        JsonNode view = found.get("items").get(0).get("task");
        assertThat(view).isEqualTo(api.get("/api/v1/workspaces/" + ws + "/tasks/" + first, owner.token()).json());
        assertThat(view.get("description").asString()).isEqualTo("limestone and chalk");
        assertThat(view.get("priority").asString()).isEqualTo("high");
        assertThat(view.get("version").asLong()).isEqualTo(3);
        assertThat(search(ws, "quarry&priority=high", owner).get("total").asLong()).isEqualTo(1);
        assertThat(search(ws, "survey", owner).get("items").findValues("task").stream()
                .map(task -> task.get("id").asString())).containsExactly(second.toString());
        JsonNode meadow = awaitHits("botany", 1).get("items").get(0).get("task");
        assertThat(meadow).isEqualTo(api.get("/api/v1/workspaces/" + ws + "/tasks/" + second, owner.token()).json());
    }

    @Test
    void deletingACategoryClearsItFromItsTasks() {
        String category = api.post("/api/v1/workspaces/" + ws + "/categories", Map.of("name", "Errands"), owner.token())
                .json().get("id").asString();
        String task = id(createTask(owner, ws, Map.of("title", "Post office", "categoryId", category)));
        awaitHits("post&categoryId=" + category, 1);

        assertThat(api.delete("/api/v1/workspaces/" + ws + "/categories/" + category, owner.token()).status()).isEqualTo(204);
        await().atMost(INDEXED).until(() -> search(ws, "post&categoryId=" + category, owner).get("total").asLong() == 0);
        JsonNode hit = search(ws, "post", owner).get("items").get(0);
        assertThat(hit.get("task").get("id").asString()).isEqualTo(task);
        assertThat(hit.get("task").get("categoryId").isNull()).isTrue();
    }

    @Test
    void deletingAWorkspaceTakesItsTasksOutOfTheIndex() {
        createTask(owner, ws, Map.of("title", "Doomed task one"));
        createTask(owner, ws, Map.of("title", "Doomed task two"));
        awaitHits("doomed", 2);

        assertThat(api.delete("/api/v1/workspaces/" + ws, owner.token()).status()).isEqualTo(204);
        // The workspace answers 404 now, so the index itself is asked, past the web layer's access check.
        await().atMost(INDEXED).until(() -> queries.query(new SearchTasksQuery(ws, "doomed", TaskFilter.none(), 0, 10),
                TaskSearchPage.class).join().total() == 0);
    }

    @Test
    void aViewerMaySearch() {
        TestUser viewer = register("Viewer");
        invite(owner, ws, viewer, "viewer");
        String id = id(createTask(owner, ws, Map.of("title", "Readable by viewers")));
        await().atMost(INDEXED).until(() -> search(ws, "readable", viewer).get("total").asLong() == 1);
        assertThat(ids(search(ws, "readable", viewer))).containsExactly(id);
    }

    @Test
    void aMissingOrBlankQueryIsRefused() {
        ApiClient.Response missing = api.get("/api/v1/workspaces/" + ws + "/tasks/search", owner.token());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("q");
        assertThat(api.get(searchPath(ws, "%20%20"), owner.token()).status()).isEqualTo(400);
        assertThat(api.get(searchPath(ws, "x&size=500"), owner.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/workspaces/" + ws + "/tasks/search?q=x", null).status()).isEqualTo(401);
    }

    private JsonNode awaitHits(String query, long total) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(INDEXED).until(() -> {
            last[0] = search(ws, query, owner);
            return last[0].get("total").asLong() == total;
        });
        return last[0];
    }

    /** {@code query} is the q value, optionally followed by {@code &filter=...} parameters. */
    private JsonNode search(UUID workspace, String query, TestUser user) {
        ApiClient.Response r = api.get(searchPath(workspace, query), user.token());
        assertThat(r.status()).as("search %s: %s", query, r).isEqualTo(200);
        return r.json();
    }

    private static String searchPath(UUID workspace, String query) {
        int amp = query.indexOf('&');
        String q = amp < 0 ? query : query.substring(0, amp);
        String rest = amp < 0 ? "" : query.substring(amp);
        String encoded = q.contains("%") ? q : URLEncoder.encode(q, StandardCharsets.UTF_8);
        return "/api/v1/workspaces/" + workspace + "/tasks/search?q=" + encoded + rest;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("task").get("id").asString()));
        return ids;
    }

    private static String id(JsonNode task) {
        return task.get("id").asString();
    }
}
