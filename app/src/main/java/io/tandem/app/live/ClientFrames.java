package io.tandem.app.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tandem.api.MetadataKeys;
import io.tandem.api.sync.FetchSyncOperationsQuery;
import io.tandem.api.sync.SyncPage;
import io.tandem.api.task.FindTaskQuery;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskView;
import io.tandem.api.task.VersionCheck;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Grant;
import io.tandem.app.access.WorkspaceAccess.Need;
import io.tandem.app.web.task.TaskBody;
import io.tandem.app.web.task.TaskWrites;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Serves the client frames of the contract. Each answer that is not itself a stream frame goes back to the sender
 * alone; a refused frame is answered with {@code error {code, message}} and changes nothing.
 */
@Component
class ClientFrames {

    /** The page size of {@code sync_request}, as for the HTTP pull's default. */
    static final int SYNC_PAGE = 500;

    private final LiveConnections connections;
    private final Presence presence;
    private final WorkspaceAccess access;
    private final QueryGateway queries;
    private final ObjectMapper mapper;
    private final TaskWrites writes;
    private final DescriptionFrames descriptions;

    ClientFrames(LiveConnections connections, Presence presence, WorkspaceAccess access, TaskWrites writes,
                 QueryGateway queries, ObjectMapper mapper, DescriptionFrames descriptions) {
        this.writes = writes;
        this.descriptions = descriptions;
        this.connections = connections;
        this.presence = presence;
        this.access = access;
        this.queries = queries;
        this.mapper = mapper;
    }

    void handle(LiveConnection connection, String type, JsonNode payload) {
        switch (type) {
            case "join_workspace" -> join(connection, Fields.uuid(payload, "workspaceId", true));
            case "leave_workspace" -> leave(connection, Fields.uuid(payload, "workspaceId", true));
            case "presence_update" -> presenceUpdate(connection, payload);
            case "task_update" -> taskUpdate(connection, payload);
            case "sync_request" -> syncRequest(connection, payload);
            case "description_op", "description_sync", "description_cursor" -> description(connection, type, payload);
            default -> throw new FrameException("unknown_type", "Unknown frame type '" + type + "'; use join_workspace, "
                    + "leave_workspace, task_update, sync_request, presence_update, description_op, "
                    + "description_sync or description_cursor");
        }
    }

    /** Members and auditors (read-only) join; anyone else hears {@code not_found}, as over HTTP. */
    private void join(LiveConnection connection, UUID workspaceId) {
        access.require(workspaceId, connection.user, Need.READ);
        connections.join(connection, workspaceId);
        presence.joined(connection, workspaceId);
    }

    private void leave(LiveConnection connection, UUID workspaceId) {
        if (connections.leave(connection, workspaceId)) {
            presence.left(connection, workspaceId);
        }
    }

    private void presenceUpdate(LiveConnection connection, JsonNode payload) {
        String status = Fields.text(payload, "status", true);
        if (!Presence.STATUSES.contains(status)) {
            throw new FrameException("validation", "status must be online, away or busy").detail("field", "status");
        }
        connection.status = status;
        presence.changed(connection);
    }

