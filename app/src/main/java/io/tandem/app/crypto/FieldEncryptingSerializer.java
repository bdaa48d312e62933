package io.tandem.app.crypto;

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
import tools.jackson.databind.node.ArrayNode;
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
    /** Bound into every sealed event field (see {@link Envelopes}); fields sealed so far carry exactly this. */
    private static final String PURPOSE = "field";

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
        if (value == null || !(leaf.list() ? value.isArray() : value.isString())) {
            return;
        }
        UUID scopeId = leaf.scope() == Sensitive.Scope.WORKSPACE ? workspaceId : uuid(parent.get(leaf.subject()));
        if (scopeId == null) {
            throw new IllegalStateException("A " + leaf.scope() + "-scoped sensitive field '" + leaf.property()
                    + "' has no " + (leaf.scope() == Sensitive.Scope.WORKSPACE ? "workspaceId" : leaf.subject())
                    + " to find its key by");
        }
        // Empty when the workspace was deleted or the user erased: there is nothing left the text may be kept for.
        Optional<DataKey> key = keys.forEncryption(leaf.scope(), scopeId);
        if (!leaf.list()) {
            put(parent, leaf.property(), value.asString(), key);
            return;
        }
        ArrayNode sealed = parent.putArray(leaf.property());
        for (JsonNode element : value) {
            if (element.isString()) {
                put(sealed, element.asString(), key);
            } else {
                sealed.add(element);
            }
        }
    }

    private static void put(ObjectNode parent, String property, String plaintext, Optional<DataKey> key) {
        if (key.isEmpty()) {
            parent.put(property, Sensitive.ERASED);
        } else {
            parent.putObject(property).put(ENVELOPE, Envelopes.seal(key.get(), PURPOSE, plaintext));
        }
    }

    private static void put(ArrayNode list, String plaintext, Optional<DataKey> key) {
        if (key.isEmpty()) {
            list.add(Sensitive.ERASED);
        } else {
            list.addObject().put(ENVELOPE, Envelopes.seal(key.get(), PURPOSE, plaintext));
        }
    }

    /** Opens sealed values; a plain string (stored before the field was sensitive) is left as it is. */
    private void decrypt(ObjectNode parent, Leaf leaf) {
        JsonNode value = parent.get(leaf.property());
        if (value instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                if (isEnvelope(list.get(i))) {
                    list.set(i, list.stringNode(open(list.get(i).get(ENVELOPE).asString())));
                }
            }
        } else if (isEnvelope(value)) {
            parent.put(leaf.property(), open(value.get(ENVELOPE).asString()));
        }
    }

    private static boolean isEnvelope(JsonNode value) {
        return value != null && value.isObject() && value.get(ENVELOPE) != null;
    }

    /** The plaintext, or {@link Sensitive#ERASED} when the data key is gone. */
    private String open(String envelope) {
        return Envelopes.open(keys, PURPOSE, envelope);
    }

    private static UUID uuid(JsonNode node) {
        return node == null || node.isNull() ? null : UUID.fromString(node.asString());
    }
}
