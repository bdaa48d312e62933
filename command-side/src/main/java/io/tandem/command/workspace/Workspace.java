package io.tandem.command.workspace;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.tandem.api.DomainException;
import io.tandem.api.ErrorCode;
import io.tandem.api.task.TaskField;
import io.tandem.api.workspace.AddWorkspaceMemberCommand;
import io.tandem.api.workspace.CategoryCreatedEvent;
import io.tandem.api.workspace.CategoryDeletedEvent;
import io.tandem.api.workspace.CategoryUpdatedEvent;
import io.tandem.api.workspace.ChangeWorkspaceMemberRoleCommand;
import io.tandem.api.workspace.ChangeWorkspacePlanCommand;
import io.tandem.api.workspace.CreateCategoryCommand;
import io.tandem.api.workspace.CreateWorkspaceCommand;
import io.tandem.api.workspace.DeleteCategoryCommand;
import io.tandem.api.workspace.DeleteWorkspaceCommand;
import io.tandem.api.workspace.Plan;
import io.tandem.api.workspace.RemoveWorkspaceMemberCommand;
import io.tandem.api.workspace.UpdateCategoryCommand;
import io.tandem.api.workspace.UpdateWorkspaceCommand;
import io.tandem.api.workspace.WorkspaceCreatedEvent;
import io.tandem.api.workspace.WorkspaceDeletedEvent;
import io.tandem.api.workspace.WorkspaceMemberAddedEvent;
import io.tandem.api.workspace.WorkspaceMemberRemovedEvent;
import io.tandem.api.workspace.WorkspaceMemberRoleChangedEvent;
import io.tandem.api.workspace.WorkspaceRole;
import io.tandem.api.workspace.WorkspaceSettings;
import io.tandem.api.workspace.WorkspaceUpdatedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import io.tandem.command.operation.AppliedOperations;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A workspace with its members and categories. Every handler answers the workspace's version (its event count),
 * so the web layer can wait for read models to catch up with the writer's own write.
 */
@Aggregate(repository = "workspaceRepository")
class Workspace {

    private static final int MAX_NAME_LENGTH = 100;
    private static final Pattern COLOR = Pattern.compile("^#[0-9A-Fa-f]{6}$");

    @AggregateIdentifier
    private UUID workspaceId;
    private long version;
    private boolean deleted;
    private String name;
    private Plan plan;
    private WorkspaceSettings settings;
    private final Map<UUID, WorkspaceRole> members = new HashMap<>();
    private final Map<UUID, Category> categories = new HashMap<>();
    // Ids of deleted categories stay taken: a client replaying an old create must not resurrect a different category.
    private final Set<UUID> retiredCategoryIds = new HashSet<>();
    private final AppliedOperations operations = new AppliedOperations();

    Workspace() {
    }

    /** A client operation that was applied before is refused with the version it produced; see AppliedOperations. */
    @CommandHandlerInterceptor
    Object applyOnce(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        return operations.handle(command, chain, () -> version);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    Long handle(CreateWorkspaceCommand command) {
        if (command.ownerId() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "ownerId", "A workspace needs an owner");
        }
        String validName = validName(command.name());
        Plan validPlan = clientPlan(command.plan(), Plan.FREE);
        WorkspaceSettings validSettings = validSettings(command.settings() == null
                ? WorkspaceSettings.defaults() : command.settings());
        apply(new WorkspaceCreatedEvent(command.workspaceId(), validName, validPlan, validSettings, command.ownerId()));
        apply(new WorkspaceMemberAddedEvent(command.workspaceId(), command.ownerId(), WorkspaceRole.OWNER,
                command.ownerId()));
        return version;
    }

    @CommandHandler
    Long handle(UpdateWorkspaceCommand command) {
        requireRole(command.actorId(), WorkspaceRole.ADMIN);
        String newName = command.name() == null ? name : validName(command.name());
        Plan newPlan = clientPlan(command.plan(), plan);
        WorkspaceSettings newSettings = command.settings() == null ? settings : validSettings(command.settings());
        if (newName.equals(name) && newPlan == plan && newSettings.equals(settings)) {
            return version;
        }
        apply(new WorkspaceUpdatedEvent(workspaceId, newName, newPlan, newSettings));
        return version;
    }

