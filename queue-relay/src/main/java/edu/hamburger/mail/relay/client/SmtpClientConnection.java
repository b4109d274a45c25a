package edu.hamburger.mail.relay.client;

import edu.hamburger.mail.core.message.DotStuffer;
import edu.hamburger.mail.core.net.IpNetworks;
import edu.hamburger.mail.core.smtp.SmtpReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The transport of one outgoing SMTP connection: writes command lines and message data, and
 * hands out the server's replies in order, each with its own timeout (RFC 5321 §4.5.3.2). It knows
 * nothing of the protocol's states; {@link MessageTransfer} and {@link SessionOpener} do. All of
 * its methods run on the connection's event loop.
 */
public final class SmtpClientConnection {

    /** Message data is written in blocks of this size, waiting for the socket to drain between them. */
    static final int DATA_BLOCK = 64 * 1024;

    private final Vertx vertx;
    private final NetSocket socket;
    private final ReplyParser parser;
    private final ArrayDeque<SmtpReply> received = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final String peer;
    private final String remoteIp; // kept from the start: a socket closed by a failed handshake forgets them
    private final String localIp;
    private Throwable broken;
    private boolean tls;

    private record Waiter(Promise<SmtpReply> promise, long timer) {
    }

    private SmtpClientConnection(Vertx vertx, NetSocket socket, String peer) {
        this.vertx = vertx;
        this.socket = socket;
        this.peer = peer;
        this.remoteIp = socket.remoteAddress() == null ? null : socket.remoteAddress().hostAddress();
        this.localIp = socket.localAddress() == null ? null
                : socket.localAddress().hostAddress() != null ? socket.localAddress().hostAddress() : socket.localAddress().host();
        this.parser = new ReplyParser(this::onReply);
        socket.handler(this::onData);
        socket.exceptionHandler(e -> fail(new SmtpConnectionException("connection to " + peer + " failed: " + e.getMessage(), e)));
        socket.closeHandler(v -> fail(new SmtpConnectionException("connection to " + peer + " closed by the server")));
    }

    public static Future<SmtpClientConnection> connect(Vertx vertx, NetClient client, String host, int port) {
        return connect(vertx, client, host, port, host);
    }

    /**
     * Connects to {@code host} (an address the relay resolved itself, or a name) while TLS knows the
     * peer as {@code serverName}: the certificate check of the verify level is then made against the
     * MX name alone, never against the address (a certificate for an IP must not stand in for it).
     */
    public static Future<SmtpClientConnection> connect(Vertx vertx, NetClient client, String host, int port, String serverName) {
        String peer = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        byte[] address = IpNetworks.literal(host);
        SocketAddress remote;
        try {
            remote = address != null && !serverName.equalsIgnoreCase(host)
                    ? SocketAddress.inetSocketAddress(new InetSocketAddress(InetAddress.getByAddress(serverName, address), port))
                    : SocketAddress.inetSocketAddress(port, host);
        } catch (UnknownHostException e) { // only for a malformed address length, which literal() never returns
            return Future.failedFuture(new SmtpConnectionException("connect to " + peer + ": " + e.getMessage(), e));
        }
        return client.connect(remote)
                .recover(e -> Future.failedFuture(new SmtpConnectionException("connect to " + peer + ": " + e.getMessage(), e)))
                .map(socket -> new SmtpClientConnection(vertx, socket, peer + describeRemote(socket)));
    }

    private static String describeRemote(NetSocket socket) {
        return socket.remoteAddress() == null ? "" : "[" + socket.remoteAddress().hostAddress() + "]";
    }

    /** The peer as "host:port[ip]" for diagnostics and the Remote-MTA of a bounce. */
    public String peer() {
        return peer;
    }

    public boolean isTls() {
        return tls;
    }

    /** The server's certificate chain, its own first; empty without TLS or when it sent none. */
    public java.util.List<java.security.cert.X509Certificate> peerCertificates() {
        try {
            return socket.peerCertificates().stream().filter(c -> c instanceof java.security.cert.X509Certificate)
                    .map(c -> (java.security.cert.X509Certificate) c).toList();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return java.util.List.of();
        }
    }

    /** The server's address and the relay's own (for TLS reports), or null when the socket did not know them. */
    public String remoteIp() {
        return remoteIp;
    }

