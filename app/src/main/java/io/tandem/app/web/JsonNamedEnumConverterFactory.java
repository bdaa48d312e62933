package io.tandem.app.web;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;

/**
 * Reads enum query parameters by the same names their JSON uses ({@code ?status=in_progress}), so that a
 * client never has to know two spellings of one value.
 */
final class JsonNamedEnumConverterFactory implements ConverterFactory<String, Enum> {

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T extends Enum> Converter<String, T> getConverter(Class<T> targetType) {
        Map<String, T> byName = Arrays.stream(targetType.getEnumConstants())
                .collect(Collectors.toMap(c -> jsonName((Enum) c), Function.identity()));
        return source -> {
            T value = byName.get(source.trim());
            if (value == null) {
                throw new IllegalArgumentException("Unknown value '" + source + "'; expected one of " + byName.keySet());
            }
            return value;
        };
    }

    private static String jsonName(Enum<?> constant) {
        try {
            JsonProperty property = constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
            return property == null ? constant.name() : property.value();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }
}
