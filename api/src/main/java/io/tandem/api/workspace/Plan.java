package io.tandem.api.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The commercial plan a workspace is on. */
public enum Plan {
    @JsonProperty("free") FREE,
    @JsonProperty("pro") PRO,
    @JsonProperty("enterprise") ENTERPRISE
}
