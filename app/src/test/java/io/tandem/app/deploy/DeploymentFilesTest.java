package io.tandem.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker or Kubernetes runs the deployment files here, so their consistency is checked as text: they parse,
 * they set only variables the application reads, compose and Kubernetes set the same ones, secrets are references,
 * and probes, port and resources are what the app and the backend plan expect.
 */
class DeploymentFilesTest {

    private static final Path ROOT = repositoryRoot();
    private static final Set<String> SECRETS = Set.of("DATABASE_PASSWORD", "TANDEM_JWT_SECRET", "TANDEM_MASTER_KEYS");
    /** Read by libraries or the image rather than by Tandem's own configuration. */
    private static final Set<String> READ_OUTSIDE_THE_APP = Set.of(
            "JAVA_OPTS",                        // the Dockerfile's entrypoint passes it to java
            "MALLOC_ARENA_MAX",                 // glibc's allocator, under the JVM
            "AXONIQ_UPDATE_CHECKER_DISABLED");  // Axon Framework's update checker
    /**
     * Settings of the operations features built alongside this branch (rate limits, CORS, log format, encryption
     * at rest); once they are merged the app reads them and this set can be emptied.
     */
    private static final Set<String> READ_BY_PARALLEL_WORK = Set.of(
            "TANDEM_MASTER_KEYS", "TANDEM_CORS_ORIGINS", "TANDEM_LOG_FORMAT", "TANDEM_RATE_LIMIT_API_PER_MINUTE",
            "TANDEM_RATE_LIMIT_SYNC_PER_10S", "TANDEM_RATE_LIMIT_WS_PER_SECOND");

