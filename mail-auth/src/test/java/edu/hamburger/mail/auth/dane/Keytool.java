package edu.hamburger.mail.auth.dane;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JDK's keytool, for tests that need real certificates (also used by queue-relay's tests). */
public final class Keytool {

    private Keytool() {
    }

    public static void run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
