package io.tandem.command.workspace;

/**
 * The workspace aggregate's class, for the application that configures its repository (bean
 * {@code workspaceRepository}); the aggregate itself stays package-private.
 */
public final class WorkspaceAggregate {

    public static final Class<?> TYPE = Workspace.class;

    private WorkspaceAggregate() {
    }
}
