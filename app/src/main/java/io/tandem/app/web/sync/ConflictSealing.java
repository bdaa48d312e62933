package io.tandem.app.web.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Seals, once at startup, the values of conflicts held by a version that kept them in plain text. */
@Component
class ConflictSealing implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ConflictSealing.class);

    private final ConflictStore conflicts;

    ConflictSealing(ConflictStore conflicts) {
        this.conflicts = conflicts;
    }

    @Override
    public void run(ApplicationArguments args) {
        int sealed = conflicts.sealPlainRows();
        if (sealed > 0) {
            log.info("Sealed the values of {} sync conflict(s) held in plain text", sealed);
        }
    }
}