    @Test
    void everyYamlFileParses() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("docker-compose.yml"),
                ROOT.resolve(".github/workflows/ci.yml")));
        try (Stream<Path> k8s = Files.list(ROOT.resolve("deploy/k8s"))) {
            k8s.filter(p -> p.toString().endsWith(".yaml")).forEach(files::add);
        }
        for (Path file : files) {
            assertThat(documents(file)).as(file.toString()).isNotEmpty().allSatisfy(d -> assertThat(d).isNotNull());
        }
    }

    @Test
    void composeAndKubernetesSetOnlyVariablesTheApplicationReads() throws IOException {
        Set<String> read = variablesTheAppReads();
        Set<String> set = new TreeSet<>(composeAppEnvironment().keySet());
        set.addAll(kubernetesEnvironment());
        set.addAll(dockerfileEnv());

        assertThat(set).as("set by the deployment files but read by nobody (typo, or a setting that was removed)")
                .allSatisfy(name -> assertThat(read.contains(name) || READ_OUTSIDE_THE_APP.contains(name)
                        || READ_BY_PARALLEL_WORK.contains(name)).as(name).isTrue());
        assertThat(set).as("the settings README's table and the app have in common")
                .contains("DATABASE_URL", "DATABASE_USERNAME", "REDIS_URL", "ELASTICSEARCH_URL", "TANDEM_JWT_SECRET",
                        "AXON_AXONSERVER_SERVERS");
        assertThat(read).as("the Axon Server switch is part of application.yml")
                .contains("AXON_AXONSERVER_SERVERS", "AXON_AXONSERVER_CONTEXT");
        assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("$JAVA_OPTS");
    }

    @Test
    void composeAndKubernetesConfigureTheSameVariables() throws IOException {
        assertThat(new TreeSet<>(kubernetesEnvironment()))
                .isEqualTo(new TreeSet<>(composeAppEnvironment().keySet()));
    }

    @Test
    void secretsAreOnlyEverReferences() throws IOException {
        Map<String, Object> compose = composeAppEnvironment();
        for (String secret : SECRETS) {
            assertThat(String.valueOf(compose.get(secret))).as("compose takes %s from .env", secret)
                    .matches("\\$\\{[A-Z_]+:\\?.*}");
        }
        assertThat(configMapData().keySet()).doesNotContainAnyElementsOf(SECRETS);
        List<Map<String, Object>> env = list(container().get("env"));
        assertThat(env).extracting(e -> e.get("name")).containsExactlyInAnyOrderElementsOf(SECRETS);
        assertThat(env).allSatisfy(e -> assertThat(e).doesNotContainKey("value")
                .extractingByKey("valueFrom").asString().contains("name=tandem-secrets"));
        // Every key of .env.example is used by compose, and .env itself never reaches git or the image.
        Set<String> composeText = interpolated(Files.readString(ROOT.resolve("docker-compose.yml")));
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            Matcher m = Pattern.compile("^#?([A-Z][A-Z0-9_]*)=").matcher(line);
            if (m.find()) {
                assertThat(composeText).as(".env.example's %s", m.group(1)).contains(m.group(1));
            }
        }
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains(".env");
        assertThat(Files.readAllLines(ROOT.resolve(".dockerignore"))).contains(".env");
    }

    @Test
    void kubernetesProbesPortAndResourcesMatchTheAppAndTheBackendPlan() throws IOException {
        Map<String, Object> container = container();
        assertThat(path(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
        assertThat(path(container, "startupProbe")).isEqualTo("/actuator/health/liveness");
        assertThat(path(container, "readinessProbe")).isEqualTo("/ready");
        assertThat(String.valueOf(container.get("ports"))).contains("containerPort=8080");
        assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("EXPOSE 8080").contains("/health");
        assertThat(container.get("resources")).isEqualTo(Map.of(
                "requests", Map.of("memory", "256Mi", "cpu", "250m"),
                "limits", Map.of("memory", "512Mi", "cpu", "500m")));

        Map<String, Object> hpa = map(documents(ROOT.resolve("deploy/k8s/hpa.yaml")).get(0));
        assertThat(map(map(hpa.get("spec")).get("scaleTargetRef"))).containsEntry("kind", "Deployment")
                .containsEntry("name", "tandem");
        assertThat(String.valueOf(map(hpa.get("spec")).get("metrics"))).contains("name=cpu");
    }

    @Test
    void theKustomizationListsEveryManifest() throws IOException {
        Map<String, Object> kustomization = map(documents(ROOT.resolve("deploy/k8s/kustomization.yaml")).get(0));
        Set<String> listed = new TreeSet<>(list(kustomization.get("resources")).stream().map(String::valueOf).toList());
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/k8s"))) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .forEach(present::add);
        }
        assertThat(listed).isEqualTo(present);
    }

    @Test
    void composeRunsTheFiveServicesWiredByName() throws IOException {
        Map<String, Object> services = map(map(documents(ROOT.resolve("docker-compose.yml")).get(0)).get("services"));
        assertThat(services.keySet()).containsExactlyInAnyOrder("axonserver", "postgres", "elasticsearch", "redis", "app");
        Map<String, Object> env = composeAppEnvironment();
        assertThat(String.valueOf(env.get("AXON_AXONSERVER_SERVERS"))).contains("axonserver:8124");
        assertThat(String.valueOf(env.get("DATABASE_URL"))).contains("//postgres:5432/");
        assertThat(String.valueOf(env.get("REDIS_URL"))).isEqualTo("redis://redis:6379");
        assertThat(String.valueOf(env.get("ELASTICSEARCH_URL"))).isEqualTo("http://elasticsearch:9200");
        assertThat(String.valueOf(services.get("elasticsearch"))).contains("elasticsearch:8.19.")
                .contains("discovery.type=single-node").contains("xpack.security.enabled=false");
        assertThat(String.valueOf(services.get("axonserver"))).contains("axoniq/axonserver")
                .contains("./axonserver/axonserver.properties:/axonserver/config/axonserver.properties");
        assertThat(Files.readString(ROOT.resolve("axonserver/axonserver.properties")))
                .contains("axoniq.axonserver.standalone=true");
    }

    /** {@code ${NAME...}} in application.yml, and the names main code looks up in the environment itself. */
    private static Set<String> variablesTheAppReads() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(p -> p.toString().contains("/src/main/"))
                    .filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Pattern pattern = file.toString().endsWith(".yml")
                        ? Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)")
                        : Pattern.compile("(?:getenv|env\\.get|env\\.getOrDefault)\\(\"([A-Z][A-Z0-9_]*)\"");
                Matcher m = pattern.matcher(text);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static Set<String> interpolated(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Map<String, Object> composeAppEnvironment() throws IOException {
        Map<String, Object> services = map(map(documents(ROOT.resolve("docker-compose.yml")).get(0)).get("services"));
        return map(map(services.get("app")).get("environment"));
    }

    private static Set<String> kubernetesEnvironment() throws IOException {
        Set<String> names = new TreeSet<>(configMapData().keySet());
        list(container().get("env")).forEach(e -> names.add(String.valueOf(map(e).get("name"))));
        assertThat(String.valueOf(container().get("envFrom"))).contains("name=tandem-config");
        return names;
    }

    private static Set<String> dockerfileEnv() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^(?:ENV\\s+|\\s+)([A-Z][A-Z0-9_]*)=").matcher(Files.readString(ROOT.resolve("Dockerfile")));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).contains("JAVA_OPTS", "PORT");
        return names;
    }

    private static Map<String, Object> configMapData() throws IOException {
        return map(map(documents(ROOT.resolve("deploy/k8s/configmap.yaml")).get(0)).get("data"));
    }

    private static Map<String, Object> container() throws IOException {
        Map<String, Object> deployment = map(documents(ROOT.resolve("deploy/k8s/deployment.yaml")).get(0));
        Map<String, Object> podSpec = map(map(map(deployment.get("spec")).get("template")).get("spec"));
        return map(list(podSpec.get("containers")).get(0));
    }

    private static String path(Map<String, Object> container, String probe) {
        return String.valueOf(map(map(container.get(probe)).get("httpGet")).get("path"));
    }

    private static List<Object> documents(Path file) throws IOException {
        List<Object> documents = new ArrayList<>();
        new Yaml().loadAll(Files.readString(file)).forEach(documents::add);
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<T>) value;
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
