package edu.hamburger.mail.line.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The transport rules every protocol shares, checked over real sockets against a running
 * listener: one client address may hold {@code maxPerClient} connections and the next is refused
 * with one line and closed (and a slot is free again once one closes), and a command line that
 * is not UTF-8 gets a protocol error while the session goes on. Each gateway runs this against
 * its own listener with its own words.
 *
 * @param greeting what the first server line looks like
 * @param refusal what the line before a refused connection is closed looks like
 * @param error the answer to a line that is not UTF-8
 * @param probe a valid command and the answer it gets, to show the session goes on
 */
public record ListenerRules(Pattern greeting, Pattern refusal, Pattern error, String probe, Pattern probeAnswer) {

    public void check(int port, int maxPerClient) throws IOException {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < maxPerClient; i++) {
                Socket socket = connect(port);
                held.add(socket);
                assertMatches(greeting, firstLine(socket), "connection " + (i + 1) + " of " + maxPerClient);
            }
            try (Socket over = connect(port)) {
                assertMatches(refusal, firstLine(over), "connection " + (maxPerClient + 1));
                assertEquals(-1, readUntilClosed(over), "a refused connection is closed");
            }
            held.remove(0).close();
            Socket again = awaitAccepted(port);
            held.add(again);
            OutputStream out = again.getOutputStream();
            out.write(new byte[] {'N', 'O', 'O', 'P', ' ', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\r', '\n'});
            out.write(new byte[] {'N', 'O', 'O', 'P', ' ', 'a', 0, 'b', '\r', '\n'});
            out.write((probe + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = reader(again);
            assertMatches(error, in.readLine(), "a line that is not UTF-8");
            assertMatches(error, in.readLine(), "a line that holds a NUL");
            String answer = in.readLine();
            while (answer != null && !probeAnswer.matcher(answer).matches() && answer.matches("^\\d{3}-.*|^\\* .*")) {
                answer = in.readLine(); // multi-line and untagged lines before the answer
            }
            assertMatches(probeAnswer, answer, "the session goes on");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /** A slot is released when the server sees the close: try a few times. */
    private Socket awaitAccepted(int port) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            Socket socket = connect(port);
            String line = firstLine(socket);
            if (greeting.matcher(line).matches()) {
                return socket;
            }
            socket.close();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new AssertionError("no slot came free after a connection closed");
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String firstLine(Socket socket) throws IOException {
        String line = reader(socket).readLine();
        assertNotNull(line, "the server said nothing");
        return line;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        // a new reader per call: the server sends nothing beyond what each call reads, so no read-ahead is lost
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static int readUntilClosed(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read();
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    private static void assertMatches(Pattern pattern, String line, String what) {
        assertTrue(line != null && pattern.matcher(line).matches(), what + ": expected /" + pattern + "/ but got: " + line);
    }
}
