package io.tandem.app.web.workspace;

import java.util.Map;
import java.util.UUID;

import io.tandem.api.workspace.CreateCategoryCommand;
import io.tandem.api.workspace.DeleteCategoryCommand;
import io.tandem.api.workspace.UpdateCategoryCommand;
import io.tandem.app.access.WorkspaceAccess.Grant;
import io.tandem.app.access.WorkspaceAccess.Need;
import io.tandem.app.messaging.Commands;
import org.springframework.stereotype.Component;

/**
 * The one write path of categories (they live in the Workspace aggregate): REST, sync push and import call it with
 * the caller's {@link Grant}. A name is compared without its surrounding blanks, so it is stored without them,
 * whoever writes it. Each answer is the workspace's version.
 */
@Component
public class CategoryWrites {

    private final Commands commands;

    CategoryWrites(Commands commands) {
        this.commands = commands;
    }

    public long create(Grant grant, UUID categoryId, String name, String color, Map<String, ?> metaData) {
        grant.require(Need.WRITE);
        return commands.send(new CreateCategoryCommand(grant.workspaceId(), categoryId, trimmed(name), color,
                grant.user().id()), metaData);
    }

    /** Renames or recolours; a null field is kept. */
    public long update(Grant grant, UUID categoryId, String name, String color, Map<String, ?> metaData) {
        grant.require(Need.WRITE);
        return commands.send(new UpdateCategoryCommand(grant.workspaceId(), categoryId, trimmed(name), color,
                grant.user().id()), metaData);
    }

    public long delete(Grant grant, UUID categoryId, Map<String, ?> metaData) {
        grant.require(Need.WRITE);
        return commands.send(new DeleteCategoryCommand(grant.workspaceId(), categoryId, grant.user().id()), metaData);
    }

    private static String trimmed(String name) {
        return name == null ? null : name.trim();
    }
}
