package io.tandem.app.support.fuzz;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection, kept alive, that sends requests byte for byte as given. The JDK's HttpClient refuses
 * what a fuzzer must send (malformed percent-encoding, raw non-ASCII in the request line, odd methods and
 * headers), so requests are written to the socket as they are and the answer is read back whole (Content-Length,
 * chunked, or until close). Not thread-safe: one per thread.
 */
public final class RawHttp implements AutoCloseable {

    /** An answer: status 0 means the server closed the connection without answering. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The header's value (repeated headers joined with a comma), or null; names are case-insensitive. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final int MAX_ANSWER = 8 * 1024 * 1024;

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public String hostHeader() {
        return host + ":" + port;
    }

    /**
     * Writes the request and reads its answer. A kept-alive connection the server closed meanwhile is reopened
     * and the request sent once more; a server that closes without answering gives status 0.
     */
    public Answer exchange(byte[] request) throws IOException {
        boolean reused = socket != null;
        try {
            return once(request);
        } catch (EOFException | java.net.SocketException e) {
            close();
            if (!reused) {
                return new Answer(0, Map.of(), new byte[0]);
            }
        }
        try {
            return once(request);
        } catch (EOFException | java.net.SocketException e) {
            close();
            return new Answer(0, Map.of(), new byte[0]);
        }
    }

    private Answer once(byte[] request) throws IOException {
        if (socket == null) {
            open();
        }
        try {
            out.write(request);
            out.flush();
        } catch (IOException e) {
            // The server may answer (413, 400) and close before it read a large body: read what it said.
            return readOrClosed();
        }
        Answer answer = readAnswer(startsWith(request, "HEAD "));
        if ("close".equalsIgnoreCase(answer.header("connection"))) {
            close();
        }
        return answer;
    }

    private Answer readOrClosed() {
        try {
            Answer answer = readAnswer(false);
            close();
            return answer;
        } catch (IOException e) {
            close();
            return new Answer(0, Map.of(), new byte[0]);
        }
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    private static boolean startsWith(byte[] request, String prefix) {
        return new String(request, 0, Math.min(request.length, prefix.length()), StandardCharsets.ISO_8859_1).equals(prefix);
    }

    private Answer readAnswer(boolean head) throws IOException {
        String statusLine = readLine();
        while (statusLine.isEmpty()) {
            statusLine = readLine();
        }
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("Not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim(), (a, b) -> a + "," + b);
            }
        }
        if (status / 100 == 1) {
            return readAnswer(head);
        }
        if (head) {
            return new Answer(status, headers, new byte[0]);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = headers.get("content-length");
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                copy(size, body);
                readLine();
            }
            while (!readLine().isEmpty()) {
                // trailers
            }
        } else if (length != null) {
            copy(Long.parseLong(length), body);
        } else if (status != 204 && status != 304) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0 && body.size() < MAX_ANSWER; n = in.read(buffer)) {
                body.write(buffer, 0, n);
            }
            headers.put("connection", "close");
        }
        return new Answer(status, headers, body.toByteArray());
    }

    private long chunkSize() throws IOException {
        String line = readLine();
        int extension = line.indexOf(';');
        return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private void copy(long count, ByteArrayOutputStream to) throws IOException {
        byte[] buffer = new byte[8192];
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("Answer ended " + left + " bytes early");
            }
            if (to.size() < MAX_ANSWER) {
                to.write(buffer, 0, n);
            }
            left -= n;
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("Connection closed mid-answer");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
            socket = null;
        }
    }
}
