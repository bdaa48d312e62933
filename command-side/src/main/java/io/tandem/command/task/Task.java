package io.tandem.command.task;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.tandem.api.DomainException;
import io.tandem.api.ErrorCode;
import io.tandem.api.task.AssignTaskCommand;
import io.tandem.api.task.CompleteTaskCommand;
import io.tandem.api.task.CreateTaskCommand;
import io.tandem.api.task.DeleteTaskCommand;
import io.tandem.api.task.DescriptionChange;
import io.tandem.api.task.DescriptionEdit;
import io.tandem.api.task.DescriptionOps;
import io.tandem.api.task.EditTaskDescriptionCommand;
import io.tandem.api.task.MergeOutcome;
import io.tandem.api.task.MergeTaskChangesCommand;
import io.tandem.api.task.MoveTaskCommand;
import io.tandem.api.task.Priority;
import io.tandem.api.task.RecurringConfig;
import io.tandem.api.task.ReopenTaskCommand;
import io.tandem.api.task.TaskAssignedEvent;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskCompletedEvent;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskDeletedEvent;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskFieldsChangedEvent;
import io.tandem.api.task.TaskMergeResult;
import io.tandem.api.task.TaskMovedEvent;
import io.tandem.api.task.TaskReopenedEvent;
import io.tandem.api.task.TaskStatus;
import io.tandem.api.task.TaskVersionConflictException;
import io.tandem.api.task.UpdateTaskCommand;
import io.tandem.api.task.VersionCheck;
import io.tandem.api.workspace.ConflictStrategy;
import io.tandem.api.MetadataKeys;
import io.tandem.api.WorkspaceScoped;
import io.tandem.ot.TextOp;
import io.tandem.ot.TextUnicode;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import io.tandem.command.operation.AppliedOperations;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A task. Every handler answers the task's version (its event count), which is also its ETag and sync base
 * version. The aggregate remembers which fields each version changed, so a stale update can be merged when it
 * touches only fields nobody else changed since.
 */
@Aggregate(repository = "taskRepository")
class Task {

    private static final int MAX_TITLE = 500;
    private static final int MAX_TAGS = 20;
    private static final int MAX_TAG = 100;
    // Status and completion move only through TaskCompleted/TaskReopened, so they never ride in a field change.
    private static final Set<TaskField> TRANSITION_FIELDS = EnumSet.of(TaskField.STATUS, TaskField.COMPLETED);

    @AggregateIdentifier
    private UUID taskId;
    private UUID workspaceId;
    private UUID createdBy;
    private String title;
    private String description;
    private Priority priority;
    private UUID categoryId;
    private List<String> tags;
    private UUID assignedTo;
    private Instant dueDate;
    private boolean recurring;
    private RecurringConfig recurringConfig;
    private boolean template;
    private UUID parentTaskId;
    private TaskStatus status;
    private Integer position;
    private boolean completed;
    private Instant completedAt;
    private int occurrence;
    /** The day of the month a monthly or yearly series keeps to, when it differs from the due date's (see Recurrence). */
    private Integer seriesDay;
    private boolean deleted;
    // A recurring instance decides about its successor once, at its first completion; reopening must not fork the series.
    private boolean successorDecided;
    private long version;
    // Element i holds the fields changed by the event that produced version i + 1.
    private final List<Set<TaskField>> fieldsChangedByVersion = new ArrayList<>();
    // Element i holds when the change of version i + 1 was made: by its offline client, or else by the server.
    private final List<Instant> changedAtByVersion = new ArrayList<>();
    // Element i holds the description's revision at version i + 1.
    private final List<Long> descriptionRevisionByVersion = new ArrayList<>();
    private final AppliedOperations operations = new AppliedOperations();
    private final DescriptionHistory descriptions = new DescriptionHistory();

    Task() {
    }

    /**
     * A client operation that was applied before is refused with the version it produced; see AppliedOperations.
     * Only within the task's own workspace: from another one the task is not there, so the handler answers as for
     * any task the caller cannot see, never "duplicate" with this task's version.
     */
    @CommandHandlerInterceptor
    Object applyOnce(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        if (taskId != null && command.getPayload() instanceof WorkspaceScoped scoped
                && !workspaceId.equals(scoped.workspaceId())) {
            return chain.proceed();
        }
        return operations.handle(command, chain, () -> version);
    }

