package io.tandem.app.web.workspace;

import java.util.List;
import java.util.UUID;

import io.tandem.api.workspace.ConflictStrategy;
import io.tandem.api.workspace.Plan;
import io.tandem.api.workspace.WorkspaceRole;
import io.tandem.api.workspace.WorkspaceSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the workspace, member and category endpoints. */
final class WorkspaceRequests {

    private WorkspaceRequests() {
    }

    /** Settings as sent: a missing part keeps (on update) or defaults (on create) that part. */
    record Settings(ConflictStrategy conflictStrategy, @Size(max = 20) List<@NotBlank String> preserveFields) {

        WorkspaceSettings over(WorkspaceSettings current) {
            return new WorkspaceSettings(
                    conflictStrategy == null ? current.conflictStrategy() : conflictStrategy,
                    preserveFields == null ? current.preserveFields() : preserveFields);
        }
    }

    record CreateWorkspace(@NotBlank @Size(max = 100) String name, Plan plan, @Valid Settings settings) {
    }

    record UpdateWorkspace(@Size(min = 1, max = 100) String name, Plan plan, @Valid Settings settings) {
    }

    record Invite(@NotBlank @Email @Size(max = 254) String email, @NotNull WorkspaceRole role) {
    }

    record ChangeRole(@NotNull WorkspaceRole role) {
    }

    record CreateCategory(UUID id, @NotBlank @Size(max = 100) String name,
                          @Pattern(regexp = "^#[0-9A-Fa-f]{6}$", message = "must be a colour like #RRGGBB") String color) {
    }

    record UpdateCategory(@Size(min = 1, max = 100) String name,
                          @Pattern(regexp = "^#[0-9A-Fa-f]{6}$", message = "must be a colour like #RRGGBB") String color) {
    }
}
