package edu.hamburger.mail.webmail;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP/1.1 request over a socket from a chosen local address (127.0.0.2: a second client on loopback). */
final class RawHttp {

    private RawHttp() {
    }

    /** The whole answer (status line, headers, body) as text. */
    static String post(String from, int port, String path, Map<String, String> headers, String body) throws Exception {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(30_000);
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("Content-Length: ").append(content.length).append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
