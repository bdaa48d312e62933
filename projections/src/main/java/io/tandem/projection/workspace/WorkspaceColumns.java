package io.tandem.projection.workspace;

import io.tandem.api.workspace.ConflictStrategy;
import io.tandem.api.workspace.Plan;
import io.tandem.api.workspace.WorkspaceRole;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Conversions between the api's types and this read model's columns. Enums are stored in the contract's
 * lower-case JSON spelling so that the tables read the same as the API; instants travel as UTC
 * OffsetDateTime, the type the PostgreSQL driver maps to timestamptz.
 */
final class WorkspaceColumns {

    private WorkspaceColumns() {
    }

    static String plan(Plan plan) {
        return lower(plan);
    }

    static Plan plan(String column) {
        return Plan.valueOf(column.toUpperCase(Locale.ROOT));
    }

    static String conflictStrategy(ConflictStrategy strategy) {
        return lower(strategy);
    }

    static ConflictStrategy conflictStrategy(String column) {
        return ConflictStrategy.valueOf(column.toUpperCase(Locale.ROOT));
    }

    static String role(WorkspaceRole role) {
        return lower(role);
    }

    static WorkspaceRole role(String column) {
        return WorkspaceRole.valueOf(column.toUpperCase(Locale.ROOT));
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
