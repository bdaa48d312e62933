# syntax=docker/dockerfile:1
# Three stages: Node.js builds the PWA, the Maven wrapper builds the jar on a JDK, and only the unpacked jar and the
# PWA's files run on a JRE as a non-root user.

FROM node:20 AS pwa
WORKDIR /src
COPY clients/typescript/ clients/typescript/
COPY clients/pwa/ clients/pwa/
RUN clients/pwa/build.sh

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# The poms first, so that source-only changes reuse the cached dependency download.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY ot/pom.xml ot/
COPY api/pom.xml api/
COPY command-side/pom.xml command-side/
COPY projections/pom.xml projections/
COPY query-side/pom.xml query-side/
COPY app/pom.xml app/
COPY ot/src/ ot/src/
COPY api/src/ api/src/
COPY command-side/src/ command-side/src/
COPY projections/src/ projections/src/
COPY query-side/src/ query-side/src/
COPY app/src/ app/src/
COPY scripts/jvm.options scripts/
# mdep.skip: the Elasticsearch server zip is for local runs only; in a container Elasticsearch is its own service.
# -Pimage leaves the other local fallbacks (embedded PostgreSQL and Redis, the local SMTP server) out of the jar.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -Dmdep.skip=true -Pimage package \
 && java -Djarmode=tools -jar app/target/app-*.jar extract --layers --launcher --destination /layers \
 && sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' scripts/jvm.options > /layers/jvm.args

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 tandem \
 && useradd --system --uid 10001 --gid tandem --home-dir /app --shell /usr/sbin/nologin tandem \
 && mkdir -p /app /var/lib/tandem \
 && chown tandem:tandem /var/lib/tandem
WORKDIR /app
# Least-changing layers first: libraries, the loader, snapshot libraries, then the application's own classes.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY --from=build /layers/jvm.args ./jvm.args
COPY --from=pwa /src/clients/pwa/dist/ ./pwa/
USER 10001:10001

# The JVM runs with the options of scripts/jvm.options, as scripts/run starts it (a 240 MiB heap and bounded
# metaspace and code cache: within 512 MiB resident under the benchmarks, the Deployment's memory limit); JAVA_OPTS
# comes after them and wins. An OutOfMemoryError ends the process so that the orchestrator replaces it.
# MALLOC_ARENA_MAX: glibc's allocator otherwise keeps an arena per thread and holds on to their free memory.
ENV JAVA_OPTS="" \
    MALLOC_ARENA_MAX=2 \
    AXONIQ_UPDATE_CHECKER_DISABLED=true \
    PORT=8080 \
    TANDEM_DATA_DIR=/var/lib/tandem \
    TANDEM_PWA_DIR=/app/pwa
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/health" || exit 1
# exec: the JVM replaces the shell as PID 1, so SIGTERM reaches it and shutdown stays graceful.
ENTRYPOINT ["sh", "-c", "exec java @/app/jvm.args $JAVA_OPTS org.springframework.boot.loader.launch.JarLauncher \"$@\"", "tandem"]
