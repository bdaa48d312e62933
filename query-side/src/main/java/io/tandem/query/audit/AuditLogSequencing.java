package io.tandem.query.audit;

import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AuditLogSequencing {

    /**
     * Puts every event in one sequence, so the audit log (with its single segment) handles the whole stream in
     * order on one thread, which is what makes its positions gap-free for readers.
     */
    @Bean
    SequencingPolicy<Object> auditLogSequencingPolicy() {
        return new SequentialPolicy();
    }
}
