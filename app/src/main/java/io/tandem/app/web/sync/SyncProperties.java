package io.tandem.app.web.sync;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Sync settings. {@code test.haltAfterCommitOf} exists only for the crash test: when set to an operation id, the
 * process halts right after that operation's transaction commits and before the push is answered.
 */
@ConfigurationProperties("tandem.sync")
record SyncProperties(Test test) {

    SyncProperties {
        test = test == null ? new Test(null) : test;
    }

    record Test(String haltAfterCommitOf) {
    }
}