    /** Brings the next occurrence of a series into being, from inside its predecessor's unit of work. */
    private Task(TaskCreatedEvent nextOccurrence) {
        apply(nextOccurrence);
    }

    /**
     * Creates the task, or refuses when its id is taken. Loading first (rather than always creating) is what lets
     * a repeated creation by the same client operation be recognised as applied already. A taken id is refused
     * with one answer wherever it is taken (this workspace, a deleted task, another workspace): ids stay taken
     * forever, so the answer says only that the id was once used, which whoever holds it knew, and nothing about
     * what another workspace holds now.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Long handle(CreateTaskCommand command) {
        if (taskId != null) {
            throw new DomainException(ErrorCode.ALREADY_EXISTS, "id", "A task with this id exists already");
        }
        if (command.workspaceId() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "workspaceId", "A task belongs to a workspace");
        }
        if (command.createdBy() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "createdBy", "A task has a creator");
        }
        RecurringConfig config = command.recurringConfig() == null ? null : validConfig(command.recurringConfig());
        if (command.recurring() && config == null) {
            throw new DomainException(ErrorCode.VALIDATION, "recurringConfig", "A recurring task needs a schedule");
        }
        TaskStatus initialStatus = command.status() == null ? TaskStatus.TODO : command.status();
        boolean done = initialStatus == TaskStatus.DONE;
        apply(new TaskCreatedEvent(
                command.taskId(),
                command.workspaceId(),
                command.createdBy(),
                validTitle(command.title()),
                validDescription(command.description()),
                command.priority() == null ? Priority.MEDIUM : command.priority(),
                command.categoryId(),
                validTags(command.tags()),
                command.assignedTo(),
                command.dueDate(),
                command.recurring(),
                config,
                command.template(),
                command.parentTaskId(),
                initialStatus,
                validPosition(command.position() == null ? Integer.valueOf(0) : command.position()),
                done,
                done ? now() : null,
                1));
        return version;
    }

    @CommandHandler
    Long handle(UpdateTaskCommand command) throws Exception {
        requireLive(command.workspaceId());
        TaskChanges wanted = validChanges(command.changes() == null ? emptyChanges() : command.changes());
        Set<TaskField> differing = differing(wanted);
        Long base = command.baseVersion();
        if (command.descriptionMerges() && command.check() == VersionCheck.MERGE && base != null && base >= 1
                && base < version && differing.contains(TaskField.DESCRIPTION)
                && lastChangeSince(base, TaskField.DESCRIPTION).isPresent()) {
            Optional<String> merged = mergedDescription(base, wanted.description());
            if (merged.isPresent()) {
                wanted = withDescription(wanted, merged.get());
                differing = differing(wanted);
                Set<TaskField> checked = EnumSet.noneOf(TaskField.class);
                checked.addAll(differing);
                checked.remove(TaskField.DESCRIPTION);
                checkVersion(command, checked);
                applyChanges(wanted, differing);
                return version;
            }
        }
        checkVersion(command, differing);
        applyChanges(wanted, differing);
        return version;
    }

    /**
     * An offline client's change, settled here rather than refused: fields nobody touched since its base version
     * apply; fields both sides changed go as the strategy says (the later edit wins, or they are held as a
     * conflict); preserved fields are always held. Held fields stay as they are, the rest of the change applies.
     */
    @CommandHandler
    TaskMergeResult handle(MergeTaskChangesCommand command) throws Exception {
        requireLive(command.workspaceId());
        TaskChanges wanted = validChanges(command.changes() == null ? emptyChanges() : command.changes());
        long base = command.baseVersion() == null ? version : command.baseVersion();
        if (base < 1 || base > version) {
            throw new DomainException(ErrorCode.VALIDATION, "baseVersion",
                    "The task is at version " + version + "; there is no version " + base);
        }
        Set<TaskField> differing = differing(wanted);
        Set<TaskField> preserved = command.preserveFields() == null ? Set.of() : command.preserveFields();
        ConflictStrategy strategy = command.strategy() == null ? ConflictStrategy.FIELD_LEVEL_MERGE : command.strategy();
        Instant clientTime = command.changedAt() == null ? now() : command.changedAt();
        Set<TaskField> held = EnumSet.noneOf(TaskField.class);
        Set<TaskField> serverKeeps = EnumSet.noneOf(TaskField.class);
        for (TaskField field : differing) {
            Optional<Instant> serverTime = lastChangeSince(base, field);
            if (serverTime.isEmpty()) {
                continue;
            }
            boolean heldByRule = preserved.contains(field) || strategy == ConflictStrategy.MANUAL;
            if (field == TaskField.DESCRIPTION && !heldByRule) {
                // Text merges: the client's edit of the text it had, moved over what happened since.
                Optional<String> merged = mergedDescription(base, wanted.description());
                if (merged.isPresent()) {
                    wanted = withDescription(wanted, merged.get());
                    continue;
                }
            }
            if (heldByRule) {
                held.add(field);
            } else {
                // Last writer wins compares with the task's latest change, field-level merge with the field's own.
                Instant serverWins = strategy == ConflictStrategy.LAST_WRITER_WINS ? lastChangeSince(base) : serverTime.get();
                if (!clientTime.isAfter(serverWins)) {
                    serverKeeps.add(field);
                }
            }
        }
        Map<String, Object> serverValue = new LinkedHashMap<>();
        Map<String, Object> clientValue = new LinkedHashMap<>();
        for (TaskField field : held) {
            serverValue.put(field.jsonName(), currentValue(field));
            clientValue.put(field.jsonName(), requestedValue(wanted, field));
        }
        Set<TaskField> applied = EnumSet.noneOf(TaskField.class);
        applied.addAll(differing);
        applied.removeAll(held);
        applied.removeAll(serverKeeps);
        if (Objects.equals(wanted.description(), description)) {
            applied.remove(TaskField.DESCRIPTION);
        }
        long versionBefore = version;
        applyChanges(wanted, applied);
        MergeOutcome outcome = !held.isEmpty() ? MergeOutcome.CONFLICT
                : base < versionBefore ? MergeOutcome.MERGED : MergeOutcome.APPLIED;
        return new TaskMergeResult(version, outcome, held, serverValue, clientValue);
    }

