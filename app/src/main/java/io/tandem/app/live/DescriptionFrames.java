package io.tandem.app.live;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tandem.api.MetadataKeys;
import io.tandem.api.sync.SyncOperation;
import io.tandem.api.task.DescriptionEdit;
import io.tandem.api.task.DescriptionOps;
import io.tandem.api.task.FetchDescriptionOpsQuery;
import io.tandem.app.web.task.TaskWrites;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Grant;
import io.tandem.app.access.WorkspaceAccess.Need;
import io.tandem.ot.InvalidOpException;
import io.tandem.ot.Selection;
import io.tandem.ot.TextOp;
import io.tandem.ot.TextUnicode;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The collaborative description frames of the contract. An operation goes to the task as a command; the command's
 * answer acknowledges it to its socket at once (after the operations it was transformed against, which that socket
 * had not seen), and what it made comes back through the sync log like every change, framed here in the
 * workspace's order: as {@code description_op} to every other socket, on every replica (and as
 * {@code description_ack} to its socket when the answer could not say all it missed). So on each socket a task's frames come in revision order, and an ack after every operation
 * before it. A socket that synced a task ({@code description_sync}) gets the missed operations and then each later
 * one exactly once, without gaps.
 */
@Component
class DescriptionFrames {

    private static final int PAGE = 500;

    private final LiveBus bus;
    private final LiveConnections connections;
    private final LiveExecutors executors;
    private final WorkspaceAccess access;
    private final TaskWrites writes;
    private final QueryGateway queries;
    private final ObjectMapper mapper;
    private final Duration catchUpTimeout;
    /** The last revision framed here per task: a sync answers at least up to it, so no later frame leaves a gap. */
    private final Cache<UUID, Long> framedRevisions = Caffeine.newBuilder().maximumSize(100_000).build();

    DescriptionFrames(LiveBus bus, LiveConnections connections, LiveExecutors executors, WorkspaceAccess access,
                      TaskWrites writes, QueryGateway queries, ObjectMapper mapper,
                      @Value("${tandem.read-your-writes-timeout:PT10S}") Duration catchUpTimeout) {
        this.bus = bus;
        this.connections = connections;
        this.executors = executors;
        this.access = access;
        this.writes = writes;
        this.queries = queries;
        this.mapper = mapper;
        this.catchUpTimeout = catchUpTimeout;
    }

    /** {@code description_op {taskId, revision, op, clientId, seq}} on a task of a joined workspace. */
    void op(LiveConnection connection, UUID workspaceId, UUID taskId, JsonNode payload) {
        UUID clientId = Fields.uuid(payload, "clientId", true);
        long seq = Fields.count(payload, "seq", 1);
        Function<FrameException, FrameException> about = e -> e.detail("taskId", taskId.toString())
                .detail("clientId", clientId.toString()).detail("seq", seq);
        long revision;
        Grant grant;
        JsonNode op = payload.get("op");
        try {
            revision = Fields.count(payload, "revision", 0);
            if (op == null || !op.isArray()) {
                throw new FrameException("validation", "op must be a text-unicode operation (a JSON array)")
                        .detail("field", "op");
            }
            grant = access.require(workspaceId, connection.user, Need.WRITE);
        } catch (FrameException e) {
            throw about.apply(e);
        } catch (RuntimeException e) {
            throw about.apply(Failures.describe(e));
        }
        // Before the command: the sync log's frame of this operation may come back before the command's answer.
        connection.editors.add(clientId);
        MetaData metaData = MetaData.with(MetadataKeys.USER_ID, connection.user.id().toString())
                .and(MetadataKeys.CORRELATION_ID, UUID.randomUUID().toString());
        writes.editDescriptionAsync(grant, taskId, revision, mapper.writeValueAsString(op), clientId, seq, metaData)
                .whenComplete((edit, failure) -> {
            if (failure != null) {
                connection.send(frame("error", about.apply(Failures.describe(failure)).payload()));
            } else {
                executors.inOrder(workspaceId, () -> acknowledged(connection, taskId, clientId, seq, revision, edit));
            }
        });
    }

