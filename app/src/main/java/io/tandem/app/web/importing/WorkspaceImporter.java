package io.tandem.app.web.importing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.tandem.api.DomainException;
import io.tandem.api.ErrorCode;
import io.tandem.api.MetadataKeys;
import io.tandem.api.task.FetchTaskWorkspacesQuery;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskWorkspaceView;
import io.tandem.api.workspace.CategoryView;
import io.tandem.api.workspace.FetchCategoriesQuery;
import io.tandem.app.security.CurrentUser;
import io.tandem.app.problem.ApiException;
import io.tandem.app.problem.ApiException.FieldError;
import io.tandem.app.readmodel.ReadYourWrites;
import io.tandem.app.web.TextRules;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Grant;
import io.tandem.app.web.task.TaskWrites;
import io.tandem.app.web.workspace.CategoryWrites;
import io.tandem.app.web.importing.ImportResponse.ItemError;
import io.tandem.app.web.importing.ImportResponse.Skipped;
import io.tandem.app.web.task.TaskBody;
import io.tandem.app.web.task.TaskReferences;
import io.tandem.app.messaging.Commands;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Imports a local-only client's categories, then its tasks (so tasks may refer to the categories), through the
 * same commands as the API, keeping the client's ids. An id that exists in the workspace already is skipped,
 * which makes a repeated import change nothing. Tasks are independent aggregates and go out in parallel chunks
 * on a bounded pool; categories belong to the one workspace aggregate and go one after another.
 */
