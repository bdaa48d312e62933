package io.tandem.api.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A task's kanban column; a task is completed exactly when its status is {@link #DONE}. */
public enum TaskStatus {
    @JsonProperty("todo") TODO,
    @JsonProperty("in_progress") IN_PROGRESS,
    @JsonProperty("done") DONE
}
