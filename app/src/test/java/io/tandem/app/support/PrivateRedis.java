package io.tandem.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import redis.embedded.RedisServer;

/**
 * A Redis of one test's own on a free port, from the same embedded-redis binaries the local dependency starters
 * use, that the test may stop and start again on the same data (an append-only file, so what limits held survives
 * the restart). Unlike {@link io.tandem.app.local.LocalDependencies} it needs nothing else reachable: the suite's
 * Elasticsearch may come and go with other test runs on the machine.
 */
public final class PrivateRedis implements AutoCloseable {

    private final Path directory;
    private final int port;
    private RedisServer server;

    private PrivateRedis(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** Starts a Redis keeping its data in {@code directory}. */
    public static PrivateRedis start(Path directory) {
        try (ServerSocket socket = new ServerSocket(0)) {
            PrivateRedis redis = new PrivateRedis(directory, socket.getLocalPort());
            socket.close();
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it (again) on the same port and data. */
    public synchronized void start() {
        try {
            Files.createDirectories(directory);
            server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir \"" + directory.toAbsolutePath() + "\"")
                    .setting("save \"\"")
                    .setting("appendonly yes")
                    .build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops it; {@link #start()} brings it back. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