    /** Only the operator moves a workspace to another plan (billing happens outside Tandem). */
    @CommandHandler
    Long handle(ChangeWorkspacePlanCommand command) {
        if (deleted) {
            throw new DomainException(ErrorCode.NOT_FOUND, "The workspace was deleted");
        }
        if (command.plan() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "plan", "A plan is required");
        }
        if (command.plan() == plan) {
            return version;
        }
        apply(new WorkspaceUpdatedEvent(workspaceId, name, command.plan(), settings));
        return version;
    }

    @CommandHandler
    Long handle(DeleteWorkspaceCommand command) {
        requireRole(command.actorId(), WorkspaceRole.OWNER);
        apply(new WorkspaceDeletedEvent(workspaceId));
        return version;
    }

    @CommandHandler
    Long handle(AddWorkspaceMemberCommand command) {
        WorkspaceRole actorRole = requireRole(command.actorId(), WorkspaceRole.ADMIN);
        if (command.userId() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "userId", "Say whom to add");
        }
        if (command.role() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "role", "A member needs a role");
        }
        if (members.containsKey(command.userId())) {
            throw new DomainException(ErrorCode.ALREADY_EXISTS, "userId", "The user is already a member");
        }
        if (command.role() == WorkspaceRole.OWNER && actorRole != WorkspaceRole.OWNER) {
            throw new DomainException(ErrorCode.FORBIDDEN, "role", "Only an owner may add an owner");
        }
        apply(new WorkspaceMemberAddedEvent(workspaceId, command.userId(), command.role(), command.actorId()));
        return version;
    }

    @CommandHandler
    Long handle(ChangeWorkspaceMemberRoleCommand command) {
        WorkspaceRole actorRole = requireRole(command.actorId(), WorkspaceRole.ADMIN);
        if (command.role() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "role", "A member needs a role");
        }
        WorkspaceRole current = existingMember(command.userId());
        boolean touchesOwnership = command.role() == WorkspaceRole.OWNER || current == WorkspaceRole.OWNER;
        if (touchesOwnership && actorRole != WorkspaceRole.OWNER) {
            throw new DomainException(ErrorCode.FORBIDDEN, "role", "Only an owner may grant or take ownership");
        }
        if (current == command.role()) {
            return version;
        }
        if (current == WorkspaceRole.OWNER && ownerCount() == 1) {
            throw new DomainException(ErrorCode.CONFLICT, "role", "The last owner cannot be demoted");
        }
        apply(new WorkspaceMemberRoleChangedEvent(workspaceId, command.userId(), command.role(), current));
        return version;
    }

    @CommandHandler
    Long handle(RemoveWorkspaceMemberCommand command) {
        WorkspaceRole actorRole = requireRole(command.actorId(), WorkspaceRole.VIEWER);
        WorkspaceRole target = existingMember(command.userId());
        boolean leaving = command.userId().equals(command.actorId());
        if (!leaving && !actorRole.canManage()) {
            throw new DomainException(ErrorCode.FORBIDDEN, "Only admins and owners may remove members");
        }
        if (!leaving && target == WorkspaceRole.OWNER && actorRole != WorkspaceRole.OWNER) {
            throw new DomainException(ErrorCode.FORBIDDEN, "Only an owner may remove an owner");
        }
        if (target == WorkspaceRole.OWNER && ownerCount() == 1) {
            throw new DomainException(ErrorCode.CONFLICT, "The last owner cannot leave or be removed");
        }
        apply(new WorkspaceMemberRemovedEvent(workspaceId, command.userId()));
        return version;
    }

    @CommandHandler
    Long handle(CreateCategoryCommand command) {
        requireRole(command.actorId(), WorkspaceRole.MEMBER);
        if (command.categoryId() == null) {
            throw new DomainException(ErrorCode.VALIDATION, "categoryId", "A category needs an id");
        }
        if (categories.containsKey(command.categoryId()) || retiredCategoryIds.contains(command.categoryId())) {
            throw new DomainException(ErrorCode.ALREADY_EXISTS, "categoryId", "That category id is taken");
        }
        String validName = validName(command.name());
        requireUniqueCategoryName(validName, null);
        String validColor = command.color() == null ? null : validColor(command.color());
        apply(new CategoryCreatedEvent(workspaceId, command.categoryId(), validName, validColor, command.actorId()));
        return version;
    }

    @CommandHandler
    Long handle(UpdateCategoryCommand command) {
        requireRole(command.actorId(), WorkspaceRole.MEMBER);
        Category current = existingCategory(command.categoryId());
        String newName = current.name();
        if (command.name() != null) {
            newName = validName(command.name());
            requireUniqueCategoryName(newName, command.categoryId());
        }
        String newColor = command.color() == null ? current.color() : validColor(command.color());
        if (newName.equals(current.name()) && Objects.equals(newColor, current.color())) {
            return version;
        }
        apply(new CategoryUpdatedEvent(workspaceId, command.categoryId(), newName, newColor));
        return version;
    }

    @CommandHandler
    Long handle(DeleteCategoryCommand command) {
        requireRole(command.actorId(), WorkspaceRole.MEMBER);
        existingCategory(command.categoryId());
        apply(new CategoryDeletedEvent(workspaceId, command.categoryId()));
        return version;
    }

    private void advance(MetaData metaData) {
        version++;
        operations.record(metaData, version);
    }

    @EventSourcingHandler
    void on(WorkspaceCreatedEvent event, MetaData metaData) {
        workspaceId = event.workspaceId();
        name = event.name();
        plan = event.plan();
        settings = event.settings();
        advance(metaData);
    }

    @EventSourcingHandler
    void on(WorkspaceUpdatedEvent event, MetaData metaData) {
        name = event.name();
        plan = event.plan();
        settings = event.settings();
        advance(metaData);
    }

    @EventSourcingHandler
    void on(WorkspaceDeletedEvent event, MetaData metaData) {
        deleted = true;
        advance(metaData);
    }

    @EventSourcingHandler
    void on(WorkspaceMemberAddedEvent event, MetaData metaData) {
        members.put(event.userId(), event.role());
        advance(metaData);
    }

    @EventSourcingHandler
    void on(WorkspaceMemberRoleChangedEvent event, MetaData metaData) {
        members.put(event.userId(), event.role());
        advance(metaData);
    }

    @EventSourcingHandler
    void on(WorkspaceMemberRemovedEvent event, MetaData metaData) {
        members.remove(event.userId());
        advance(metaData);
    }

    @EventSourcingHandler
    void on(CategoryCreatedEvent event, MetaData metaData) {
        categories.put(event.categoryId(), new Category(event.name(), event.color()));
        advance(metaData);
    }

    @EventSourcingHandler
    void on(CategoryUpdatedEvent event, MetaData metaData) {
        categories.put(event.categoryId(), new Category(event.name(), event.color()));
        advance(metaData);
    }

    @EventSourcingHandler
    void on(CategoryDeletedEvent event, MetaData metaData) {
        categories.remove(event.categoryId());
        retiredCategoryIds.add(event.categoryId());
        advance(metaData);
    }

    /** Answers the actor's role; the web layer already hides workspaces from non-members, this is defence in depth. */
    /**
     * A plan sent by a client may only echo the current one (free for a new workspace): the plan is billing state,
     * which the operator sets ({@link ChangeWorkspacePlanCommand}).
     */
    private static Plan clientPlan(Plan requested, Plan current) {
        if (requested != null && requested != current) {
            throw new DomainException(ErrorCode.FORBIDDEN, "plan",
                    "The plan is managed by the operator; it is " + current.name().toLowerCase(Locale.ROOT)
                            + " and cannot be changed through the API");
        }
        return current;
    }

    private WorkspaceRole requireRole(UUID actorId, WorkspaceRole needed) {
        if (deleted) {
            throw new DomainException(ErrorCode.NOT_FOUND, "The workspace was deleted");
        }
        WorkspaceRole role = actorId == null ? null : members.get(actorId);
        if (role == null) {
            throw new DomainException(ErrorCode.FORBIDDEN, "Only members may act on a workspace");
        }
        if (!role.atLeast(needed)) {
            throw new DomainException(ErrorCode.FORBIDDEN, "This needs the role " + needed + " or higher");
        }
        return role;
    }

    private WorkspaceRole existingMember(UUID userId) {
        WorkspaceRole role = userId == null ? null : members.get(userId);
        if (role == null) {
            throw new DomainException(ErrorCode.NOT_FOUND, "userId", "No such member");
        }
        return role;
    }

    private Category existingCategory(UUID categoryId) {
        Category category = categoryId == null ? null : categories.get(categoryId);
        if (category == null) {
            throw new DomainException(ErrorCode.NOT_FOUND, "categoryId", "No such category");
        }
        return category;
    }

    private long ownerCount() {
        return members.values().stream().filter(role -> role == WorkspaceRole.OWNER).count();
    }

    private void requireUniqueCategoryName(String candidate, UUID renamedCategoryId) {
        boolean taken = categories.entrySet().stream()
                .filter(entry -> !entry.getKey().equals(renamedCategoryId))
                .anyMatch(entry -> entry.getValue().name().equalsIgnoreCase(candidate));
        if (taken) {
            throw new DomainException(ErrorCode.ALREADY_EXISTS, "name", "A category with that name exists");
        }
    }

    private static String validName(String raw) {
        String trimmed = raw == null ? "" : raw.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw new DomainException(ErrorCode.VALIDATION, "name",
                    "A name has 1 to " + MAX_NAME_LENGTH + " characters");
        }
        return trimmed;
    }

    private static String validColor(String raw) {
        if (!COLOR.matcher(raw).matches()) {
            throw new DomainException(ErrorCode.VALIDATION, "color", "A color is written #RRGGBB");
        }
        return raw;
    }

    private static WorkspaceSettings validSettings(WorkspaceSettings candidate) {
        for (String field : candidate.preserveFields()) {
            if (TaskField.fromJsonName(field).isEmpty()) {
                throw new DomainException(ErrorCode.VALIDATION, "settings.preserveFields",
                        "Not a task field: " + field);
            }
        }
        return candidate;
    }

    private record Category(String name, String color) {
    }
}
