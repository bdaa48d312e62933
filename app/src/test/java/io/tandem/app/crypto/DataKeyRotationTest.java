package io.tandem.app.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.tandem.api.Sensitive;
import io.tandem.api.WorkspaceScoped;
import io.tandem.api.task.Priority;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskStatus;
import io.tandem.app.support.IntegrationTest;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Data keys against the real {@code data_keys} table: master key rotation, destruction, user-scoped fields and
 * tampering, through the serializer the event store uses. Master key ids are unique per run, so earlier runs' rows
 * never meet this run's keys.
 */
@IntegrationTest
class DataKeyRotationTest {

    /** A stand-in for a future event that carries a person's email. */
    record ProfileNoted(UUID workspaceId, UUID userId,
            @Sensitive(scope = Sensitive.Scope.USER, subject = "userId") String email) implements WorkspaceScoped {
    }

    private static final CryptoProperties PROPERTIES = new CryptoProperties(null, null, Duration.ofMinutes(1), 100, true);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String keyA = "a-" + run + ":" + Base64.getEncoder().encodeToString(Aead.randomKey());
    private final String keyB = "b-" + run + ":" + Base64.getEncoder().encodeToString(Aead.randomKey());

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void eventsWrittenUnderKeyAStayReadableAfterRotatingToB() {
        UUID ws = UUID.randomUUID();
        SerializedObject<byte[]> stored = serializer(keys(keyA)).serialize(task(ws, "Rotating secret"), byte[].class);
        assertThat(text(stored)).doesNotContain("Rotating secret");
        assertThat(masterKeyOf(ws)).isEqualTo("a-" + run);

        DataKeys rotated = keys(keyB + "," + keyA);
        assertThat(title(serializer(rotated), stored)).as("before the rewrap").isEqualTo("Rotating secret");
        assertThat(rotated.rewrapWithCurrentMasterKey()).isGreaterThanOrEqualTo(1);
        assertThat(masterKeyOf(ws)).isEqualTo("b-" + run);

        assertThat(title(serializer(keys(keyB)), stored)).as("A no longer needed").isEqualTo("Rotating secret");
        assertThatThrownBy(() -> title(serializer(keys(keyA)), stored))
                .as("a master key that is not listed fails loudly rather than reading as erased")
                .hasMessageContaining("b-" + run);
    }

    @Test
    void aDestroyedDataKeyReadsAsErased() {
        UUID ws = UUID.randomUUID();
        DataKeys keys = keys(keyA);
        Serializer serializer = serializer(keys);
        SerializedObject<byte[]> stored = serializer.serialize(task(ws, "Short-lived"), byte[].class);
        assertThat(title(serializer, stored)).isEqualTo("Short-lived");

        keys.destroy(Sensitive.Scope.WORKSPACE, ws);

        assertThat(title(serializer, stored)).isEqualTo(Sensitive.ERASED);
        assertThat(title(serializer(keys(keyB + "," + keyA)), stored)).isEqualTo(Sensitive.ERASED);
        SerializedObject<byte[]> late = serializer.serialize(task(ws, "Written after deletion"), byte[].class);
        assertThat(text(late)).doesNotContain("Written after deletion");
        assertThat(title(serializer, late)).isEqualTo(Sensitive.ERASED);
    }

    @Test
    void userScopedFieldsUseTheUsersKey() {
        UUID ws = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        DataKeys keys = keys(keyA);
        Serializer serializer = serializer(keys);
        SerializedObject<byte[]> stored = serializer.serialize(new ProfileNoted(ws, user, "bea@example.test"),
                byte[].class);
        assertThat(text(stored)).doesNotContain("bea@example.test").contains("\"$enc\"");
        assertThat(jdbc.sql("select count(*) from data_keys where scope = 'user' and scope_id = :id")
                .param("id", user).query(Long.class).single()).isEqualTo(1);
        assertThat(((ProfileNoted) serializer.deserialize(stored)).email()).isEqualTo("bea@example.test");

        keys.destroy(Sensitive.Scope.USER, user);

        assertThat(((ProfileNoted) serializer.deserialize(stored)).email()).isEqualTo(Sensitive.ERASED);
        assertThat(((ProfileNoted) serializer(keys(keyA)).deserialize(stored)).email()).isEqualTo(Sensitive.ERASED);
    }

    @Test
    void aModifiedCiphertextInAStoredEventFails() {
        Serializer serializer = serializer(keys(keyA));
        SerializedObject<byte[]> stored = serializer.serialize(task(UUID.randomUUID(), "Do not touch"), byte[].class);
        String json = text(stored);
        int at = json.indexOf("\"$enc\":\"v1:") + "\"$enc\":\"v1:".length() + 36 + 1 + 20;
        char flipped = json.charAt(at) == 'A' ? 'B' : 'A';
        String tampered = json.substring(0, at) + flipped + json.substring(at + 1);

        assertThatThrownBy(() -> serializer.deserialize(new SimpleSerializedObject<>(
                tampered.getBytes(StandardCharsets.UTF_8), byte[].class, stored.getType())))
                .isInstanceOf(TamperedDataException.class);
    }

    @Test
    void textWrittenBeforeEncryptionExistedIsReadAsItIs() {
        Serializer plain = Jackson3Serializer.builder().build();
        SerializedObject<byte[]> legacy = plain.serialize(task(UUID.randomUUID(), "Old plain title"), byte[].class);
        assertThat(title(serializer(keys(keyA)), legacy)).isEqualTo("Old plain title");
    }

    private DataKeys keys(String masterKeys) {
        return new DataKeys(jdbc, MasterKeys.parse(masterKeys), transactions, PROPERTIES);
    }

    private static Serializer serializer(DataKeys keys) {
        return new FieldEncryptingSerializer(Jackson3Serializer.builder().build(), keys);
    }

    private static String title(Serializer serializer, SerializedObject<byte[]> stored) {
        return ((TaskCreatedEvent) serializer.deserialize(stored)).title();
    }

    private String masterKeyOf(UUID workspaceId) {
        return jdbc.sql("select master_key_id from data_keys where scope = 'workspace' and scope_id = :id")
                .param("id", workspaceId).query(String.class).single();
    }

    private static String text(SerializedObject<byte[]> serialized) {
        return new String(serialized.getData(), StandardCharsets.UTF_8);
    }

    private static TaskCreatedEvent task(UUID workspaceId, String title) {
        return new TaskCreatedEvent(UUID.randomUUID(), workspaceId, UUID.randomUUID(), title, "details of " + title,
                Priority.MEDIUM, null, List.of(), null, null, false, null, false, null, TaskStatus.TODO, null, false,
                null, 1);
    }
}
