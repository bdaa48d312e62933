package io.tandem.command.task;

/**
 * The task aggregate's class, for the application that configures its repository (bean {@code taskRepository});
 * the aggregate itself stays package-private.
 */
public final class TaskAggregate {

    public static final Class<?> TYPE = Task.class;

    private TaskAggregate() {
    }
}
