package edu.hamburger.mail.auth.dane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 7672 §3 against a real chain: a CA and a server certificate for mx.dane.test it signed,
 * made by the JDK's keytool.
 */
class DaneVerifierTest {

    @TempDir
    static Path dir;
    static X509Certificate ca;
    static X509Certificate server;
    static X509Certificate stranger;

    @BeforeAll
    static void makeChain() throws Exception {
        String store = dir.resolve("dane.p12").toString();
        Keytool.run("-genkeypair", "-alias", "ca", "-dname", "CN=Test DANE CA", "-ext", "bc:c", "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "2", "-keystore", store, "-storetype", "PKCS12", "-storepass", "secret", "-keypass", "secret");
        Keytool.run("-genkeypair", "-alias", "mx", "-dname", "CN=mx.dane.test", "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "2", "-keystore", store, "-storetype", "PKCS12", "-storepass", "secret", "-keypass", "secret");
        Keytool.run("-genkeypair", "-alias", "stranger", "-dname", "CN=mx.dane.test", "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "2", "-keystore", store, "-storetype", "PKCS12", "-storepass", "secret", "-keypass", "secret");
        Keytool.run("-certreq", "-alias", "mx", "-file", dir.resolve("mx.csr").toString(), "-keystore", store, "-storetype", "PKCS12",
                "-storepass", "secret");
        Keytool.run("-gencert", "-alias", "ca", "-infile", dir.resolve("mx.csr").toString(), "-outfile", dir.resolve("mx.pem").toString(),
                "-rfc", "-ext", "SAN=dns:mx.dane.test", "-validity", "2", "-keystore", store, "-storetype", "PKCS12", "-storepass", "secret");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(store))) {
            keys.load(in, "secret".toCharArray());
        }
        ca = (X509Certificate) keys.getCertificate("ca");
        stranger = (X509Certificate) keys.getCertificate("stranger");
        try (InputStream in = Files.newInputStream(dir.resolve("mx.pem"))) {
            server = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static TlsaRecord record(int usage, int selector, X509Certificate certificate) throws Exception {
        byte[] selected = selector == 0 ? certificate.getEncoded() : certificate.getPublicKey().getEncoded();
        return TlsaRecord.parse(usage + " " + selector + " 1 " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(selected)));
    }

    @Test
    void daneEeMatchesTheServersKeyAndNothingElseIsAsked() throws Exception {
        assertNull(DaneVerifier.check(List.of(server, ca), List.of(record(3, 1, server)), List.of("some.other.name")));
        assertNull(DaneVerifier.check(List.of(server), List.of(record(3, 0, server)), List.of()));
        assertNotNull(DaneVerifier.check(List.of(stranger), List.of(record(3, 1, server)), List.of("mx.dane.test")),
                "same name, another key: refused");
    }

    @Test
    void daneTaAnchorsTheChainAndTheNameMustMatch() throws Exception {
        List<TlsaRecord> anchor = List.of(record(2, 0, ca));
        assertNull(DaneVerifier.check(List.of(server, ca), anchor, List.of("mx.dane.test", "dane.test")));
        assertTrue(DaneVerifier.check(List.of(server, ca), anchor, List.of("mx.elsewhere.test")).contains("names none"));
        assertNotNull(DaneVerifier.check(List.of(server), anchor, List.of("mx.dane.test")), "the anchor must be in the chain sent");
        assertNotNull(DaneVerifier.check(List.of(stranger, ca), anchor, List.of("mx.dane.test")), "not signed by the anchor");
    }

    @Test
    void pkixUsagesAndBadDigestsAreUnusable() throws Exception {
        TlsaRecord pkixEe = record(1, 1, server);
        assertFalse(pkixEe.usable());
        assertNotNull(DaneVerifier.check(List.of(server), List.of(pkixEe), List.of("mx.dane.test")));
        assertFalse(TlsaRecord.parse("3 1 1 00").usable(), "a SHA-256 digest is 32 octets");
        assertFalse(TlsaRecord.parse("3 2 1 " + "00".repeat(32)).usable(), "no selector 2");
        assertNull(TlsaRecord.parse("3 1 1 not-hex"));
        assertEquals(record(3, 1, server), TlsaRecord.parse(record(3, 1, server).text().toLowerCase()));
    }

    @Test
    void wildcardsCoverOneLeftMostLabel() {
        assertTrue(DaneVerifier.namesOneOf(server, List.of("MX.Dane.Test.")));
        assertFalse(DaneVerifier.namesOneOf(server, List.of("dane.test")));
    }
}