    private void applyChanges(TaskChanges wanted, Set<TaskField> differing) throws Exception {
        TaskStatus targetStatus = status;
        if (differing.contains(TaskField.STATUS)) {
            targetStatus = wanted.status();
        } else if (differing.contains(TaskField.COMPLETED)) {
            targetStatus = wanted.completed() ? TaskStatus.DONE : TaskStatus.TODO;
        }
        boolean targetCompleted = targetStatus == TaskStatus.DONE;

        Set<TaskField> fieldChanges = EnumSet.noneOf(TaskField.class);
        fieldChanges.addAll(differing);
        fieldChanges.removeAll(TRANSITION_FIELDS);
        if (!completed && !targetCompleted && targetStatus != status) {
            fieldChanges.add(TaskField.STATUS);
        }
        TaskChanges emitted = restrictedTo(fieldChanges, wanted, targetStatus);
        if (!emitted.isEmpty()) {
            apply(new TaskFieldsChangedEvent(taskId, workspaceId, emitted, wholeTextChange(emitted)));
        }
        if (!completed && targetCompleted) {
            complete();
        } else if (completed && !targetCompleted) {
            apply(new TaskReopenedEvent(taskId, workspaceId, targetStatus));
        }
    }

    /**
     * A description written whole is a change of its text too: the smallest operation from the current text to the
     * new one, as the next revision, so collaborative editors see it in the same order as their own operations.
     */
    private DescriptionChange wholeTextChange(TaskChanges emitted) {
        if (!emitted.has(TaskField.DESCRIPTION)) {
            return null;
        }
        TextOp op = TextUnicode.diff(description == null ? "" : description,
                emitted.description() == null ? "" : emitted.description());
        return new DescriptionChange(descriptions.revision() + 1, op.toString(), null, null);
    }

    private Set<TaskField> differing(TaskChanges wanted) {
        Set<TaskField> differing = EnumSet.noneOf(TaskField.class);
        for (TaskField field : wanted.fields()) {
            if (!Objects.equals(requestedValue(wanted, field), currentValue(field))) {
                differing.add(field);
            }
        }
        return differing;
    }

