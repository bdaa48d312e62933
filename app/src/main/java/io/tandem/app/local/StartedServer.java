package io.tandem.app.local;

/** A server started by {@link LocalDependencies}, which therefore also has to stop it. */
interface StartedServer {

    LocalDependencies.Dependency dependency();

    void stop();
}
