package io.tandem.app.web.importing;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.util.UUID;

import io.tandem.app.security.CurrentUser;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Need;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "import")
@RestController
class ImportController {

    private final WorkspaceAccess access;
    private final WorkspaceImporter importer;

    ImportController(WorkspaceAccess access, WorkspaceImporter importer) {
        this.access = access;
        this.importer = importer;
    }

    /** {@code {tasks: [Task...], categories: [Category...]}}, both optional; members and up. */
    @Operation(operationId = "importData", summary = "Import a local-only app's data",
            description = "`{tasks: [...], categories: [...]}`, both optional; members and above. Answers what it did: "
                    + "`imported` counts the tasks and categories created, `skipped` lists the items whose id exists "
                    + "already (so re-running the same import creates no duplicates) and `errors` the items refused, "
                    + "each with its index, the field at fault and why.")
    @PostMapping("/api/v1/workspaces/{workspaceId}/import")
    ImportResponse importData(CurrentUser user, @PathVariable UUID workspaceId, @RequestBody JsonNode body) {
        return importer.run(access.require(workspaceId, user, Need.WRITE), body);
    }
}