@Component
class WorkspaceImporter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceImporter.class);
    private static final String TASK = "task";
    private static final String CATEGORY = "category";
    private static final Set<String> CATEGORY_FIELDS = Set.of("id", "name", "color", "workspaceId", "createdBy", "createdAt");
    private static final Pattern COLOR = Pattern.compile("^#[0-9A-Fa-f]{6}$");
    private static final int QUERY_CHUNK = 1000;

    private final TaskWrites writes;
    private final CategoryWrites categories;
    private final QueryGateway queries;
    private final WorkspaceAccess access;
    private final ReadYourWrites readYourWrites;
    private final ObjectMapper mapper;
    private final ImportProperties properties;
    private final TaskReferences references;
    private final ThreadPoolTaskExecutor executor;
    private final TransactionTemplate transactions;

    WorkspaceImporter(QueryGateway queries, WorkspaceAccess access,
                      ReadYourWrites readYourWrites, ObjectMapper mapper, ImportProperties properties,
                      TaskReferences references, TaskWrites writes, CategoryWrites categories,
                      PlatformTransactionManager transactionManager) {
        this.references = references;
        this.writes = writes;
        this.categories = categories;
        this.transactions = new TransactionTemplate(transactionManager);
        this.queries = queries;
        this.access = access;
        this.readYourWrites = readYourWrites;
        this.mapper = mapper;
        this.properties = properties;
        this.executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(Math.max(1, properties.parallelism()));
        executor.setMaxPoolSize(Math.max(1, properties.parallelism()));
        executor.setThreadNamePrefix("import-");
        executor.initialize();
    }

    @Override
    public void destroy() {
        executor.shutdown();
    }

    ImportResponse run(Grant grant, JsonNode body) {
        UUID workspaceId = grant.workspaceId();
        CurrentUser user = grant.user();
        List<JsonNode> categoryItems = items(body, "categories");
        List<JsonNode> taskItems = items(body, "tasks");
        if (categoryItems.size() + taskItems.size() > properties.maxItems()) {
            throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "An import takes at most "
                    + properties.maxItems() + " tasks and categories together; split it", null);
        }
        // Commands run on pool threads, which know neither the caller nor the request: both go in as metadata.
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(MetadataKeys.USER_ID, user.id().toString());
        String correlationId = MDC.get(MetadataKeys.CORRELATION_ID);
        if (correlationId != null) {
            metadata.put(MetadataKeys.CORRELATION_ID, correlationId);
        }
        Run run = new Run(grant, MetaData.from(metadata));
        long started = System.nanoTime();
        run.importCategories(categoryItems);
        run.importTasks(taskItems);
        long written = System.nanoTime();
        run.awaitReadModels();
        log.info("Imported {} tasks and {} categories into workspace {}: commands {} ms, read models {} ms more",
                run.importedTasks.size(), run.importedCategories, workspaceId, (written - started) / 1_000_000,
                (System.nanoTime() - written) / 1_000_000);
        List<ItemError> errors = new ArrayList<>(run.errors);
        errors.sort(Comparator.comparing((ItemError e) -> e.entityType().equals(CATEGORY) ? 0 : 1)
                .thenComparingInt(ItemError::index));
        List<Skipped> skipped = new ArrayList<>(run.skipped);
        return new ImportResponse(new ImportResponse.Imported(run.importedTasks.size(), run.importedCategories),
                skipped, errors);
    }

    private static List<JsonNode> items(JsonNode body, String name) {
        if (body == null || !body.isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed-json", "The request body must be a JSON object", null);
        }
        for (String field : body.propertyNames()) {
            if (!field.equals("tasks") && !field.equals("categories")) {
                throw ApiException.badRequest(field, "is not a known field");
            }
        }
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiException.badRequest(name, "must be a list");
        }
        List<JsonNode> items = new ArrayList<>(node.size());
        node.forEach(items::add);
        return items;
    }

    /** The state of one import request. */
    private final class Run {
        private final Grant grant;
        private final UUID workspaceId;
        private final CurrentUser user;
        private final MetaData metadata;
        private final UUID runId = UUID.randomUUID();
        private final List<ItemError> errors = new ArrayList<>();
        private final List<Skipped> skipped = new ArrayList<>();
        private final Set<UUID> knownCategories = new HashSet<>();
        private final Set<UUID> importedTasks = ConcurrentHashMap.newKeySet();
        private final Map<UUID, Boolean> members = new HashMap<>();
        private int importedCategories;
        private long workspaceVersion;

        /**
         * The metadata of the command that imports one item: the item is this run's client operation, so a retried
         * command is recognised by its aggregate as this run's own write, and a later run's as an existing id.
         */
        private MetaData operation(UUID itemId) {
            return metadata.and(MetadataKeys.CLIENT_OPERATION_ID, "import:" + runId + ":" + itemId);
        }

        Run(Grant grant, MetaData metadata) {
            this.grant = grant;
            this.workspaceId = grant.workspaceId();
            this.user = grant.user();
            this.metadata = metadata;
        }

        void importCategories(List<JsonNode> items) {
            List<CategoryView> existing = queries.query(new FetchCategoriesQuery(workspaceId),
                    ResponseTypes.multipleInstancesOf(CategoryView.class)).join();
            existing.forEach(c -> knownCategories.add(c.id()));
            Set<UUID> seen = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                List<FieldError> problems = new ArrayList<>();
                UUID id = categoryId(item, problems);
                String name = null;
                String color = null;
                if (item != null && item.isObject()) {
                    for (String field : item.propertyNames()) {
                        if (!CATEGORY_FIELDS.contains(field)) {
                            problems.add(new FieldError(field, "is not a known field"));
                        }
                    }
                    name = categoryName(item, problems);
                    color = categoryColor(item, problems);
                }
                if (id != null && !seen.add(id)) {
                    problems.add(new FieldError("id", "appears more than once in this import"));
                }
                if (!problems.isEmpty()) {
                    for (FieldError p : problems) {
                        errors.add(new ItemError(i, CATEGORY, id, p.field(), p.message()));
                    }
                    continue;
                }
                if (knownCategories.contains(id)) {
                    skipped.add(new Skipped(id, CATEGORY, "a category with this id exists already"));
                    continue;
                }
                try {
                    long version = categories.create(grant, id, name, color, operation(id));
                    workspaceVersion = Math.max(workspaceVersion, version);
                    knownCategories.add(id);
                    importedCategories++;
                } catch (DomainException e) {
                    if (e.code() == ErrorCode.ALREADY_APPLIED) {
                        // Written by this run a moment ago (a retried command): imported, not skipped.
                        workspaceVersion = Math.max(workspaceVersion, e.currentVersion());
                        knownCategories.add(id);
                        importedCategories++;
                    } else if (e.code() == ErrorCode.ALREADY_EXISTS && "categoryId".equals(e.field())) {
                        // A category deleted since an earlier import keeps its id; importing it again is a no-op.
                        skipped.add(new Skipped(id, CATEGORY, "this id was used by a category that has been deleted"));
                    } else {
                        errors.add(new ItemError(i, CATEGORY, id, categoryField(e.field()), e.getMessage()));
                    }
                }
            }
        }

        void importTasks(List<JsonNode> items) {
            List<Candidate> candidates = new ArrayList<>();
            Set<UUID> seen = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                List<FieldError> problems = new ArrayList<>();
                TaskBody body = TaskBody.readForCreation(items.get(i), mapper, problems);
                UUID id = body == null ? readableId(items.get(i)) : body.id();
                if (body != null) {
                    if (id == null) {
                        problems.add(new FieldError("id", "is required: the import keeps client ids, which makes it repeatable"));
                    } else if (!seen.add(id)) {
                        problems.add(new FieldError("id", "appears more than once in this import"));
                    }
                    checkReferences(body.changes(), problems);
                }
                if (!problems.isEmpty()) {
                    for (FieldError p : problems) {
                        errors.add(new ItemError(i, TASK, id, p.field(), p.message()));
                    }
                    continue;
                }
                candidates.add(new Candidate(i, id, body));
            }
            Map<UUID, UUID> parentOf = new HashMap<>();
            candidates.forEach(c -> {
                if (c.body().parentTaskId() != null) {
                    parentOf.put(c.id(), c.body().parentTaskId());
                }
            });
            Set<UUID> badParent = references.badParents(workspaceId, parentOf,
                    candidates.stream().map(Candidate::id).collect(Collectors.toSet()));
            Map<UUID, UUID> inUse = workspacesOf(candidates.stream().map(Candidate::id).toList());
            List<Candidate> toCreate = new ArrayList<>();
            for (Candidate c : candidates) {
                UUID owner = inUse.get(c.id());
                if (badParent.contains(c.id())) {
                    errors.add(new ItemError(c.index(), TASK, c.id(), "parentTaskId", TaskReferences.NOT_A_TASK_HERE));
                } else if (owner == null) {
                    toCreate.add(c);
                } else if (owner.equals(workspaceId)) {
                    skipped.add(new Skipped(c.id(), TASK, "a task with this id exists already"));
                } else {
                    errors.add(new ItemError(c.index(), TASK, c.id(), "id", "is already used by another task"));
                }
            }
            List<CompletableFuture<List<Outcome>>> outcomes = new ArrayList<>();
            int size = Math.max(1, properties.chunkSize());
            for (int from = 0; from < toCreate.size(); from += size) {
                List<Candidate> chunk = toCreate.subList(from, Math.min(toCreate.size(), from + size));
                outcomes.add(CompletableFuture.supplyAsync(() -> createAll(chunk), executor));
            }
            for (CompletableFuture<List<Outcome>> future : outcomes) {
                for (Outcome outcome : future.join()) {
                    if (outcome.error() != null) {
                        errors.add(outcome.error());
                    } else if (outcome.skipped() != null) {
                        skipped.add(outcome.skipped());
                    }
                }
            }
        }

        /**
         * Creates a chunk of tasks in one database transaction, which each command's unit of work joins: one
         * commit instead of one per task. Any refusal rolls the whole chunk back, and it is then created task by
         * task, so that each item gets its own answer.
         */
        private List<Outcome> createAll(List<Candidate> chunk) {
            try {
                transactions.executeWithoutResult(status -> chunk.forEach(c -> create(c, operation(c.id()))));
                chunk.forEach(c -> importedTasks.add(c.id()));
                return List.of();
            } catch (RuntimeException e) {
                return chunk.stream().map(this::create).toList();
            }
        }

        /** Its references were checked with the whole import's (see importTasks). */
        private void create(Candidate c, MetaData metaData) {
            writes.createChecked(grant, c.id(), c.body(), metaData);
        }

        private Outcome create(Candidate c) {
            try {
                create(c, operation(c.id()));
                importedTasks.add(c.id());
                return new Outcome(null, null);
            } catch (DomainException e) {
                if (e.code() == ErrorCode.ALREADY_APPLIED) {
                    // Created by this run's chunk before another item of it failed: where the events are not in
                    // the chunk's transaction (Axon Server, an event store of their own) it stayed. Imported.
                    importedTasks.add(c.id());
                    return new Outcome(null, null);
                }
                if (e.code() == ErrorCode.ALREADY_EXISTS && "id".equals(e.field())) {
                    return new Outcome(null, new Skipped(c.id(), TASK, "a task with this id exists already"));
                }
                return new Outcome(new ItemError(c.index(), TASK, c.id(), e.field(), e.getMessage()), null);
            } catch (AggregateStreamCreationException | ConcurrencyException e) {
                // Created meanwhile (a concurrent import of the same data, or a read model that had not caught up).
                return new Outcome(null, new Skipped(c.id(), TASK, "a task with this id exists already"));
            } catch (RuntimeException e) {
                log.error("Import of task {} into workspace {} failed", c.id(), workspaceId, e);
                return new Outcome(new ItemError(c.index(), TASK, c.id(), null, "could not be saved"), null);
            }
        }

        /** The category must exist in the workspace (before or by this import), the assignee must be a member. */
        private void checkReferences(TaskChanges changes, List<FieldError> problems) {
            problems.addAll(TaskReferences.problems(changes, knownCategories::contains,
                    userId -> members.computeIfAbsent(userId, id -> access.membership(workspaceId, id).isPresent())));
        }

        /** Which of the ids the task read model knows, and their workspaces. */
        private Map<UUID, UUID> workspacesOf(List<UUID> ids) {
            Map<UUID, UUID> owners = new HashMap<>();
            for (TaskWorkspaceView view : views(ids)) {
                owners.put(view.taskId(), view.workspaceId());
            }
            return owners;
        }

        private List<TaskWorkspaceView> views(List<UUID> ids) {
            List<TaskWorkspaceView> views = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += QUERY_CHUNK) {
                List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + QUERY_CHUNK));
                views.addAll(queries.query(new FetchTaskWorkspacesQuery(List.copyOf(chunk)),
                        ResponseTypes.multipleInstancesOf(TaskWorkspaceView.class)).join());
            }
            return views;
        }

        /** Answers only once a list read right after would show every category and task this import created. */
        void awaitReadModels() {
            if (workspaceVersion > 0) {
                readYourWrites.awaitWorkspace(workspaceId, workspaceVersion);
            }
            Set<UUID> pending = new LinkedHashSet<>(importedTasks);
            long deadline = System.nanoTime() + properties.catchUpTimeout().toNanos();
            long pauseMillis = 5;
            while (true) {
                for (TaskWorkspaceView view : views(List.copyOf(pending))) {
                    if (view.version() >= 1) {
                        pending.remove(view.taskId());
                    }
                }
                if (!pending.isEmpty() && pauseMillis == 200) {
                    // Saved, but set aside by the task list after it failed on them: they will not show until an
                    // operator retries them, so waiting for them would only end in a 503.
                    pending.removeAll(readYourWrites.parkedTasks(pending));
                }
                if (pending.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw ApiException.unavailable("The import was saved but " + pending.size()
                            + " tasks are not readable yet; read them again shortly");
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw ApiException.unavailable("Interrupted while waiting for the read model");
                }
                pauseMillis = Math.min(pauseMillis * 2, 200);
            }
        }
    }

    private static UUID categoryId(JsonNode item, List<FieldError> problems) {
        if (item == null || !item.isObject()) {
            problems.add(new FieldError("body", "must be a JSON object"));
            return null;
        }
        UUID id = readableId(item);
        if (id == null) {
            problems.add(new FieldError("id", item.hasNonNull("id") ? "must be a UUID"
                    : "is required: the import keeps client ids, which makes it repeatable"));
        }
        return id;
    }

    private static String categoryName(JsonNode item, List<FieldError> problems) {
        JsonNode name = item.get("name");
        if (name == null || !name.isString() || name.asString().isBlank()) {
            problems.add(new FieldError("name", "is required"));
            return null;
        }
        String trimmed = name.asString().trim();
        if (!TextRules.storable(trimmed)) {
            problems.add(new FieldError("name", TextRules.MESSAGE));
        }
        if (trimmed.length() > 100) {
            problems.add(new FieldError("name", "must be at most 100 characters"));
        }
        return trimmed;
    }

    private static String categoryColor(JsonNode item, List<FieldError> problems) {
        JsonNode color = item.get("color");
        if (color == null || color.isNull()) {
            return null;
        }
        if (!color.isString() || !COLOR.matcher(color.asString()).matches()) {
            problems.add(new FieldError("color", "must be a colour like #RRGGBB"));
            return null;
        }
        return color.asString();
    }

    /** The item's id if it has a well-formed one, so that even a refused item can be named. */
    private static UUID readableId(JsonNode item) {
        JsonNode id = item == null ? null : item.get("id");
        if (id == null || !id.isString()) {
            return null;
        }
        try {
            return UUID.fromString(id.asString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Domain refusals name the command's field; on an import item the category's own id is called "id". */
    private static String categoryField(String field) {
        return "categoryId".equals(field) ? "id" : field;
    }

    private record Candidate(int index, UUID id, TaskBody body) {
    }

    private record Outcome(ItemError error, Skipped skipped) {
    }
}