    /**
     * What a description written whole on version {@code base} means now: the smallest change from the text at that
     * version to {@code wanted}, transformed over every change since and applied to the current text. Empty when
     * the text at that version is no longer known (more than the transform limit ago).
     */
    private Optional<String> mergedDescription(long base, String wanted) {
        long baseRevision = base < 1 ? 0 : descriptionRevisionByVersion.get((int) base - 1);
        String current = description == null ? "" : description;
        Optional<String> baseText = descriptions.textAt(current, baseRevision);
        if (baseText.isEmpty()) {
            return Optional.empty();
        }
        TextOp change = TextUnicode.diff(baseText.get(), wanted == null ? "" : wanted);
        return Optional.of(DescriptionHistory.applied(current, descriptions.rebase(current, baseRevision, change)));
    }

    private static TaskChanges withDescription(TaskChanges c, String text) {
        return new TaskChanges(c.fields(), c.title(), text, c.priority(), c.categoryId(), c.tags(), c.assignedTo(),
                c.dueDate(), c.recurring(), c.recurringConfig(), c.template(), c.status(), c.position(), c.completed());
    }

    /** When {@code field} last changed after version {@code base}, or empty when it did not. */
    private Optional<Instant> lastChangeSince(long base, TaskField field) {
        Instant latest = null;
        for (int i = (int) base; i < version; i++) {
            if (fieldsChangedByVersion.get(i).contains(field)
                    && (latest == null || changedAtByVersion.get(i).isAfter(latest))) {
                latest = changedAtByVersion.get(i);
            }
        }
        return Optional.ofNullable(latest);
    }

    /** When the task last changed after version {@code base}, in any field. */
    private Instant lastChangeSince(long base) {
        Instant latest = Instant.MIN;
        for (int i = (int) base; i < version; i++) {
            if (changedAtByVersion.get(i).isAfter(latest)) {
                latest = changedAtByVersion.get(i);
            }
        }
        return latest;
    }

