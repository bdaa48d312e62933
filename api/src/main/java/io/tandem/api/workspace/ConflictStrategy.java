package io.tandem.api.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a workspace settles concurrent offline edits of the same task fields. */
public enum ConflictStrategy {
    @JsonProperty("last_writer_wins") LAST_WRITER_WINS,
    @JsonProperty("field_level_merge") FIELD_LEVEL_MERGE,
    @JsonProperty("manual") MANUAL
}
