package io.tandem.app.live;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.tandem.api.sync.SyncLogListener;
import io.tandem.api.sync.SyncOperation;
import io.tandem.api.workspace.CategoryView;
import io.tandem.api.workspace.FindCategoryQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns the sync log into the contract's server frames and publishes them to every replica: task create, update
 * and delete become {@code task_created} (the whole Task), {@code task_updated} and {@code task_deleted}; category
 * create and update become {@code category_updated}. Other operations (workspace, member, category deletion) have no
 * live frame in the contract; clients see them on their next pull.
 *
 * <p>Called on the sync log's thread, it only publishes the operation ({@link LiveBus#operation}). Each replica frames
 * the operations of the workspaces its sockets have joined, on the framing threads, in sync-log order per workspace.
 */
@Component
class SyncLogFrames implements SyncLogListener {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    /** The operations that have a live frame (see {@link #frame}). */
    private static final Set<String> FRAMED = Set.of("task/create", "task/update", "task/delete", "category/create",
            "category/update");
    /** The operations that end someone's access to the workspace: they go to every replica too, unframed. */
    private static final Set<String> ACCESS = Set.of("member/delete", "workspace/delete");
    private static final Set<String> CATEGORY_FIELDS = Set.of("id", "name", "color", "workspaceId", "createdBy",
            "createdAt");

    private final LiveBus bus;
    private final LiveExecutors executors;
    private final QueryGateway queries;
    private final ObjectMapper mapper;

    SyncLogFrames(LiveBus bus, LiveExecutors executors, QueryGateway queries, ObjectMapper mapper, LiveAccess access,
                  DescriptionFrames descriptions) {
        this.bus = bus;
        this.executors = executors;
        this.queries = queries;
        this.mapper = mapper;
        // Removals run in the workspace's frame order: no frame after a member's removal reaches their sockets.
        bus.framing(operation -> executors.inOrder(operation.workspaceId(), () -> {
            switch (operation.entityType() + "/" + operation.type()) {
                case "member/delete" -> access.memberRemoved(operation.workspaceId(), operation.entityId());
                case "workspace/delete" -> access.workspaceDeleted(operation.workspaceId());
                default -> {
                    frame(operation).ifPresent(frame -> bus.deliverHere(operation.workspaceId(), frame));
                    if ("task/update".equals(operation.entityType() + "/" + operation.type())) {
                        descriptions.framed(operation);
                    }
                }
            }
        }));
    }

    @Override
    public void appended(SyncOperation operation) {
        String kind = operation.entityType() + "/" + operation.type();
        if (operation.workspaceId() == null || !(FRAMED.contains(kind) || ACCESS.contains(kind))) {
            return;
        }
        bus.operation(operation);
    }

    Optional<Frame> frame(SyncOperation op) {
        String kind = op.entityType() + "/" + op.type();
        return switch (kind) {
            case "task/create" -> Optional.of(new Frame("task_created", task(op)));
            case "task/update" -> {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("taskId", op.entityId());
                payload.put("changes", op.data() == null ? Map.of() : op.data());
                payload.put("updatedBy", op.userId());
                payload.put("version", op.version());
                payload.put("token", op.token());
                yield Optional.of(new Frame("task_updated", payload));
            }
            case "task/delete" -> {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("taskId", op.entityId());
                payload.put("deletedBy", op.userId());
                payload.put("token", op.token());
                yield Optional.of(new Frame("task_deleted", payload));
            }
            case "category/create", "category/update" -> Optional.of(new Frame("category_updated", category(op)));
            default -> Optional.empty();
        };
    }

    /**
     * The Task as the operation carries it: a creation's data is the whole task (the same fields the read model
     * answers with), so the frame needs no read, and a busy workspace's frames do not queue behind one.
     */
    private static Object task(SyncOperation op) {
        Map<String, Object> task = new LinkedHashMap<>(op.data() == null ? Map.of() : op.data());
        task.putIfAbsent("id", op.entityId());
        task.putIfAbsent("workspaceId", op.workspaceId());
        task.putIfAbsent("version", op.version());
        return task;
    }

    /**
     * The category as the read model shows it, overlaid with the operation's fields: the read model may lag behind
     * the log, and a category carries no version to wait for.
     */
    private Object category(SyncOperation op) {
        Map<String, Object> category = new LinkedHashMap<>();
        queries.query(new FindCategoryQuery(op.workspaceId(), op.entityId()),
                        ResponseTypes.optionalInstanceOf(CategoryView.class)).join()
                .ifPresent(view -> category.putAll(mapper.convertValue(view, MAP)));
        if (op.data() != null) {
            op.data().forEach((field, value) -> {
                if (CATEGORY_FIELDS.contains(field)) {
                    category.put(field, value);
                }
            });
        }
        category.putIfAbsent("id", op.entityId());
        category.putIfAbsent("workspaceId", op.workspaceId());
        return category;
    }
}
