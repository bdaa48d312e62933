package io.tandem.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;

/** The path deploy/k8s gives Kubernetes' liveness probe: open, and about the process alone. */
class LivenessProbeTest extends ApiTestBase {

    @Test
    void livenessAnswersWithoutATokenAndChecksNoDependency() {
        ApiClient.Response r = api.get("/actuator/health/liveness", null);

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("UP");
        assertThat(r.json().has("components")).as("no dependency is part of liveness: %s", r).isFalse();
    }
}
