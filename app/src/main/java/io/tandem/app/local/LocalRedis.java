package io.tandem.app.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import redis.embedded.RedisServer;

/** Redis from the embedded-redis binaries, on loopback only, keeping its data between runs. */
final class LocalRedis {

    private LocalRedis() {
    }

    static StartedServer start(int port, Path directory) throws IOException {
        Files.createDirectories(directory);
        RedisServer redis = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir \"" + directory.toAbsolutePath() + "\"")
                // The library reads Redis's stdout only until "ready", so the pipe is never drained afterwards.
                // The append-only file persists without the log lines every RDB snapshot writes, which would
                // fill that pipe over a long session and stall Redis.
                .setting("save \"\"")
                .setting("appendonly yes")
                .build();
        redis.start();
        return new StartedServer() {
            @Override
            public LocalDependencies.Dependency dependency() {
                return LocalDependencies.Dependency.REDIS;
            }

            @Override
            public void stop() {
                try {
                    redis.stop();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