    /**
     * Like {@code PUT /tasks/{id}} with {@code version}: a stale {@code baseVersion} merges when the fields differ
     * and answers {@code conflict} when they overlap. Success has no answer of its own: {@code task_updated}
     * follows from the sync log, to this connection as to every other.
     */
    private void taskUpdate(LiveConnection connection, JsonNode payload) {
        UUID taskId = Fields.uuid(payload, "taskId", true);
        JsonNode changesNode = payload.get("changes");
        if (changesNode == null || !changesNode.isObject()) {
            throw new FrameException("validation", "changes must be an object of task fields").detail("field", "changes");
        }
        Long baseVersion = null;
        JsonNode base = payload.get("baseVersion");
        if (base != null && !base.isNull()) {
            if (!base.isIntegralNumber() || base.longValue() < 0) {
                throw new FrameException("validation", "baseVersion must be a task version")
                        .detail("field", "baseVersion");
            }
            baseVersion = base.longValue();
        }
        UUID workspaceId = workspaceOfTask(connection, Fields.uuid(payload, "workspaceId", false), taskId);
        Grant grant = access.require(workspaceId, connection.user, Need.WRITE);
        TaskBody body = TaskBody.read(changesNode, mapper, false);
        TaskChanges changes = body.changes;
        if (changes.isEmpty()) {
            throw new FrameException("validation", "changes must name at least one task field")
                    .detail("field", "changes");
        }
        MetaData metaData = MetaData.with(MetadataKeys.USER_ID, connection.user.id().toString())
                .and(MetadataKeys.CORRELATION_ID, UUID.randomUUID().toString());
        writes.updateAsync(grant, taskId, body, baseVersion, baseVersion == null ? VersionCheck.NONE : VersionCheck.MERGE,
                metaData).whenComplete((version, failure) -> {
            if (failure != null) {
                connection.send(error(Failures.describe(failure).detail("taskId", taskId.toString())));
            }
        });
    }

    /** The description frames are about a task of a workspace this socket has joined. */
    private void description(LiveConnection connection, String type, JsonNode payload) {
        UUID taskId = Fields.uuid(payload, "taskId", true);
        UUID workspaceId = workspaceOfTask(connection, null, taskId);
        switch (type) {
            case "description_op" -> descriptions.op(connection, workspaceId, taskId, payload);
            case "description_sync" -> descriptions.sync(connection, workspaceId, taskId, payload);
            default -> descriptions.cursor(connection, workspaceId, taskId, payload);
        }
    }

    /** The frame names no workspace; the task is looked for in the one given, or else in those joined. */
    private UUID workspaceOfTask(LiveConnection connection, UUID given, UUID taskId) {
        List<UUID> candidates = given != null ? List.of(given) : new ArrayList<>(connection.workspaces);
        for (UUID workspaceId : candidates) {
            access.require(workspaceId, connection.user, Need.READ);
            Optional<TaskView> task = queries.query(new FindTaskQuery(workspaceId, taskId),
                    ResponseTypes.optionalInstanceOf(TaskView.class)).join();
            if (task.isPresent()) {
                return workspaceId;
            }
        }
        throw new FrameException("not_found", given == null && candidates.isEmpty()
                ? "Join the task's workspace first (or name it as workspaceId)"
                : "Task not found").detail("taskId", taskId.toString());
    }

    /**
     * Answers {@code sync_update {operations, nextToken}} (and {@code hasMore}, {@code workspaceId}) from the sync
     * log. Tokens belong to one workspace: the frame may name it, and must when several are joined.
     */
    private void syncRequest(LiveConnection connection, JsonNode payload) {
        String since = Fields.text(payload, "since", false);
        UUID workspaceId = Fields.uuid(payload, "workspaceId", false);
        if (workspaceId == null) {
            List<UUID> joined = List.copyOf(connection.workspaces);
            if (joined.size() != 1) {
                throw new FrameException("validation", joined.isEmpty()
                        ? "Join a workspace first (or name it as workspaceId)"
                        : "Several workspaces are joined: name one as workspaceId").detail("field", "workspaceId");
            }
            workspaceId = joined.get(0);
        }
        access.require(workspaceId, connection.user, Need.READ);
        UUID target = workspaceId;
        queries.query(new FetchSyncOperationsQuery(target, since, SYNC_PAGE), SyncPage.class)
                .whenComplete((page, failure) -> {
                    if (failure != null) {
                        connection.send(error(Failures.describe(failure)));
                        return;
                    }
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("operations", page.operations());
                    answer.put("nextToken", page.nextToken());
                    answer.put("hasMore", page.hasMore());
                    answer.put("workspaceId", target.toString());
                    connection.send(frame("sync_update", answer));
                });
    }

    TextMessage error(FrameException e) {
        return frame("error", e.payload());
    }

    private TextMessage frame(String type, Object payload) {
        return new TextMessage(mapper.writeValueAsString(new Frame(type, payload)));
    }
}
