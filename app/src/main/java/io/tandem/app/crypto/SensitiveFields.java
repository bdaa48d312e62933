package io.tandem.app.crypto;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tandem.api.Sensitive;

/**
 * Where a message's {@link Sensitive} fields are, as JSON property paths: read once per class from the record
 * components (and from the records they carry), never guessed from names or values.
 */
final class SensitiveFields {

    /**
     * A sensitive property, a string or (when {@code list}) a list of strings sealed one by one; {@code subject} is
     * the sibling property holding the user id (USER scope).
     */
    record Leaf(String property, Sensitive.Scope scope, String subject, boolean list) {
    }

    /** The sensitive leaves of one record type and of the records nested in it, by property name. */
    record Shape(List<Leaf> leaves, Map<String, Shape> nested) {

        static final Shape NONE = new Shape(List.of(), Map.of());

        boolean isEmpty() {
            return leaves.isEmpty() && nested.isEmpty();
        }
    }

    private final Map<Class<?>, Shape> shapes = new ConcurrentHashMap<>();

    Shape of(Class<?> type) {
        return shapes.computeIfAbsent(type, t -> shape(t, new ArrayList<>()));
    }

    private static Shape shape(Class<?> type, List<Class<?>> path) {
        if (!type.isRecord() || path.contains(type)) {
            return Shape.NONE;
        }
        path.add(type);
        List<Leaf> leaves = new ArrayList<>();
        Map<String, Shape> nested = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            String property = property(component);
            Sensitive sensitive = component.getAnnotation(Sensitive.class);
            if (sensitive != null) {
                leaves.add(leaf(type, component, property, sensitive));
            } else {
                Shape inner = shape(component.getType(), path);
                if (!inner.isEmpty()) {
                    nested.put(property, inner);
                }
            }
        }
        path.remove(type);
        return leaves.isEmpty() && nested.isEmpty() ? Shape.NONE : new Shape(List.copyOf(leaves), Map.copyOf(nested));
    }

    private static Leaf leaf(Class<?> type, RecordComponent component, String property, Sensitive sensitive) {
        boolean list = isListOfStrings(component);
        if (component.getType() != String.class && !list) {
            throw new IllegalStateException("@Sensitive is for String and List<String> components; " + type.getName()
                    + "." + component.getName() + " is a " + component.getGenericType().getTypeName());
        }
        if (sensitive.scope() == Sensitive.Scope.WORKSPACE) {
            return new Leaf(property, sensitive.scope(), null, list);
        }
        RecordComponent subject = null;
        for (RecordComponent candidate : type.getRecordComponents()) {
            if (candidate.getName().equals(sensitive.subject())) {
                subject = candidate;
            }
        }
        if (subject == null || subject.getType() != UUID.class) {
            throw new IllegalStateException("@Sensitive(scope = USER) on " + type.getName() + "." + component.getName()
                    + " needs subject = the name of a UUID component of the same record");
        }
        return new Leaf(property, sensitive.scope(), property(subject), list);
    }

    private static boolean isListOfStrings(RecordComponent component) {
        return component.getType() == List.class
                && component.getGenericType() instanceof ParameterizedType generic
                && generic.getActualTypeArguments()[0] == String.class;
    }

    private static String property(RecordComponent component) {
        JsonProperty renamed = component.getAnnotation(JsonProperty.class);
        return renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
    }
}
