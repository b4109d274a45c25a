package edu.hamburger.mail.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately plain SMTP client for dialogue tests: it writes exactly the bytes it is given and
 * reads replies line by line, so tests can pipeline, split and misbehave on purpose.
 */
final class SmtpTestClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    SmtpTestClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Writes the line with CRLF. */
    SmtpTestClient send(String line) throws IOException {
        return raw(line + "\r\n");
    }

    SmtpTestClient raw(String text) throws IOException {
        return raw(text.getBytes(StandardCharsets.UTF_8));
    }

    SmtpTestClient raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One byte at a time, flushing each. */
    SmtpTestClient trickle(String text) throws IOException {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.write(b);
            out.flush();
        }
        return this;
    }

    /** The next complete reply, all its lines ("250-a", "250 b"). */
    List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            if (line == null) {
                if (lines.isEmpty()) {
                    return null;
                }
                throw new IOException("connection closed inside a reply: " + lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    /** The last line of the next reply. */
    String last() throws IOException {
        List<String> reply = reply();
        return reply == null ? null : reply.get(reply.size() - 1);
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    /**
     * Greeting, EHLO, MAIL, RCPT and DATA, each answered positively (pipelined in one write);
     * the client is then in message data.
     */
    SmtpTestClient startData(String helo, String from, String to) throws IOException {
        reply();
        send("EHLO " + helo);
        reply();
        raw("MAIL FROM:<" + from + ">\r\nRCPT TO:<" + to + ">\r\nDATA\r\n");
        for (String expected : new String[] {"250", "250", "354"}) {
            String line = last();
            if (line == null || !line.startsWith(expected)) {
                throw new IOException("expected " + expected + ", got " + line);
            }
        }
        return this;
    }

    /** True once the server has closed the connection. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
