package io.tandem.app.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Calls the running server over real HTTP, as a PWA would; every answer keeps status, headers and JSON body. */
public final class ApiClient {

    public static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public String base() {
        return base;
    }

    /** One answer of the server. */
    public record Response(int status, Map<String, String> headers, String text) {

        public JsonNode json() {
            return text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    public Request request(String method, String path) {
        return new Request(method, path);
    }

    public Response get(String path, String token) {
        return request("GET", path).token(token).send();
    }

    public Response post(String path, Object body, String token) {
        return request("POST", path).token(token).json(body).send();
    }

    public Response put(String path, Object body, String token) {
        return request("PUT", path).token(token).json(body).send();
    }

    public Response delete(String path, String token) {
        return request("DELETE", path).token(token).send();
    }

    /** A request being built; {@link #send()} performs it. */
    public final class Request {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;
        private Duration timeout = Duration.ofSeconds(30);

        private Request(String method, String path) {
            this.method = method;
            this.path = path.startsWith("/") ? path : "/" + path;
        }

        public Request token(String token) {
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            return this;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** For the few requests (large imports, long streams) that may take longer than the default 30 s. */
        public Request timeout(Duration value) {
            timeout = value;
            return this;
        }

        /** A JSON body: a String is sent as it is (to test malformed input), anything else is serialized. */
        public Request json(Object value) {
            if (value != null) {
                body = value instanceof String s ? s : JSON.writeValueAsString(value);
                headers.putIfAbsent("Content-Type", "application/json");
            }
            return this;
        }

        public Response send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(timeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(builder::header);
            try {
                HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                Map<String, String> flat = new LinkedHashMap<>();
                response.headers().map().forEach((k, v) -> flat.put(k.toLowerCase(), String.join(",", v)));
                return new Response(response.statusCode(), flat, response.body());
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(method + " " + path + " interrupted", e);
            }
        }
    }
}
