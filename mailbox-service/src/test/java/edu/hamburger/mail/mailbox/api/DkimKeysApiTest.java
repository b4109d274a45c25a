package edu.hamburger.mail.mailbox.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.auth.MtaStsPolicy;
import edu.hamburger.mail.auth.dkim.DkimAlgorithm;
import edu.hamburger.mail.auth.dkim.KeySealer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** DKIM keys through the admin API: made with every domain, rotated, retired; DNS records; sealed keys for the relay only. */
@QuarkusTest
class DkimKeysApiTest {

    private static final String KEK = "dGVzdC1vbmx5LWRraW0ta2V5LWVuY3J5cHRpb24tayE=";

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-api-token").contentType(ContentType.JSON);
    }

    private static String newDomain() {
        String domain = "k" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        admin().body(Map.of("name", domain)).post("/api/v1/admin/domains").then().statusCode(201);
        return domain;
    }

    @Test
    void aNewDomainSignsWithBothAlgorithmsAndItsRecordsAreListed() {
        String domain = newDomain();
        JsonPath keys = admin().get("/api/v1/admin/domains/" + domain + "/dkim-keys").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("active", "active"), keys.getList("state"));
        assertEquals(List.of("rsa-sha256", "ed25519-sha256"), keys.getList("algorithm"));

        List<Map<String, String>> records = admin().get("/api/v1/admin/domains/" + domain + "/dns-records").then().statusCode(200)
                .extract().jsonPath().getList("");
        assertTrue(records.contains(Map.of("type", "MX", "name", domain, "value", "10 mail.example.test")), records.toString());
        assertTrue(records.contains(Map.of("type", "TXT", "name", domain, "value", "v=spf1 mx -all")));
        assertTrue(records.contains(Map.of("type", "TXT", "name", "_dmarc." + domain, "value", "v=DMARC1; p=reject; rua=mailto:postmaster@" + domain)));
        assertTrue(records.contains(Map.of("type", "TXT", "name", "_smtp._tls." + domain, "value", "v=TLSRPTv1; rua=mailto:postmaster@" + domain)));
        String stsId = new MtaStsPolicy("enforce", List.of("mail.example.test"), 604800).id();
        assertTrue(records.contains(Map.of("type", "TXT", "name", "_mta-sts." + domain, "value", "v=STSv1; id=" + stsId)));
        // mail clients' SRV records (RFC 6186), implicit TLS first (RFC 8314), and the autoconfig hosts
        assertTrue(records.contains(Map.of("type", "SRV", "name", "_submissions._tcp." + domain, "value", "0 1 465 mail.example.test")), records.toString());
        assertTrue(records.contains(Map.of("type", "SRV", "name", "_submission._tcp." + domain, "value", "10 1 587 mail.example.test")));
        assertTrue(records.contains(Map.of("type", "SRV", "name", "_imaps._tcp." + domain, "value", "0 1 993 mail.example.test")));
        assertTrue(records.contains(Map.of("type", "SRV", "name", "_pop3s._tcp." + domain, "value", "0 1 995 mail.example.test")));
        assertTrue(records.contains(Map.of("type", "CNAME", "name", "autoconfig." + domain, "value", "mail.example.test")));
        String rsaSelector = keys.getString("[0].selector");
        Map<String, String> rsa = records.stream().filter(r -> r.get("name").equals(rsaSelector + "._domainkey." + domain)).findFirst().orElseThrow();
        assertTrue(rsa.get("value").startsWith("v=DKIM1; k=rsa; p=MIIBIjAN"), "a 2048-bit SubjectPublicKeyInfo: " + rsa);
        Map<String, String> ed = records.stream().filter(r -> r.get("name").startsWith(keys.getString("[1].selector") + "._domainkey.")).findFirst().orElseThrow();
        assertEquals(32, Base64.getDecoder().decode(ed.get("value").substring(ed.get("value").indexOf("p=") + 2)).length);
    }

    @Test
    void aRotationPublishesFirstThenSwitchesThenRetires() throws Exception {
        String domain = newDomain();
        String old = admin().get("/api/v1/admin/domains/" + domain + "/dkim-keys").then().extract().jsonPath().getString("[0].selector");
        admin().body(Map.of("algorithm", "rsa-sha256", "selector", "next", "activate", false))
                .post("/api/v1/admin/domains/" + domain + "/dkim-keys").then().statusCode(201).body("state", equalTo("published"));
        assertEquals(List.of(old), relayKeys(domain).getList("findAll { it.algorithm == 'rsa-sha256' }.selector"), "not signing before DNS has it");
        admin().delete("/api/v1/admin/domains/" + domain + "/dkim-keys/" + old).then().statusCode(409); // still signs

        admin().post("/api/v1/admin/domains/" + domain + "/dkim-keys/next/activate").then().statusCode(200).body("state", equalTo("active"));
        assertEquals(List.of("next"), relayKeys(domain).getList("findAll { it.algorithm == 'rsa-sha256' }.selector"));
        List<String> published = admin().get("/api/v1/admin/domains/" + domain + "/dns-records").then().extract().jsonPath().getList("name");
        assertTrue(published.contains(old + "._domainkey." + domain), "the retiring key stays in DNS while mail in flight verifies");

        admin().delete("/api/v1/admin/domains/" + domain + "/dkim-keys/" + old).then().statusCode(200).body("state", equalTo("retired"));
        published = admin().get("/api/v1/admin/domains/" + domain + "/dns-records").then().extract().jsonPath().getList("name");
        assertTrue(!published.contains(old + "._domainkey." + domain));
        admin().body(Map.of("selector", old)).post("/api/v1/admin/domains/" + domain + "/dkim-keys").then().statusCode(409);
    }

    @Test
    void theRelayGetsSealedKeysThatOpenOnlyWithTheKeyEncryptionKeyAndTheirOwnName() throws Exception {
        String domain = newDomain();
        JsonPath keys = relayKeys(domain);
        String selector = keys.getString("[0].selector");
        byte[] sealed = Base64.getDecoder().decode(keys.getString("[0].sealedKey"));
        byte[] pkcs8 = new KeySealer(KEK).unseal(sealed, domain, selector);
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(new byte[] {1});
        assertTrue(signature.sign().length == 256, "a 2048-bit key");
        assertThrows(GeneralSecurityException.class, () -> new KeySealer(KEK).unseal(sealed, "other.test", selector));
        assertThrows(GeneralSecurityException.class, () -> new KeySealer(Base64.getEncoder().encodeToString(new byte[32])).unseal(sealed, domain, selector));
        // only the relay's token (and the shared one) may ask; the IMAP gateway's may not
        given().header("Authorization", "Bearer test-imap-token-0123").get("/api/v1/dkim/signing-keys/" + domain).then().statusCode(403);
    }

    @Test
    void unknownDomainsAndBadRequestsAreRefused() {
        admin().get("/api/v1/admin/domains/nowhere.test/dns-records").then().statusCode(404);
        String domain = newDomain();
        admin().body(Map.of("algorithm", "rsa-sha1")).post("/api/v1/admin/domains/" + domain + "/dkim-keys").then().statusCode(400);
        admin().body(Map.of("selector", "Bad_Selector!")).post("/api/v1/admin/domains/" + domain + "/dkim-keys").then().statusCode(400);
        assertEquals(0, relayKeys("nowhere.test").getList("").size());
    }

    private static JsonPath relayKeys(String domain) {
        return given().header("Authorization", "Bearer test-relay-token-0123").get("/api/v1/dkim/signing-keys/" + domain)
                .then().statusCode(200).extract().jsonPath();
    }
}