    /**
     * One collaborative edit of the description: transformed from the revision it was made on to the current one
     * and applied as the next revision, unless this client's {@code seq} was applied before (then it answers that
     * revision and changes nothing). The edit is the task's own event, so the revision order is the task's order.
     */
    @CommandHandler
    DescriptionEdit handle(EditTaskDescriptionCommand command) {
        requireLive(command.workspaceId());
        if (command.clientId() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "clientId", "An edit names the client that made it");
        }
        if (command.seq() < 1) {
            throw new DomainException(ErrorCode.VALIDATION, "seq", "A client numbers its edits 1, 2, 3...");
        }
        Optional<Long> done = descriptions.revisionOf(command.clientId(), command.seq());
        if (done.isPresent()) {
            List<Object> op = descriptions.opThatProduced(done.get()).map(TextOp::toTree).orElse(List.of());
            List<DescriptionOps.Op> missed = descriptions.after(command.revision()).stream()
                    .filter(applied -> applied.revision() < done.get()).toList();
            return new DescriptionEdit(done.get(), op, true, version, missed);
        }
        if (command.op() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "op", "An edit carries an operation");
        }
        String text = description == null ? "" : description;
        TextOp rebased = descriptions.rebase(text, command.revision(), DescriptionHistory.parse(command.op()));
        String after = DescriptionHistory.applied(text, rebased);
        long produced = descriptions.revision() + 1;
        List<DescriptionOps.Op> missed = descriptions.after(command.revision());
        apply(new TaskFieldsChangedEvent(taskId, workspaceId, descriptionOnly(after),
                        new DescriptionChange(produced, rebased.toString(), command.clientId(), command.seq())),
                MetaData.with(MetadataKeys.CLIENT_OPERATION_ID, command.operationId().toString()));
        return new DescriptionEdit(produced, rebased.toTree(), false, version, missed);
    }

    @CommandHandler
    Long handle(CompleteTaskCommand command) throws Exception {
        requireLive(command.workspaceId());
        if (completed) {
            throw new DomainException(ErrorCode.CONFLICT, "The task is already completed");
        }
        complete();
        return version;
    }

    @CommandHandler
    Long handle(ReopenTaskCommand command) {
        requireLive(command.workspaceId());
        if (!completed) {
            throw new DomainException(ErrorCode.CONFLICT, "The task is not completed");
        }
        apply(new TaskReopenedEvent(taskId, workspaceId, TaskStatus.TODO));
        return version;
    }

    @CommandHandler
    Long handle(DeleteTaskCommand command) {
        requireLive(command.workspaceId());
        apply(new TaskDeletedEvent(taskId, workspaceId));
        return version;
    }

    @CommandHandler
    Long handle(AssignTaskCommand command) {
        requireLive(command.workspaceId());
        if (!Objects.equals(command.assignee(), assignedTo)) {
            apply(new TaskAssignedEvent(taskId, workspaceId, command.assignee(), assignedTo));
        }
        return version;
    }

    @CommandHandler
    Long handle(MoveTaskCommand command) throws Exception {
        requireLive(command.workspaceId());
        TaskStatus targetStatus = command.status() == null ? status : command.status();
        Integer targetPosition = command.position() == null ? position : validPosition(command.position());
        boolean repositioned = !Objects.equals(targetPosition, position);
        if (targetStatus == TaskStatus.DONE) {
            if (!completed) {
                // Moved first so the task (and a spawned successor) carries the position it was dropped at.
                if (repositioned) {
                    apply(new TaskMovedEvent(taskId, workspaceId, status, targetPosition));
                }
                complete();
            } else if (repositioned) {
                // Reordering inside the done column: a TaskMovedEvent never carries DONE.
                apply(new TaskFieldsChangedEvent(taskId, workspaceId, positionChange(targetPosition)));
            }
        } else if (completed) {
            apply(new TaskReopenedEvent(taskId, workspaceId, targetStatus));
            if (repositioned) {
                apply(new TaskMovedEvent(taskId, workspaceId, targetStatus, targetPosition));
            }
        } else if (targetStatus != status || repositioned) {
            apply(new TaskMovedEvent(taskId, workspaceId, targetStatus, targetPosition));
        }
        return version;
    }

    @EventSourcingHandler
    void on(TaskCreatedEvent event, @Timestamp Instant timestamp, MetaData metaData) {
        taskId = event.taskId();
        workspaceId = event.workspaceId();
        createdBy = event.createdBy();
        title = event.title();
        description = event.description();
        priority = event.priority();
        categoryId = event.categoryId();
        tags = event.tags() == null ? List.of() : List.copyOf(event.tags());
        assignedTo = event.assignedTo();
        dueDate = event.dueDate();
        recurring = event.recurring();
        recurringConfig = event.recurringConfig();
        template = event.template();
        parentTaskId = event.parentTaskId();
        status = event.status();
        position = event.position();
        completed = event.completed();
        completedAt = event.completedAt();
        occurrence = event.occurrence();
        seriesDay = event.seriesDay();
        recordVersion(EnumSet.allOf(TaskField.class), changeTime(timestamp, metaData), metaData);
    }

    @EventSourcingHandler
    void on(TaskFieldsChangedEvent event, @Timestamp Instant timestamp, MetaData metaData) {
        TaskChanges changes = event.changes();
        String descriptionBefore = description == null ? "" : description;
        // Stored events are permanent: a null flag must not break replay, so it reads as false.
        for (TaskField field : changes.fields()) {
            switch (field) {
                case TITLE -> title = changes.title();
                case DESCRIPTION -> description = changes.description();
                case PRIORITY -> priority = changes.priority();
                case CATEGORY_ID -> categoryId = changes.categoryId();
                case TAGS -> tags = changes.tags() == null ? List.of() : changes.tags();
                case ASSIGNED_TO -> assignedTo = changes.assignedTo();
                case DUE_DATE -> {
                    dueDate = changes.dueDate();
                    // A due date set by hand is the series' day from now on.
                    seriesDay = null;
                }
                case IS_RECURRING -> recurring = Boolean.TRUE.equals(changes.recurring());
                case RECURRING_CONFIG -> recurringConfig = changes.recurringConfig();
                case IS_TEMPLATE -> template = Boolean.TRUE.equals(changes.template());
                case STATUS -> status = changes.status();
                case POSITION -> position = changes.position();
                case COMPLETED -> completed = Boolean.TRUE.equals(changes.completed());
            }
        }
        // Description changes stored before descriptions had revisions count none: no editor could have seen them.
        DescriptionChange edit = event.descriptionChange();
        if (changes.has(TaskField.DESCRIPTION) && edit != null) {
            descriptions.record(edit.revision(), DescriptionHistory.stored(edit.op()), descriptionBefore,
                    userOf(metaData), edit.clientId(), edit.seq(), timestamp);
        }
        recordVersion(changes.fields(), changeTime(timestamp, metaData), metaData);
    }

    @EventSourcingHandler
    void on(TaskAssignedEvent event, @Timestamp Instant timestamp, MetaData metaData) {
        assignedTo = event.assignedTo();
        recordVersion(EnumSet.of(TaskField.ASSIGNED_TO), changeTime(timestamp, metaData), metaData);
    }

    @EventSourcingHandler
    void on(TaskMovedEvent event, @Timestamp Instant timestamp, MetaData metaData) {
        status = event.status();
        position = event.position();
        recordVersion(EnumSet.of(TaskField.STATUS, TaskField.POSITION), changeTime(timestamp, metaData), metaData);
    }

    @EventSourcingHandler
    void on(TaskCompletedEvent event, @Timestamp Instant timestamp, MetaData metaData) {
        completed = true;
        completedAt = event.completedAt();
        status = TaskStatus.DONE;
        if (recurring && recurringConfig != null) {
            successorDecided = true;
        }
        recordVersion(EnumSet.of(TaskField.COMPLETED, TaskField.STATUS), changeTime(timestamp, metaData), metaData);
    }

    @EventSourcingHandler
    void on(TaskReopenedEvent event, @Timestamp Instant timestamp, MetaData metaData) {
        completed = false;
        completedAt = null;
        status = event.status();
        recordVersion(EnumSet.of(TaskField.COMPLETED, TaskField.STATUS), changeTime(timestamp, metaData), metaData);
    }

    @EventSourcingHandler
    void on(TaskDeletedEvent event, @Timestamp Instant timestamp, MetaData metaData) {
        deleted = true;
        recordVersion(EnumSet.noneOf(TaskField.class), changeTime(timestamp, metaData), metaData);
    }

    private void recordVersion(Set<TaskField> changedFields, Instant changedAt, MetaData metaData) {
        fieldsChangedByVersion.add(Set.copyOf(changedFields));
        descriptionRevisionByVersion.add(descriptions.revision());
        changedAtByVersion.add(changedAt);
        version++;
        operations.record(metaData, version);
    }

    /** A pushed change happened when its client says; other changes when the server wrote them. */
    private static Instant changeTime(Instant timestamp, MetaData metaData) {
        Object clientTime = metaData.get(MetadataKeys.CLIENT_TIMESTAMP);
        if (clientTime instanceof Number millis) {
            return Instant.ofEpochMilli(millis.longValue());
        }
        if (clientTime instanceof String millis && millis.matches("-?\\d+")) {
            return Instant.ofEpochMilli(Long.parseLong(millis));
        }
        return timestamp;
    }

    private void complete() throws Exception {
        boolean decidesSuccessor = recurring && recurringConfig != null && !successorDecided;
        Instant now = now();
        apply(new TaskCompletedEvent(taskId, workspaceId, now));
        if (!decidesSuccessor) {
            return;
        }
        Optional<Instant> nextDue = Recurrence.nextDueDate(recurringConfig, occurrence, dueDate, seriesDay, now);
        if (nextDue.isEmpty()) {
            return;
        }
        UUID seriesRoot = parentTaskId != null ? parentTaskId : taskId;
        int nextOccurrence = occurrence + 1;
        // Random, so nobody (in this workspace or another) can know the id before it exists and create it first. One
        // successor per series step still holds: the decision is this aggregate's (successorDecided, rebuilt from
        // its TaskCompletedEvent), and the successor's creation commits in the same append as that completion, so a
        // retried or concurrent completion either sees it decided or fails whole on the aggregate's sequence.
        UUID nextId = UUID.randomUUID();
        TaskCreatedEvent next = new TaskCreatedEvent(nextId, workspaceId, createdBy, title, description, priority,
                categoryId, tags, assignedTo, nextDue.get(), true, recurringConfig, false, seriesRoot,
                TaskStatus.TODO, position, false, null, nextOccurrence,
                Recurrence.seriesDay(recurringConfig, dueDate, seriesDay, now));
        createNew(Task.class, () -> new Task(next));
    }

    /** Deleted tasks and tasks of another workspace look the same to the caller: absent. */
    private void requireLive(UUID commandWorkspaceId) {
        if (deleted || !workspaceId.equals(commandWorkspaceId)) {
            throw new DomainException(ErrorCode.NOT_FOUND, "No such task");
        }
    }

    private void checkVersion(UpdateTaskCommand command, Set<TaskField> differing) {
        VersionCheck check = command.check() == null ? VersionCheck.NONE : command.check();
        if (check == VersionCheck.NONE) {
            return;
        }
        if (command.baseVersion() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "version", "A checked update needs a base version");
        }
        long base = command.baseVersion();
        if (base == version) {
            return;
        }
        if (check == VersionCheck.STRICT || base > version) {
            throw new DomainException(ErrorCode.PRECONDITION_FAILED,
                    "The task is at version " + version + ", not " + base);
        }
        Set<TaskField> changedSince = EnumSet.noneOf(TaskField.class);
        for (Set<TaskField> fields : fieldsChangedByVersion.subList((int) Math.max(base, 0), (int) version)) {
            changedSince.addAll(fields);
        }
        Set<TaskField> conflicting = EnumSet.noneOf(TaskField.class);
        conflicting.addAll(differing);
        conflicting.retainAll(changedSince);
        if (!conflicting.isEmpty()) {
            throw new TaskVersionConflictException(version, conflicting);
        }
    }

    private TaskChanges validChanges(TaskChanges requested) {
        Set<TaskField> named = requested.fields();
        if (named.contains(TaskField.STATUS) && requested.status() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "status", "A status is required");
        }
        if (named.contains(TaskField.COMPLETED) && requested.completed() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "completed", "Completed is true or false");
        }
        if (named.contains(TaskField.STATUS) && named.contains(TaskField.COMPLETED)
                && (requested.status() == TaskStatus.DONE) != requested.completed()) {
            throw new DomainException(ErrorCode.VALIDATION, "completed", "A task is completed exactly when it is done");
        }
        if (named.contains(TaskField.PRIORITY) && requested.priority() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "priority", "A priority is required");
        }
        if (named.contains(TaskField.IS_RECURRING) && requested.recurring() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "isRecurring", "isRecurring is true or false");
        }
        if (named.contains(TaskField.IS_TEMPLATE) && requested.template() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "isTemplate", "isTemplate is true or false");
        }
        RecurringConfig config = named.contains(TaskField.RECURRING_CONFIG)
                ? (requested.recurringConfig() == null ? null : validConfig(requested.recurringConfig()))
                : recurringConfig;
        boolean recurs = named.contains(TaskField.IS_RECURRING) ? requested.recurring() : recurring;
        if (recurs && config == null) {
            throw new DomainException(ErrorCode.VALIDATION, "recurringConfig", "A recurring task needs a schedule");
        }
        return new TaskChanges(
                named,
                named.contains(TaskField.TITLE) ? validTitle(requested.title()) : null,
                named.contains(TaskField.DESCRIPTION) ? validDescription(requested.description()) : null,
                requested.priority(),
                requested.categoryId(),
                named.contains(TaskField.TAGS) ? validTags(requested.tags()) : null,
                requested.assignedTo(),
                requested.dueDate(),
                requested.recurring(),
                named.contains(TaskField.RECURRING_CONFIG) ? config : null,
                requested.template(),
                requested.status(),
                named.contains(TaskField.POSITION) ? validPosition(requested.position()) : null,
                requested.completed());
    }

    private static Object requestedValue(TaskChanges changes, TaskField field) {
        return switch (field) {
            case TITLE -> changes.title();
            case DESCRIPTION -> changes.description();
            case PRIORITY -> changes.priority();
            case CATEGORY_ID -> changes.categoryId();
            case TAGS -> changes.tags();
            case ASSIGNED_TO -> changes.assignedTo();
            case DUE_DATE -> changes.dueDate();
            case IS_RECURRING -> changes.recurring();
            case RECURRING_CONFIG -> changes.recurringConfig();
            case IS_TEMPLATE -> changes.template();
            case STATUS -> changes.status();
            case POSITION -> changes.position();
            case COMPLETED -> changes.completed();
        };
    }

    private Object currentValue(TaskField field) {
        return switch (field) {
            case TITLE -> title;
            case DESCRIPTION -> description;
            case PRIORITY -> priority;
            case CATEGORY_ID -> categoryId;
            case TAGS -> tags;
            case ASSIGNED_TO -> assignedTo;
            case DUE_DATE -> dueDate;
            case IS_RECURRING -> recurring;
            case RECURRING_CONFIG -> recurringConfig;
            case IS_TEMPLATE -> template;
            case STATUS -> status;
            case POSITION -> position;
            case COMPLETED -> completed;
        };
    }

    private static TaskChanges restrictedTo(Set<TaskField> fields, TaskChanges wanted, TaskStatus targetStatus) {
        return new TaskChanges(
                fields,
                fields.contains(TaskField.TITLE) ? wanted.title() : null,
                fields.contains(TaskField.DESCRIPTION) ? wanted.description() : null,
                fields.contains(TaskField.PRIORITY) ? wanted.priority() : null,
                fields.contains(TaskField.CATEGORY_ID) ? wanted.categoryId() : null,
                fields.contains(TaskField.TAGS) ? wanted.tags() : null,
                fields.contains(TaskField.ASSIGNED_TO) ? wanted.assignedTo() : null,
                fields.contains(TaskField.DUE_DATE) ? wanted.dueDate() : null,
                fields.contains(TaskField.IS_RECURRING) ? wanted.recurring() : null,
                fields.contains(TaskField.RECURRING_CONFIG) ? wanted.recurringConfig() : null,
                fields.contains(TaskField.IS_TEMPLATE) ? wanted.template() : null,
                fields.contains(TaskField.STATUS) ? targetStatus : null,
                fields.contains(TaskField.POSITION) ? wanted.position() : null,
                null);
    }

    private static TaskChanges positionChange(Integer newPosition) {
        return new TaskChanges(EnumSet.of(TaskField.POSITION), null, null, null, null, null, null, null, null, null,
                null, null, newPosition, null);
    }

    private static TaskChanges descriptionOnly(String text) {
        return new TaskChanges(EnumSet.of(TaskField.DESCRIPTION), null, text, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    private static TaskChanges emptyChanges() {
        return new TaskChanges(Set.of(), null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static String validTitle(String raw) {
        String trimmed = raw == null ? "" : raw.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_TITLE) {
            throw new DomainException(ErrorCode.VALIDATION, "title", "A title has 1 to " + MAX_TITLE + " characters");
        }
        return trimmed;
    }

    private static String validDescription(String raw) {
        // Counted in code points, as the description's operations count.
        if (raw != null && raw.codePointCount(0, raw.length()) > DescriptionHistory.MAX_LENGTH) {
            throw new DomainException(ErrorCode.VALIDATION, "description",
                    "A description has at most " + DescriptionHistory.MAX_LENGTH + " characters");
        }
        return raw;
    }

    private static List<String> validTags(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String tag : raw) {
            String trimmed = tag == null ? "" : tag.strip();
            if (trimmed.isEmpty() || trimmed.length() > MAX_TAG) {
                throw new DomainException(ErrorCode.VALIDATION, "tags", "A tag has 1 to " + MAX_TAG + " characters");
            }
            distinct.add(trimmed);
        }
        if (distinct.size() > MAX_TAGS) {
            throw new DomainException(ErrorCode.VALIDATION, "tags", "A task has at most " + MAX_TAGS + " tags");
        }
        return List.copyOf(distinct);
    }

    private static Integer validPosition(Integer raw) {
        if (raw == null || raw < 0) {
            throw new DomainException(ErrorCode.VALIDATION, "position", "A position is 0 or more");
        }
        return raw;
    }

    /** Fills in the default interval so that equal schedules compare equal and replays never guess. */
    private static RecurringConfig validConfig(RecurringConfig raw) {
        if (raw.frequency() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "recurringConfig.frequency", "A schedule needs a frequency");
        }
        int interval = raw.interval() == null ? 1 : raw.interval();
        if (interval < 1) {
            throw new DomainException(ErrorCode.VALIDATION, "recurringConfig.interval", "The interval is 1 or more");
        }
        if (raw.count() != null && raw.count() < 1) {
            throw new DomainException(ErrorCode.VALIDATION, "recurringConfig.count", "The count is 1 or more");
        }
        return new RecurringConfig(raw.frequency(), interval, raw.daysOfWeek(), raw.endDate(), raw.count());
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    /** The user an event's metadata names, when it names one. */
    private static UUID userOf(MetaData metaData) {
        Object user = metaData.get(MetadataKeys.USER_ID);
        try {
            return user == null ? null : UUID.fromString(user.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
