package io.tandem.api.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A member's role in a workspace; each role can do everything the roles below it can. */
public enum WorkspaceRole {
    @JsonProperty("viewer") VIEWER,
    @JsonProperty("member") MEMBER,
    @JsonProperty("admin") ADMIN,
    @JsonProperty("owner") OWNER;

    /** True when this role includes everything {@code other} may do. */
    public boolean atLeast(WorkspaceRole other) {
        return compareTo(other) >= 0;
    }

    /** Members and above write tasks and categories. */
    public boolean canWrite() {
        return atLeast(MEMBER);
    }

    /** Admins and owners manage members and settings. */
    public boolean canManage() {
        return atLeast(ADMIN);
    }
}
