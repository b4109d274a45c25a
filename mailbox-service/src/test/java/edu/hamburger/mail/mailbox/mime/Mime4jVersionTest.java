package edu.hamburger.mail.mailbox.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * mime4j's parser (core) and its message model (dom) come from one release: Quarkus's BOM pins
 * both at an older one, and a version set on dom alone once left core behind it.
 */
class Mime4jVersionTest {

    private static String versionOfJar(Class<?> type) throws Exception {
        Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        Matcher version = Pattern.compile("-(\\d+\\.\\d+\\.\\d+)\\.jar$").matcher(jar.getFileName().toString());
        assertTrue(version.find(), "a versioned jar: " + jar);
        return version.group(1);
    }

    @Test
    void coreAndDomAreOneRelease() throws Exception {
        String core = versionOfJar(org.apache.james.mime4j.stream.MimeTokenStream.class);
        String dom = versionOfJar(org.apache.james.mime4j.dom.Message.class);
        assertEquals(dom, core, "apache-mime4j-core and apache-mime4j-dom");
    }
}
