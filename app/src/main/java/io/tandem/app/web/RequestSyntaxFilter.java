package io.tandem.app.web;

import io.tandem.app.problem.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses, before anything reads them, the parts of a request that cannot be read at all: a query string that is not
 * percent-encoded UTF-8 answers 400 (Tomcat would otherwise fail when a parameter is first read, a 500, or silently
 * drop the parameter), and a {@code Content-Type} that is not one concrete media type answers 415 (Spring would
 * otherwise fail on a wildcard one while reading the body).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestSyntaxFilter extends OncePerRequestFilter {

    private final HandlerExceptionResolver problems;

    RequestSyntaxFilter(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && !decodable(query)) {
            problems.resolveException(request, response, null, new ApiException(HttpStatus.BAD_REQUEST,
                    "malformed-query", "The query string is not valid percent-encoded UTF-8 (or holds a NUL)", null));
            return;
        }
        String contentType = request.getContentType();
        if (contentType != null && !concrete(contentType)) {
            problems.resolveException(request, response, null, new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type", "The Content-Type is not a media type this API reads", null));
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Every {@code %} starts two hex digits, the bytes they stand for are well-formed UTF-8, and none is NUL (which no
     * parameter may hold: PostgreSQL refuses it in text).
     */
    static boolean decodable(String query) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(query.length());
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                if (i + 2 >= query.length()) {
                    return false;
                }
                int high = Character.digit(query.charAt(i + 1), 16);
                int low = Character.digit(query.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return false;
                }
                if (high == 0 && low == 0) {
                    return false;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c > 0x7f) {
                return false;
            } else {
                bytes.write(c);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean concrete(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
