package io.tandem.app.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

class SmtpUrlTest {

    @Test
    void aPlainUrlBecomesHostAndPortWithOpportunisticStartTls() {
        Map<String, Object> properties = SmtpUrl.springProperties("smtp://mail.example.test:2525");

        assertThat(properties).containsEntry("spring.mail.host", "mail.example.test")
                .containsEntry("spring.mail.port", 2525)
                .containsEntry("spring.mail.protocol", "smtp")
                .containsEntry("spring.mail.properties.mail.smtp.starttls.enable", "true")
                .containsEntry("spring.mail.properties.mail.smtp.timeout", "10000")
                .doesNotContainKey("spring.mail.username");
    }

    @Test
    void credentialsAreDecodedAndTurnOnAuthentication() {
        Map<String, Object> properties = SmtpUrl.springProperties("smtps://ann%40example.test:p%3Ass@smtp.example.test");

        assertThat(properties).containsEntry("spring.mail.username", "ann@example.test")
                .containsEntry("spring.mail.password", "p:ss")
                .containsEntry("spring.mail.port", 465)
                .containsEntry("spring.mail.protocol", "smtps")
                .containsEntry("spring.mail.properties.mail.smtps.auth", "true")
                .doesNotContainKey("spring.mail.properties.mail.smtp.starttls.enable");
    }

    @Test
    void somethingElseThanAnSmtpUrlFailsNamingTheVariable() {
        assertThatThrownBy(() -> SmtpUrl.springProperties("http://mail.example.test"))
                .hasMessageContaining("SMTP_URL");
        assertThatThrownBy(() -> SmtpUrl.springProperties("smtp://"))
                .hasMessageContaining("SMTP_URL");
        assertThatThrownBy(() -> SmtpUrl.springProperties("smtp://bad host"))
                .hasMessageContaining("SMTP_URL");
    }

    @Test
    void theEnvironmentGetsSpringMailPropertiesOnlyWhenTheVariableIsSet() {
        MockEnvironment set = new MockEnvironment().withProperty("SMTP_URL", "smtp://127.0.0.1:3025");
        new SmtpUrl().postProcessEnvironment(set, new SpringApplication());
        assertThat(set.getProperty("spring.mail.host")).isEqualTo("127.0.0.1");
        assertThat(set.getProperty("spring.mail.port")).isEqualTo("3025");

        StandardEnvironment unset = new StandardEnvironment();
        unset.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        new SmtpUrl().postProcessEnvironment(unset, new SpringApplication());
        assertThat(unset.getProperty("spring.mail.host")).isNull();
    }
}
