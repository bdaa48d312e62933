package io.tandem.api.task;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The fields of a task that a change can touch, named as in the JSON contract. */
public enum TaskField {
    @JsonProperty("title") TITLE("title"),
    @JsonProperty("description") DESCRIPTION("description"),
    @JsonProperty("priority") PRIORITY("priority"),
    @JsonProperty("categoryId") CATEGORY_ID("categoryId"),
    @JsonProperty("tags") TAGS("tags"),
    @JsonProperty("assignedTo") ASSIGNED_TO("assignedTo"),
    @JsonProperty("dueDate") DUE_DATE("dueDate"),
    @JsonProperty("isRecurring") IS_RECURRING("isRecurring"),
    @JsonProperty("recurringConfig") RECURRING_CONFIG("recurringConfig"),
    @JsonProperty("isTemplate") IS_TEMPLATE("isTemplate"),
    @JsonProperty("status") STATUS("status"),
    @JsonProperty("position") POSITION("position"),
    @JsonProperty("completed") COMPLETED("completed");

    private final String jsonName;

    TaskField(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static Optional<TaskField> fromJsonName(String name) {
        return Arrays.stream(values()).filter(f -> f.jsonName.equals(name)).findFirst();
    }
}