    /**
     * An edit is stored: its sender gets what it had not seen and then its acknowledgement now, from the command's
     * answer, rather than when the sync log brings the edit back (in the workspace's frame order, like those frames,
     * which then skip what this sent). The operations between the socket's last framed revision and the one the edit
     * was made on reached the client otherwise (it made its edit on them). A resent edit that was applied before
     * (after a reconnect, or a frame the budget dropped) is answered again, as the contract says, and also only after
     * every operation below its revision.
     */
    private void acknowledged(LiveConnection connection, UUID taskId, UUID clientId, long seq, long base,
                              DescriptionEdit edit) {
        long framed = Math.max(base, connection.descriptionRevisions.getOrDefault(taskId, base));
        TextMessage asAck = frame("description_ack", ack(taskId, clientId, seq, edit.revision()));
        if (framed >= edit.revision()) {
            // Framed here already (the sync log's frame came first): only a repeat needs its answer again.
            if (edit.duplicate()) {
                connection.send(asAck);
            }
            return;
        }
        List<DescriptionOps.Op> unseen = edit.missed().stream()
                .filter(missed -> missed.revision() > framed && missed.revision() < edit.revision()).toList();
        if (unseen.size() != edit.revision() - 1 - framed) {
            // Not all of them are known from the answer: the sync log brings them and the acknowledgement (for the
            // socket's editor) in order.
            return;
        }
        for (DescriptionOps.Op missed : unseen) {
            connection.send(frame("description_op", op(taskId, missed.revision(), missed.op(), missed.userId(),
                    missed.clientId(), missed.seq())));
        }
        connection.descriptionRevisions.merge(taskId, edit.revision(), Math::max);
        connection.send(asAck);
    }

    /**
     * {@code description_sync {taskId, since}}: the operations after {@code since} as {@code description_op}
     * frames, then {@code description_synced {taskId, revision}}. Runs in the workspace's frame order, and answers
     * at least up to the last revision framed before it, so the frames after it continue without a gap.
     */
    void sync(LiveConnection connection, UUID workspaceId, UUID taskId, JsonNode payload) {
        long since = Fields.count(payload, "since", 0);
        executors.inOrder(workspaceId, () -> {
            try {
                long target = Math.max(Optional.ofNullable(framedRevisions.getIfPresent(taskId)).orElse(0L),
                        connection.descriptionRevisions.getOrDefault(taskId, 0L));
                DescriptionOps page = caughtUp(workspaceId, taskId, since, target);
                if (since > page.revision()) {
                    throw new FrameException("validation", "The description is at revision " + page.revision()
                            + "; there is no revision " + since).detail("field", "since").detail("taskId", taskId.toString());
                }
                long sent = since;
                while (true) {
                    for (DescriptionOps.Op op : page.ops()) {
                        connection.send(frame("description_op", op(taskId, op.revision(), op.op(), op.userId(),
                                op.clientId(), op.seq())));
                        sent = op.revision();
                    }
                    if (sent >= page.revision() || page.ops().isEmpty()) {
                        break;
                    }
                    page = fetch(workspaceId, taskId, sent);
                }
                connection.descriptionRevisions.merge(taskId, sent, Math::max);
                Map<String, Object> synced = new LinkedHashMap<>();
                synced.put("taskId", taskId);
                synced.put("revision", sent);
                connection.send(frame("description_synced", synced));
            } catch (RuntimeException e) {
                connection.send(frame("error", Failures.describe(e).detail("taskId", taskId.toString()).payload()));
            }
        });
    }

