package edu.hamburger.mail.imap;

import edu.hamburger.mail.mailbox.client.TestKeystore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * A bare IMAP client for dialogue tests: exact bytes out; lines in, with any literal a response
 * line announces read whole into that line (so a FETCH with a body is one "line").
 */
final class ImapTestClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private ImapTestClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    static ImapTestClient plain(int port) throws IOException {
        return new ImapTestClient(new Socket("127.0.0.1", port));
    }

    static ImapTestClient tls(int port) throws Exception {
        SSLSocket socket = (SSLSocket) TestKeystore.clientContext().getSocketFactory().createSocket("localhost", port);
        socket.startHandshake();
        return new ImapTestClient(socket);
    }

    /** Implicit TLS from a chosen local address (127.0.0.2: a second client on loopback). */
    static ImapTestClient tlsFrom(int port, String localAddress) throws Exception {
        SSLSocket socket = (SSLSocket) TestKeystore.clientContext().getSocketFactory()
                .createSocket(java.net.InetAddress.getByName("127.0.0.1"), port, java.net.InetAddress.getByName(localAddress), 0);
        socket.startHandshake();
        return new ImapTestClient(socket);
    }

    void startTls() throws Exception {
        SSLSocket upgraded = (SSLSocket) TestKeystore.clientContext().getSocketFactory()
                .createSocket(socket, "localhost", socket.getPort(), true);
        upgraded.startHandshake();
        socket = upgraded;
        in = upgraded.getInputStream();
        out = upgraded.getOutputStream();
    }

    /**
     * Sends {@code command} (COMPRESS DEFLATE) in the clear and, in the same packet, {@code pipelined}
     * already deflated, as RFC 4978 lets a client do; reads the plain answer, then deflates and
     * inflates everything after it, as a client that uses zlib does.
     */
    String compress(String command, String pipelined) throws IOException {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput((pipelined + "\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] buffer = new byte[4096];
        int length = deflater.deflate(buffer, 0, buffer.length, java.util.zip.Deflater.SYNC_FLUSH);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.writeBytes((command + "\r\n").getBytes(StandardCharsets.UTF_8));
        packet.write(buffer, 0, length);
        sendRaw(packet.toByteArray());
        String answer = line();
        out = new java.util.zip.DeflaterOutputStream(out, deflater, true);
        in = new java.util.zip.InflaterInputStream(in, new java.util.zip.Inflater(true));
        return answer;
    }

    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    ImapTestClient send(String line) throws IOException {
        return sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    ImapTestClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One response line with its literals inlined, without the final CRLF; null at end of stream. */
    String line() throws IOException {
        byte[] bytes = rawResponse();
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8).replaceAll("\r\n$", "");
    }

    /** Lines up to and including the tagged one. */
    List<String> until(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            if (line == null) {
                throw new IOException("connection closed before '" + tag + "' completed; got " + lines);
            }
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return lines;
            }
        }
    }

    /** Sends a command and returns every response line up to its tagged completion. */
    List<String> command(String tag, String command) throws IOException {
        send(tag + " " + command);
        return until(tag);
    }

    byte[] rawResponse() throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            if (line.size() == 0) {
                return response.size() == 0 ? null : response.toByteArray();
            }
            byte[] bytes = line.toByteArray();
            response.writeBytes(bytes);
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            var literal = java.util.regex.Pattern.compile("\\{(\\d+)\\}\r\n$").matcher(text);
            if (!literal.find()) {
                return response.toByteArray();
            }
            int size = Integer.parseInt(literal.group(1));
            response.writeBytes(in.readNBytes(size));
        }
    }

    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
