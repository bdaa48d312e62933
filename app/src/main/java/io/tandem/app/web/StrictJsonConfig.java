package io.tandem.app.web;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are read as typed: a value of another JSON type is refused (400 naming the field) instead of being
 * converted. Jackson would otherwise take {@code 12} or {@code true} for a string, {@code "12"} for a number,
 * {@code 1.5} for a whole number, {@code " viewer"} for an enum value, {@code ""} for no UUID or instant, a null list element for whatever the list's constructor makes of it, and ignore anything after the
 * first JSON value of the body. Text that cannot be stored ({@link TextRules}) is refused in every string field.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfig {

    @Bean
    JsonMapperBuilderCustomizer strictJsonInput() {
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // A null inside a list is never meant: refused with its index, not left to fail in a constructor.
                // Lists and sets only: a map's null value means "cleared" (a sync operation's changed fields).
                .withConfigOverride(List.class, o -> o.setNullHandling(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
                .withConfigOverride(Set.class, o -> o.setNullHandling(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
                .withConfigOverride(Collection.class,
                        o -> o.setNullHandling(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, c -> c
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, c -> c
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.OtherScalar, c -> c
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .addModule(new SimpleModule("tandem-strict-input")
                        .setDeserializerModifier(new ExactEnums())
                        .addDeserializer(String.class, new StorableString()));
    }

    /** Strings as Jackson reads them, refused when they hold what cannot be stored ({@link TextRules}). */
    static final class StorableString extends StdScalarDeserializer<String> {

        StorableString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String text = StringDeserializer.instance.deserialize(p, ctxt);
            if (text != null && !TextRules.storable(text)) {
                return (String) ctxt.handleWeirdStringValue(String.class, text, TextRules.MESSAGE);
            }
            return text;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public boolean isCachable() {
            return true;
        }
    }

    /** Enum values must be spelled exactly: Jackson's own reader trims the text (and so a NUL) before looking it up. */
    static final class ExactEnums extends ValueDeserializerModifier {

        /** Instants and dates are ISO-8601 strings: Jackson would otherwise read a number as epoch seconds. */
        @Override
        public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier beanDescRef,
                ValueDeserializer<?> deserializer) {
            Class<?> raw = beanDescRef.getType().getRawClass();
            return java.time.temporal.Temporal.class.isAssignableFrom(raw) ? new TextOnly(beanDescRef.getType(), deserializer)
                    : deserializer;
        }

        @Override
        public ValueDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                BeanDescription.Supplier beanDescRef, ValueDeserializer<?> deserializer) {
            return new Exact(type, deserializer);
        }
    }

    /** A date or time read from a JSON string only. */
    private static final class TextOnly extends Exact {

        TextOnly(JavaType type, ValueDeserializer<?> delegate) {
            super(type, delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != null && p.currentToken().isNumeric()) {
                return ctxt.handleUnexpectedToken(handledType(), p);
            }
            return super.deserialize(p, ctxt);
        }

        @Override
        Exact with(ValueDeserializer<?> contextual) {
            return new TextOnly(type(), contextual);
        }
    }

    private static class Exact extends ValueDeserializer<Object> {

        private final JavaType type;
        private final ValueDeserializer<?> delegate;

        Exact(JavaType type, ValueDeserializer<?> delegate) {
            this.type = type;
            this.delegate = delegate;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                String text = p.getString();
                if (text.isEmpty() || text.trim().length() != text.length()) {
                    return ctxt.handleWeirdStringValue(type.getRawClass(), text, "not one of the accepted values");
                }
            }
            return delegate.deserialize(p, ctxt);
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            ValueDeserializer<?> contextual = ctxt.handleSecondaryContextualization(delegate, property, type);
            return contextual == delegate ? this : with(contextual);
        }

        Exact with(ValueDeserializer<?> contextual) {
            return new Exact(type, contextual);
        }

        JavaType type() {
            return type;
        }

        @Override
        public void resolve(DeserializationContext ctxt) {
            delegate.resolve(ctxt);
        }

        @Override
        public LogicalType logicalType() {
            return delegate.logicalType();
        }

        @Override
        public Object getNullValue(DeserializationContext ctxt) {
            return delegate.getNullValue(ctxt);
        }

        @Override
        public Class<?> handledType() {
            return type.getRawClass();
        }
    }
}