    /**
     * {@code description_cursor {taskId, revision, selection: [anchor, head], clientId?}}: forwarded to the
     * workspace's other sockets, on every replica, with the selection moved to the current revision.
     */
    void cursor(LiveConnection connection, UUID workspaceId, UUID taskId, JsonNode payload) {
        long revision = Fields.count(payload, "revision", 0);
        JsonNode selection = payload.get("selection");
        if (selection == null || !selection.isArray() || selection.size() != 2
                || !selection.get(0).isIntegralNumber() || !selection.get(1).isIntegralNumber()
                || selection.get(0).longValue() < 0 || selection.get(1).longValue() < 0
                || selection.get(0).longValue() > Integer.MAX_VALUE || selection.get(1).longValue() > Integer.MAX_VALUE) {
            throw new FrameException("validation", "selection must be [anchor, head], two positions")
                    .detail("field", "selection");
        }
        UUID clientId = Fields.uuid(payload, "clientId", false);
        Selection moved = new Selection(selection.get(0).intValue(), selection.get(1).intValue());
        long current = revision;
        DescriptionOps page = fetch(workspaceId, taskId, revision);
        while (!page.ops().isEmpty()) {
            for (DescriptionOps.Op op : page.ops()) {
                try {
                    moved = TextUnicode.transformSelection(moved, TextOp.fromTree(op.op()));
                } catch (InvalidOpException e) {
                    // An operation that no longer reads as one (its workspace's key is gone): nothing to move by.
                }
                current = op.revision();
            }
            if (current >= page.revision()) {
                break;
            }
            page = fetch(workspaceId, taskId, current);
        }
        Map<String, Object> forwarded = new LinkedHashMap<>();
        forwarded.put("taskId", taskId);
        forwarded.put("userId", connection.user.id());
        forwarded.put("clientId", clientId);
        forwarded.put("revision", current);
        forwarded.put("selection", List.of(moved.anchor(), moved.head()));
        bus.toWorkspaceExcept(workspaceId, connection.id, new Frame("description_cursor", forwarded));
    }

    /**
     * A sync-log operation that changed a description, framed for this replica's sockets in the workspace (called
     * in the workspace's frame order): an ack for the socket whose editor made it, the operation for the others.
     */
    void framed(SyncOperation operation) {
        Map<String, Object> data = operation.data();
        if (data == null || !(data.get("descriptionRevision") instanceof Number number)) {
            return;
        }
        UUID taskId = operation.entityId();
        long revision = number.longValue();
        framedRevisions.asMap().merge(taskId, revision, Math::max);
        UUID clientId = uuidOrNull(data.get("descriptionClientId"));
        Long seq = data.get("descriptionSeq") instanceof Number s ? s.longValue() : null;
        TextMessage asOp = frame("description_op",
                op(taskId, revision, data.get("descriptionOp"), operation.userId(), clientId, seq));
        TextMessage asAck = clientId == null || seq == null ? null
                : frame("description_ack", ack(taskId, clientId, seq, revision));
        for (LiveConnection connection : connections.inWorkspace(operation.workspaceId())) {
            Long last = connection.descriptionRevisions.get(taskId);
            if (last != null && revision <= last) {
                continue;
            }
            connection.descriptionRevisions.put(taskId, revision);
            connection.send(asAck != null && connection.editors.contains(clientId) ? asAck : asOp);
        }
    }

    /** The operations after {@code since}, once the read model holds at least revision {@code target}. */
    private DescriptionOps caughtUp(UUID workspaceId, UUID taskId, long since, long target) {
        long deadline = System.nanoTime() + catchUpTimeout.toNanos();
        DescriptionOps page = fetch(workspaceId, taskId, since);
        while (page.revision() < target && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            page = fetch(workspaceId, taskId, since);
        }
        if (page.revision() < target) {
            throw new FrameException("unavailable", "The description's operations are not readable yet; sync again");
        }
        return page;
    }

    private DescriptionOps fetch(UUID workspaceId, UUID taskId, long since) {
        return queries.query(new FetchDescriptionOpsQuery(workspaceId, taskId, since, PAGE),
                        ResponseTypes.optionalInstanceOf(DescriptionOps.class)).join()
                .orElseThrow(() -> new FrameException("not_found", "Task not found"));
    }

    private static Map<String, Object> op(UUID taskId, long revision, Object op, UUID userId, UUID clientId, Long seq) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("taskId", taskId);
        payload.put("revision", revision);
        payload.put("op", op);
        payload.put("userId", userId);
        payload.put("clientId", clientId);
        payload.put("seq", seq);
        return payload;
    }

    private static Map<String, Object> ack(UUID taskId, UUID clientId, long seq, long revision) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("taskId", taskId);
        payload.put("clientId", clientId);
        payload.put("seq", seq);
        payload.put("revision", revision);
        return payload;
    }

    private static UUID uuidOrNull(Object value) {
        try {
            return value == null ? null : UUID.fromString(value.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private TextMessage frame(String type, Object payload) {
        return new TextMessage(mapper.writeValueAsString(new Frame(type, payload)));
    }
}
