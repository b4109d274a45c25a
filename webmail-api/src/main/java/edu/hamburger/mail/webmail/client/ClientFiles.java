package edu.hamburger.mail.webmail.client;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web client's files (in {@code client/} on the class path), read once. Scripts and styles are
 * served under {@code /assets/<version>/}, where the version is a hash of every file's content, so
 * a release that changes any of them has new addresses: browsers keep them for a year and still
 * fetch an upgrade at once, since only index.html (never cached) names them.
 */
@ApplicationScoped
public class ClientFiles {

    /** What may be asked for under /assets: a fixed list, so no path from a request reaches the class path. */
    static final List<String> ASSETS = List.of("app.js", "messages.js", "app.css", "quill.min.js", "quill.snow.css",
            "pdf.min.mjs", "pdf.worker.min.mjs");
    /**
     * Files from webjars (npm's packages, from Maven Central), by name: the webjar and the folder
     * of its version holding the file. Quill's are loaded when compose turns formatting on, pdf.js's
     * when a PDF attachment is first previewed.
     */
    private static final Map<String, String[]> WEBJAR_FILES = Map.of(
            "quill.min.js", new String[] {"quill", "dist"},
            "quill.snow.css", new String[] {"quill", "dist"},
            "pdf.min.mjs", new String[] {"pdfjs-dist", "build"},
            "pdf.worker.min.mjs", new String[] {"pdfjs-dist", "build"});
    static final List<String> ICONS = List.of("favicon.svg", "favicon.ico");

    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final String version;
    private final byte[] index;

    public ClientFiles() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String name : concat(ASSETS, ICONS)) {
                byte[] content = read(name);
                files.put(name, content);
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update(content);
            }
            version = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String page = new String(read("index.html"), StandardCharsets.UTF_8);
        for (String asset : ASSETS) {
            page = page.replace("\"" + asset + "\"", "\"/assets/" + version + "/" + asset + "\"");
        }
        index = page.getBytes(StandardCharsets.UTF_8);
    }

    public String version() {
        return version;
    }

    public byte[] index() {
        return index;
    }

    /** A file of the client by name, or null when it is not one. */
    public byte[] file(String name) {
        return files.get(name);
    }

    public static String contentType(String name) {
        if (name.endsWith(".js") || name.endsWith(".mjs")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return name.endsWith(".ico") ? "image/x-icon" : "application/octet-stream";
    }

    private static byte[] read(String name) {
        String[] webjar = WEBJAR_FILES.get(name);
        if (webjar != null) {
            String version = new String(resource("META-INF/maven/org.webjars.npm/" + webjar[0] + "/pom.properties"), StandardCharsets.UTF_8)
                    .lines().filter(line -> line.startsWith("version=")).map(line -> line.substring(8).trim()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the " + webjar[0] + " webjar names no version"));
            return resource("META-INF/resources/webjars/" + webjar[0] + "/" + version + "/" + webjar[1] + "/" + name);
        }
        return resource("client/" + name);
    }

    private static byte[] resource(String path) {
        try (InputStream in = ClientFiles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the web client's file " + path + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
