package io.tandem.app.web.operator;

import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.tandem.api.workspace.ChangeWorkspacePlanCommand;
import io.tandem.api.workspace.Plan;
import io.tandem.api.workspace.WorkspaceView;
import io.tandem.app.messaging.Commands;
import io.tandem.app.problem.ApiException;
import io.tandem.app.readmodel.ReadYourWrites;
import io.tandem.app.access.WorkspaceAccess;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "operator")
@RestController
@RequestMapping("/api/v1/operator")
class OperatorController {

    /** The body of {@code PUT /operator/workspaces/{id}/plan}. */
    record PlanRequest(@NotNull Plan plan) {
    }

    /** The workspace's plan after the change. */
    record WorkspacePlan(UUID workspaceId, Plan plan, Instant updatedAt) {
    }

    private final Commands commands;
    private final WorkspaceAccess workspaces;
    private final ReadYourWrites readYourWrites;

    OperatorController(Commands commands, WorkspaceAccess workspaces, ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.workspaces = workspaces;
        this.readYourWrites = readYourWrites;
    }

    @Operation(operationId = "changeWorkspacePlan", summary = "Put a workspace on a billing plan (operator token only)",
            security = @SecurityRequirement(name = "operator"),
            description = "Sets the plan (free, pro, enterprise) of any workspace; answers the workspace id, its plan "
                    + "and updatedAt.")
    @PutMapping("/workspaces/{workspaceId}/plan")
    WorkspacePlan changePlan(@PathVariable UUID workspaceId, @Valid @RequestBody PlanRequest body) {
        workspaces.workspace(workspaceId).orElseThrow(() -> ApiException.notFound("Workspace not found"));
        long version = commands.send(new ChangeWorkspacePlanCommand(workspaceId, body.plan()));
        readYourWrites.awaitWorkspace(workspaceId, version);
        WorkspaceView view = workspaces.workspace(workspaceId)
                .orElseThrow(() -> ApiException.notFound("Workspace not found"));
        return new WorkspacePlan(view.id(), view.plan(), view.updatedAt());
    }
}
