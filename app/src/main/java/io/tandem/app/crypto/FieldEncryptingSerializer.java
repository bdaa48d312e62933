package io.tandem.app.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.tandem.api.Sensitive;
import io.tandem.api.WorkspaceScoped;
import io.tandem.app.crypto.DataKeys.DataKey;
import io.tandem.app.crypto.SensitiveFields.Leaf;
import io.tandem.app.crypto.SensitiveFields.Shape;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event serializer: Axon's Jackson 3 serializer, with every {@link Sensitive} field replaced on the way out by
 * {@code {"$enc": "v1:<dataKeyId>:<base64 nonce+ciphertext+tag>"}} and restored on the way in, or read as
 * {@link Sensitive#ERASED} once its data key is destroyed. Because the storage engine, aggregate event streams,
 * processors and every event-store reader deserialize through this one bean, all of them see the same plaintext and
 * none of them sees ciphertext. Text written before encryption existed (a plain string) is read as it is.
 */
final class FieldEncryptingSerializer implements Serializer {

    static final String ENVELOPE = "$enc";
    private static final String VERSION = "v1";

    private final Serializer delegate;
    private final DataKeys keys;
    private final SensitiveFields fields = new SensitiveFields();
    /** Every stored message's type is resolved on each read, by every processor; the class behind a name is fixed. */
    private final Map<SerializedType, Class<?>> classes = new ConcurrentHashMap<>();

    FieldEncryptingSerializer(Serializer delegate, DataKeys keys) {
        this.delegate = delegate;
        this.keys = keys;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        Shape shape = object == null ? Shape.NONE : fields.of(object.getClass());
        if (shape.isEmpty()) {
            return delegate.serialize(object, expectedRepresentation);
        }
        UUID workspaceId = object instanceof WorkspaceScoped scoped ? scoped.workspaceId() : null;
        SerializedObject<JsonNode> tree = delegate.serialize(object, JsonNode.class);
        JsonNode root = tree.getData();
        if (root instanceof ObjectNode node) {
            walk(node, shape, (parent, leaf) -> encrypt(parent, leaf, workspaceId));
        }
        return getConverter().convert(new SimpleSerializedObject<>(root, JsonNode.class, tree.getType()),
                expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        Shape shape = fields.of(classForType(serializedObject.getType()));
        if (shape.isEmpty()) {
            return delegate.deserialize(serializedObject);
        }
        // Decrypting changes the tree in place. A tree handed in (by an upcaster) may reach more than one reader, so
        // it is copied; one parsed from bytes here is this reader's own.
        JsonNode parsed = getConverter().convert(serializedObject, JsonNode.class).getData();
        JsonNode root = serializedObject.getData() instanceof JsonNode ? parsed.deepCopy() : parsed;
        if (root instanceof ObjectNode node) {
            walk(node, shape, this::decrypt);
        }
        return delegate.deserialize(new SimpleSerializedObject<>(root, JsonNode.class, serializedObject.getType()));
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class classForType(SerializedType type) {
        return classes.computeIfAbsent(type, delegate::classForType);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }

    private interface LeafAction {
        void apply(ObjectNode parent, Leaf leaf);
    }

    private static void walk(ObjectNode node, Shape shape, LeafAction action) {
        for (Leaf leaf : shape.leaves()) {
            action.apply(node, leaf);
        }
        for (Map.Entry<String, Shape> inner : shape.nested().entrySet()) {
            if (node.get(inner.getKey()) instanceof ObjectNode child) {
                walk(child, inner.getValue(), action);
            }
        }
    }

    private void encrypt(ObjectNode parent, Leaf leaf, UUID workspaceId) {
        JsonNode value = parent.get(leaf.property());
        if (value == null || !value.isString()) {
            return;
        }
        UUID scopeId = leaf.scope() == Sensitive.Scope.WORKSPACE ? workspaceId : uuid(parent.get(leaf.subject()));
        if (scopeId == null) {
            throw new IllegalStateException("A " + leaf.scope() + "-scoped sensitive field '" + leaf.property()
                    + "' has no " + (leaf.scope() == Sensitive.Scope.WORKSPACE ? "workspaceId" : leaf.subject())
                    + " to find its key by");
        }
        Optional<DataKey> key = keys.forEncryption(leaf.scope(), scopeId);
        if (key.isEmpty()) {
            // The workspace was deleted or the user erased: there is nothing left this text may be kept for.
            parent.put(leaf.property(), Sensitive.ERASED);
            return;
        }
        parent.putObject(leaf.property()).put(ENVELOPE, seal(key.get(), value.asString()));
    }

    private void decrypt(ObjectNode parent, Leaf leaf) {
        JsonNode value = parent.get(leaf.property());
        if (value == null || !value.isObject() || value.get(ENVELOPE) == null) {
            return;
        }
        parent.put(leaf.property(), open(value.get(ENVELOPE).asString()));
    }

    String seal(DataKey key, String plaintext) {
        byte[] sealed = Aead.seal(key.key(), plaintext.getBytes(StandardCharsets.UTF_8), context(key.id()));
        return VERSION + ":" + key.id() + ":" + Base64.getEncoder().encodeToString(sealed);
    }

    /** The plaintext, or {@link Sensitive#ERASED} when the data key is gone. */
    String open(String envelope) {
        String[] parts = envelope.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new TamperedDataException("Not an encrypted field of a known version");
        }
        UUID keyId;
        byte[] sealed;
        try {
            keyId = UUID.fromString(parts[1]);
            sealed = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new TamperedDataException("An encrypted field is malformed");
        }
        Optional<DataKey> key = keys.forDecryption(keyId);
        if (key.isEmpty()) {
            return Sensitive.ERASED;
        }
        return new String(Aead.open(key.get().key(), sealed, context(keyId)), StandardCharsets.UTF_8);
    }

    private static byte[] context(UUID keyId) {
        return ("tandem:field:" + VERSION + ":" + keyId).getBytes(StandardCharsets.US_ASCII);
    }

    private static UUID uuid(JsonNode node) {
        return node == null || node.isNull() ? null : UUID.fromString(node.asString());
    }
}
