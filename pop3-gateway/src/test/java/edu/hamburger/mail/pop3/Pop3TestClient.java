package edu.hamburger.mail.pop3;

import edu.hamburger.mail.mailbox.client.TestKeystore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A plain POP3 client for dialogue tests: exact bytes out, lines and multi-line bodies in. */
final class Pop3TestClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private Pop3TestClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    static Pop3TestClient plain(int port) throws IOException {
        return new Pop3TestClient(new Socket("127.0.0.1", port));
    }

    /** Connected to the implicit-TLS port, trusting the test certificate. */
    static Pop3TestClient tls(int port) throws Exception {
        SSLSocket socket = (SSLSocket) context().getSocketFactory().createSocket("localhost", port);
        socket.startHandshake();
        return new Pop3TestClient(socket);
    }

    /** STLS: upgrades this plain connection. */
    void startTls() throws Exception {
        SSLSocket upgraded = (SSLSocket) context().getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        upgraded.startHandshake();
        socket = upgraded;
        in = upgraded.getInputStream();
        out = upgraded.getOutputStream();
    }

    private static SSLContext context() throws Exception {
        return TestKeystore.clientContext();
    }

    Pop3TestClient send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    Pop3TestClient trickle(String text) throws IOException {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.write(b);
            out.flush();
        }
        return this;
    }

    /** One status line. */
    String line() throws IOException {
        byte[] bytes = rawLine();
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8).replaceAll("\r?\n$", "");
    }

    /** The lines of a multi-line body up to the lone ".", still dot-stuffed, each with its CRLF. */
    byte[] body() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            byte[] line = rawLine();
            if (line == null) {
                throw new IOException("closed inside a multi-line response");
            }
            if (line.length == 3 && line[0] == '.' && line[1] == '\r') {
                return body.toByteArray();
            }
            body.writeBytes(line);
        }
    }

    List<String> bodyLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : new String(body(), StandardCharsets.UTF_8).split("\r\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private byte[] rawLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
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
