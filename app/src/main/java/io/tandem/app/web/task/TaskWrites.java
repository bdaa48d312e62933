package io.tandem.app.web.task;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.tandem.api.task.AssignTaskCommand;
import io.tandem.api.task.CompleteTaskCommand;
import io.tandem.api.task.CreateTaskCommand;
import io.tandem.api.task.DeleteTaskCommand;
import io.tandem.api.task.DescriptionEdit;
import io.tandem.api.task.EditTaskDescriptionCommand;
import io.tandem.api.task.MergeTaskChangesCommand;
import io.tandem.api.task.ReopenTaskCommand;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskMergeResult;
import io.tandem.api.task.TaskStatus;
import io.tandem.api.task.UpdateTaskCommand;
import io.tandem.api.task.VersionCheck;
import io.tandem.api.workspace.ConflictStrategy;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Grant;
import io.tandem.app.access.WorkspaceAccess.Need;
import io.tandem.app.messaging.Commands;
import io.tandem.app.problem.ApiException;
import org.springframework.stereotype.Component;

/**
 * The one write path of tasks. Every writer (REST, sync push and conflict resolution, import, the WebSocket's
 * {@code task_update}, collaborative description editing) hands it the caller's {@link Grant} and the changes it
 * read ({@link TaskBody}); here they are checked (the grant allows writing in the task's workspace, the references
 * point at what exists) and turned into the Task aggregate's commands, and each answer is what the aggregate
 * decided. {@code metaData} rides on the command and its events (a pushed operation's id and time, for instance).
 */
@Component
public class TaskWrites {

    private final Commands commands;
    private final TaskReferences references;
    private final WorkspaceAccess access;

    TaskWrites(Commands commands, TaskReferences references, WorkspaceAccess access) {
        this.commands = commands;
        this.references = references;
        this.access = access;
    }

    /** What a push or an import has created itself before this write, so that references to them hold. */
    public record Created(Set<UUID> categories, Set<UUID> tasks) {

        public static final Created NOTHING = new Created(Set.of(), Set.of());
    }

    /** Creates a task; answers its version. */
    public long create(Grant grant, UUID taskId, TaskBody body, Created before, Map<String, ?> metaData) {
        grant.require(Need.WRITE);
        references.check(grant.workspaceId(), taskId, body, before.categories(), before.tasks());
        return commands.send(creation(grant, taskId, body), metaData);
    }

    /**
     * Creates a task whose references the caller checked together with others' ({@link TaskReferences#problems},
     * {@link TaskReferences#badParents}): an import checks all its items at once, then creates them in chunks.
     */
    public long createChecked(Grant grant, UUID taskId, TaskBody body, Map<String, ?> metaData) {
        grant.require(Need.WRITE);
        return commands.send(creation(grant, taskId, body), metaData);
    }

    private static CreateTaskCommand creation(Grant grant, UUID taskId, TaskBody body) {
        TaskChanges c = body.changes;
        TaskStatus status = c.has(TaskField.STATUS) ? c.status()
                : Boolean.TRUE.equals(c.completed()) ? TaskStatus.DONE : null;
        return new CreateTaskCommand(taskId, grant.workspaceId(), grant.user().id(), c.title(), c.description(),
                c.priority(), c.categoryId(), c.tags(), c.assignedTo(), c.dueDate(), Boolean.TRUE.equals(c.recurring()),
                c.recurringConfig(), Boolean.TRUE.equals(c.template()), body.parentTaskId, status, c.position());
    }

    /**
     * Changes the fields the body names. {@code check} says what a {@code base} version means: none, a merge of
     * disjoint changes, or a strict precondition. Answers the task's version.
     */
    public long update(Grant grant, UUID taskId, TaskBody body, Long base, VersionCheck check, Map<String, ?> metaData) {
        return commands.send(updating(grant, taskId, body, base, check), metaData);
    }

    /** As {@link #update}, answering when the aggregate has decided (a socket does not wait for it). */
    public CompletableFuture<Long> updateAsync(Grant grant, UUID taskId, TaskBody body, Long base, VersionCheck check,
                                               Map<String, ?> metaData) {
        return commands.sendAsync(updating(grant, taskId, body, base, check), metaData);
    }

    /**
     * A pushed offline change, made on {@code base} at {@code clientTime}: applied, merged with what changed since,
     * or a conflict, as the workspace's strategy and its preserved fields decide.
     */
    public TaskMergeResult merge(Grant grant, UUID taskId, TaskBody body, Long base, ConflictStrategy strategy,
                                 Set<TaskField> preserved, Instant clientTime, Created before, Map<String, ?> metaData) {
        grant.require(Need.WRITE);
        references.check(grant.workspaceId(), taskId, body, before.categories(), before.tasks());
        return commands.send(new MergeTaskChangesCommand(taskId, grant.workspaceId(), body.changes, base, strategy,
                preserved, clientTime), metaData);
    }

    public long delete(Grant grant, UUID taskId, Map<String, ?> metaData) {
        grant.require(Need.WRITE);
        return commands.send(new DeleteTaskCommand(taskId, grant.workspaceId()), metaData);
    }

    public long complete(Grant grant, UUID taskId) {
        grant.require(Need.WRITE);
        return commands.send(new CompleteTaskCommand(taskId, grant.workspaceId()));
    }

    public long reopen(Grant grant, UUID taskId) {
        grant.require(Need.WRITE);
        return commands.send(new ReopenTaskCommand(taskId, grant.workspaceId()));
    }

    /** Assigns the task to a member of its workspace, or unassigns it ({@code assignee} null). */
    public long assign(Grant grant, UUID taskId, TaskBody body) {
        grant.require(Need.WRITE);
        if (!body.changes.fields().equals(Set.of(TaskField.ASSIGNED_TO))) {
            throw ApiException.badRequest("assignedTo", "is the only field this endpoint takes");
        }
        references.check(grant.workspaceId(), body.changes, Set.of());
        return commands.send(new AssignTaskCommand(taskId, grant.workspaceId(), body.changes.assignedTo()));
    }

    /** One collaborative edit of the description: {@code op} (text-unicode, as JSON) made on {@code revision}. */
    public DescriptionEdit editDescription(Grant grant, UUID taskId, long revision, String op, UUID clientId, long seq,
                                           Map<String, ?> metaData) {
        grant.require(Need.WRITE);
        return commands.send(new EditTaskDescriptionCommand(taskId, grant.workspaceId(), revision, op, clientId, seq),
                metaData);
    }

    /** As {@link #editDescription}, answering when the edit is stored (a socket acknowledges it then). */
    public CompletableFuture<DescriptionEdit> editDescriptionAsync(Grant grant, UUID taskId, long revision, String op,
                                                                   UUID clientId, long seq, Map<String, ?> metaData) {
        grant.require(Need.WRITE);
        return commands.sendAsync(new EditTaskDescriptionCommand(taskId, grant.workspaceId(), revision, op, clientId,
                seq), metaData);
    }

    private UpdateTaskCommand updating(Grant grant, UUID taskId, TaskBody body, Long base, VersionCheck check) {
        grant.require(Need.WRITE);
        references.check(grant.workspaceId(), taskId, body, Set.of(), Set.of());
        return new UpdateTaskCommand(taskId, grant.workspaceId(), body.changes, base, check,
                access.descriptionMergesAsText(grant.workspaceId()));
    }
}