    public String localIp() {
        return localIp;
    }

    /** True while nothing has gone wrong and no reply is pending unread. */
    public boolean usable() {
        return broken == null && received.isEmpty() && waiters.isEmpty();
    }

    /** Writes one command line (CRLF added); the reply is read with {@link #readReply}. */
    public void send(String line) {
        if (broken == null) {
            socket.write(Buffer.buffer((line + "\r\n").getBytes(StandardCharsets.UTF_8)));
        }
    }

    public Future<SmtpReply> command(String line, Duration timeout) {
        send(line);
        return readReply(timeout);
    }

    /** The next reply in order: one already received, or the next to arrive within the timeout. */
    public Future<SmtpReply> readReply(Duration timeout) {
        if (!received.isEmpty()) {
            return Future.succeededFuture(received.poll());
        }
        if (broken != null) {
            return Future.failedFuture(broken);
        }
        Promise<SmtpReply> promise = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), id -> fail(new SmtpConnectionException(
                "timeout after " + timeout.toSeconds() + " s waiting for a reply from " + peer)));
        waiters.add(new Waiter(promise, timer));
        return promise.future();
    }

    /**
     * Writes the message dot-stuffed (RFC 5321 §4.5.2) and the terminating ".", in blocks, waiting
     * for the socket to drain; each block must drain within the data-block timeout.
     */
    public Future<Void> writeMessage(byte[] message, Duration blockTimeout) {
        return writeFrom(new DotStuffer(message), blockTimeout);
    }

    private Future<Void> writeFrom(DotStuffer stuffer, Duration blockTimeout) {
        while (stuffer.hasMore()) {
            if (broken != null) {
                return Future.failedFuture(broken);
            }
            socket.write(Buffer.buffer(stuffer.nextBlock(DATA_BLOCK)));
            if (socket.writeQueueFull()) {
                Promise<Void> drained = Promise.promise();
                long timer = vertx.setTimer(blockTimeout.toMillis(), id -> fail(new SmtpConnectionException(
                        "timeout after " + blockTimeout.toSeconds() + " s sending message data to " + peer)));
                socket.drainHandler(v -> {
                    vertx.cancelTimer(timer);
                    socket.drainHandler(null);
                    drained.tryComplete();
                });
                return drained.future().compose(v -> writeFrom(stuffer, blockTimeout));
            }
        }
        return broken == null ? Future.succeededFuture() : Future.failedFuture(broken);
    }

    /** Upgrades to TLS after a 220 to STARTTLS; anything the server sent before is discarded. */
    public Future<Void> startTls(String serverName) {
        received.clear();
        return socket.upgradeToSsl(serverName)
                .onSuccess(v -> tls = true)
                .recover(e -> {
                    fail(new SmtpConnectionException("TLS handshake with " + peer + " failed: " + e.getMessage(), e));
                    return Future.failedFuture(broken);
                });
    }

    /** Sends QUIT without waiting long for the answer, then closes. */
    public void quit() {
        if (broken == null) {
            send("QUIT");
            readReply(Duration.ofSeconds(5)).onComplete(r -> close());
        } else {
            close();
        }
    }

    public void close() {
        if (broken == null) {
            broken = new SmtpConnectionException("connection to " + peer + " closed by the relay");
        }
        socket.close();
        failWaiters();
    }

    private void onData(Buffer data) {
        try {
            byte[] bytes = data.getBytes();
            parser.feed(bytes, 0, bytes.length);
        } catch (SmtpProtocolException e) {
            fail(new SmtpConnectionException("protocol error from " + peer + ": " + e.getMessage(), e));
        }
    }

    private void onReply(SmtpReply reply) {
        Waiter waiter = waiters.poll();
        if (waiter == null) {
            received.add(reply);
        } else {
            vertx.cancelTimer(waiter.timer());
            waiter.promise().complete(reply);
        }
    }

    private void fail(Throwable cause) {
        if (broken == null) {
            broken = cause;
            socket.close();
        }
        failWaiters();
    }

    private void failWaiters() {
        Waiter waiter;
        while ((waiter = waiters.poll()) != null) {
            vertx.cancelTimer(waiter.timer());
            waiter.promise().tryFail(broken);
        }
    }
}
