package io.tandem.app.web.workspace;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.tandem.api.workspace.CreateWorkspaceCommand;
import io.tandem.api.workspace.DeleteWorkspaceCommand;
import io.tandem.api.workspace.FetchUserWorkspacesQuery;
import io.tandem.api.workspace.UpdateWorkspaceCommand;
import io.tandem.api.workspace.UserWorkspaceView;
import io.tandem.api.workspace.WorkspaceRole;
import io.tandem.api.workspace.WorkspaceSettings;
import io.tandem.api.workspace.WorkspaceView;
import io.tandem.app.security.CurrentUser;
import io.tandem.app.problem.ApiException;
import io.tandem.app.web.PageResponse;
import io.tandem.app.web.Paging;
import io.tandem.app.readmodel.ReadYourWrites;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Need;
import io.tandem.app.web.workspace.WorkspaceResponses.Workspace;
import jakarta.validation.Valid;
import io.tandem.app.messaging.Commands;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "workspaces")
@RestController
@RequestMapping("/api/v1/workspaces")
class WorkspaceController {

    private final Commands commands;
    private final QueryGateway queries;
    private final WorkspaceAccess access;
    private final ReadYourWrites readYourWrites;

    WorkspaceController(Commands commands, QueryGateway queries, WorkspaceAccess access,
                        ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.queries = queries;
        this.access = access;
        this.readYourWrites = readYourWrites;
    }

    @Operation(operationId = "listWorkspaces", summary = "List the caller's workspaces",
            description = "Every workspace the caller is a member of, each with the caller's `role`, as a page.")
    @GetMapping
    PageResponse<Workspace> list(CurrentUser user, @RequestParam(required = false) Integer page,
                                 @RequestParam(required = false) Integer size) {
        List<Workspace> mine = queries.query(new FetchUserWorkspacesQuery(user.id()),
                        ResponseTypes.multipleInstancesOf(UserWorkspaceView.class)).join().stream()
                .map(v -> Workspace.of(v.workspace(), v.role()))
                .toList();
        return PageResponse.of(mine, Paging.of(page, size));
    }

    @Operation(operationId = "createWorkspace", summary = "Create a workspace",
            description = "The caller becomes its `owner`. Settings left out take the defaults (conflictStrategy "
                    + "field_level_merge, no preserveFields). Answers 201 with `Location`.")
    @PostMapping
    ResponseEntity<Workspace> create(CurrentUser user, @Valid @RequestBody WorkspaceRequests.CreateWorkspace body) {
        UUID id = UUID.randomUUID();
        WorkspaceSettings settings = body.settings() == null ? WorkspaceSettings.defaults()
                : body.settings().over(WorkspaceSettings.defaults());
        long version = commands.send(new CreateWorkspaceCommand(id, body.name().trim(),
                body.plan(), settings, user.id()));
        Workspace created = read(id, version, WorkspaceRole.OWNER);
        return ResponseEntity.created(URI.create("/api/v1/workspaces/" + id)).body(created);
    }

    @Operation(operationId = "getWorkspace", summary = "Read a workspace",
            description = "For members (and auditors); the answer carries the caller's `role`. Non-members get 404.")
    @GetMapping("/{workspaceId}")
    Workspace get(CurrentUser user, @PathVariable UUID workspaceId) {
        WorkspaceAccess.Grant grant = access.require(workspaceId, user, Need.READ);
        return Workspace.of(existing(workspaceId), grant.role());
    }

    @Operation(operationId = "updateWorkspace", summary = "Change a workspace's name or settings",
            description = "Owners and admins. Fields left out are kept; settings given are laid over the current ones.")
    @PutMapping("/{workspaceId}")
    Workspace update(CurrentUser user, @PathVariable UUID workspaceId,
                     @Valid @RequestBody WorkspaceRequests.UpdateWorkspace body) {
        WorkspaceAccess.Grant grant = access.require(workspaceId, user, Need.MANAGE);
        WorkspaceView current = existing(workspaceId);
        WorkspaceSettings settings = body.settings() == null ? null : body.settings().over(current.settings());
        long version = commands.send(new UpdateWorkspaceCommand(workspaceId,
                body.name() == null ? null : body.name().trim(), body.plan(), settings, user.id()));
        return read(workspaceId, version, grant.role());
    }

    @Operation(operationId = "deleteWorkspace", summary = "Delete a workspace",
            description = "Owners only. Answers 204; the text of its tasks is erased from history afterwards.")
    @DeleteMapping("/{workspaceId}")
    ResponseEntity<Void> delete(CurrentUser user, @PathVariable UUID workspaceId) {
        access.require(workspaceId, user, Need.OWN);
        long version = commands.send(new DeleteWorkspaceCommand(workspaceId, user.id()));
        readYourWrites.awaitWorkspace(workspaceId, version);
        return ResponseEntity.noContent().build();
    }

    private Workspace read(UUID workspaceId, long version, WorkspaceRole role) {
        readYourWrites.awaitWorkspace(workspaceId, version);
        return Workspace.of(existing(workspaceId), role);
    }

    private WorkspaceView existing(UUID workspaceId) {
        return access.workspace(workspaceId).orElseThrow(() -> ApiException.notFound("Workspace not found"));
    }
}
