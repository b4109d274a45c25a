package edu.hamburger.mail.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A person at a terminal with {@code nc localhost PORT}: lines typed, lines read, no TLS. What the
 * seed lecture's dialogues are; the protocols' own dialogue tests check every reply in detail.
 */
final class LineDialogue implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    LineDialogue(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    String line() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("the server closed the connection");
        }
        return line;
    }

    /** Types one line and reads the one-line answer. */
    String say(String line) throws IOException {
        type(line);
        return line();
    }

    void type(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads lines up to and including the first that starts with {@code last} (an IMAP tag, "." ...). */
    List<String> until(String last) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = line();
            lines.add(line);
        } while (!line.startsWith(last));
        return lines;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
