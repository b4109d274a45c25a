package edu.hamburger.mail.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SMTP load: N parallel sessions, each sending messages of a given size one after another over
 * one connection (MAIL, RCPT, DATA), timing end-of-data to the 250 reply. Works against any SMTP
 * server, so the same run can measure smtp-gateway and Postfix's smtpd.
 *
 * <p>Usage: {@code bench/run smtp HOST:PORT [sessions=20] [messages=4000] [size=4096] [rcpt=bob@example.test] [label]}
 */
public final class SmtpBench {

    private SmtpBench() {
    }

    public static void main(String[] args) throws Exception {
        String[] target = (args.length > 0 ? args[0] : "127.0.0.1:3025").split(":");
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 4096;
        String rcpt = args.length > 4 ? args[4] : "bob@example.test";
        String label = args.length > 5 ? args[5] : args[0];
        byte[] body = body(size);
        AtomicInteger left = new AtomicInteger(messages);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        long start = System.nanoTime();
        List<Future<Integer>> results = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            results.add(pool.submit(() -> session(target[0], Integer.parseInt(target[1]), rcpt, body, left, latencies)));
        }
        int sent = 0;
        for (Future<Integer> result : results) {
            sent += result.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("%s: %d sessions, %,d messages of %,d bytes in %.1f s = %.0f messages/s; end-of-data to 250: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                label, sessions, sent, body.length, seconds, sent / seconds, Percentiles.millis(sorted, 50), Percentiles.millis(sorted, 99),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
    }

    private static int session(String host, int port, String rcpt, byte[] body, AtomicInteger left, List<Long> latencies) throws IOException {
        int sent = 0;
        try (Socket socket = new Socket(host, port)) {
            socket.setTcpNoDelay(true);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            command(out, in, "EHLO bench.example", "250");
            while (left.getAndDecrement() > 0) {
                command(out, in, "MAIL FROM:<bench@crepes.fr>", "250");
                command(out, in, "RCPT TO:<" + rcpt + ">", "250");
                command(out, in, "DATA", "354");
                out.write(body);
                long start = System.nanoTime();
                out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                expect(in, "250");
                latencies.add(System.nanoTime() - start);
                sent++;
            }
            command(out, in, "QUIT", "221");
        }
        return sent;
    }

    private static void command(OutputStream out, BufferedReader in, String line, String code) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, code);
    }

    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed, expected " + code);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(code)) {
            throw new IOException("expected " + code + ", got: " + line);
        }
    }

    private static byte[] body(int size) {
        StringBuilder text = new StringBuilder("From: bench@crepes.fr\r\nTo: bob@example.test\r\nSubject: benchmark\r\n\r\n");
        String line = "The quick brown fox jumps over the lazy dog, then asks about ketchup and pickles.\r\n";
        while (text.length() + line.length() <= size) {
            text.append(line);
        }
        while (text.length() < size - 2) {
            text.append('x');
        }
        text.append("\r\n");
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

}
