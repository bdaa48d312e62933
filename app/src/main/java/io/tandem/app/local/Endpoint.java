package io.tandem.app.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;

/** A host and port, probed with a plain TCP connect: enough to tell "something is serving" from "start it". */
record Endpoint(String host, int port) {

    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    static Endpoint of(URI uri, int defaultPort) {
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("No host in " + uri);
        }
        return new Endpoint(uri.getHost(), uri.getPort() == -1 ? defaultPort : uri.getPort());
    }

    boolean reachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    void requireLoopback(String what) {
        if (!loopback()) {
            throw new IllegalStateException(what + " is not reachable at " + host + ":" + port
                    + " and is only started locally for a loopback address (127.0.0.1 or localhost)");
        }
    }

    private boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
