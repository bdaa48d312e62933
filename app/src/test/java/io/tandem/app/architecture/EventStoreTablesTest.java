package io.tandem.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No code path may depend on the events sitting in PostgreSQL beside the read models: with Axon Server, or with the
 * events in a database of their own, Axon's event tables are not there. So nothing in the main sources but the
 * storage engine's own configuration names those tables, their global index or Axon's JPA entities for them
 * (comments aside). A reader that needs an event reads a copy a projection of Tandem's keeps.
 */
class EventStoreTablesTest {

    private static final Pattern EVENT_TABLES = Pattern.compile(
            "(?i)\\b(domain_event_entry|snapshot_event_entry|domain_event_entry_seq|global_index)\\b"
                    + "|\\b(DomainEventEntry|SnapshotEventEntry)\\b");

    /** The storage engine's configuration and the migrations that create its tables, relative to the repository. */
    private static final Set<String> STORAGE_ENGINE = Set.of(
            "app/src/main/java/io/tandem/app/config/AxonConfig.java",
            "app/src/main/java/io/tandem/app/config/BoundedFetchJpaEventStorageEngine.java",
            "app/src/main/java/io/tandem/app/config/OwnEventStoreConfig.java",
            "app/src/main/java/io/tandem/app/config/TandemPostgresDialect.java",
            "app/src/main/resources/db/migration/V1__axon_event_store.sql",
            "app/src/main/resources/db/eventstore/V1__events.sql");

    @Test
    void onlyTheStorageEngineNamesAxonsEventTables() throws IOException {
        Path root = repositoryRoot();
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(EventStoreTablesTest::isMainSource).toList()) {
                scanned++;
                String relative = root.relativize(file).toString().replace('\\', '/');
                if (STORAGE_ENGINE.contains(relative)) {
                    continue;
                }
                Matcher matcher = EVENT_TABLES.matcher(withoutComments(file, Files.readString(file)));
                while (matcher.find()) {
                    offenders.add(relative + ": " + matcher.group());
                }
            }
        }
        assertThat(scanned).as("main sources scanned").isGreaterThan(200);
        assertThat(offenders).as("names of Axon's event tables outside the storage engine").isEmpty();
    }

    @Test
    void theScanSeesANameOutsideAComment() {
        String java = "class X { /* domain_event_entry */ // global_index\n String sql = \"SELECT * FROM domain_event_entry\"; }";
        assertThat(EVENT_TABLES.matcher(withoutComments(Path.of("X.java"), java)).results().count()).isEqualTo(1);
        String sql = "-- domain_event_entry\nSELECT global_index FROM somewhere;";
        assertThat(EVENT_TABLES.matcher(withoutComments(Path.of("x.sql"), sql)).results().count()).isEqualTo(1);
        assertThat(EVENT_TABLES.matcher("new GenericDomainEventEntry<>()").find()).isFalse();
    }

    private static boolean isMainSource(Path file) {
        String path = file.toString().replace('\\', '/');
        return Files.isRegularFile(file) && path.contains("/src/main/") && !path.contains("/target/")
                && !path.contains("/node_modules/")
                && (path.endsWith(".java") || path.endsWith(".sql") || path.endsWith(".yml") || path.endsWith(".properties")
                || path.endsWith(".xml"));
    }

    private static String withoutComments(Path file, String text) {
        String name = file.getFileName().toString();
        if (name.endsWith(".sql")) {
            return text.replaceAll("--[^\\n]*", "");
        }
        if (name.endsWith(".yml") || name.endsWith(".properties")) {
            return text.replaceAll("(?m)^\\s*#[^\\n]*", "");
        }
        if (name.endsWith(".java")) {
            return text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
        }
        return text;
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No mvnw found above " + Path.of("").toAbsolutePath());
    }
}
