package edu.hamburger.mail.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.topic.MailTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/docker-compose.yml, checked without a container engine: it parses (anchors and merge
 * keys resolved as compose resolves them), every service is built or pulled and has a
 * healthcheck, the platform's services wait for healthy dependencies, every environment key is
 * one the service really reads, host ports are unique and as in DESIGN.md, and the topics it
 * creates are the platform's topics.
 */
class ComposeFileTest {

    static final Path COMPOSE = ServiceConfiguration.ROOT.resolve("deploy/docker-compose.yml");
    static JsonNode compose;

    @BeforeAll
    static void parse() throws IOException {
        // SnakeYAML (YAML 1.1, as compose) resolves anchors and "<<" merge keys; Jackson's YAML reader does not
        Object document = new org.yaml.snakeyaml.Yaml().load(Files.readString(COMPOSE));
        compose = new ObjectMapper().valueToTree(document);
    }

    static JsonNode services() {
        return compose.get("services");
    }

    /** One-shot jobs that others wait on with service_completed_successfully. */
    static Set<String> jobs() {
        Set<String> jobs = new HashSet<>();
        services().properties().forEach(service -> {
            JsonNode depends = service.getValue().get("depends_on");
            if (depends != null) {
                depends.properties().forEach(d -> {
                    if ("service_completed_successfully".equals(d.getValue().path("condition").asText())) {
                        jobs.add(d.getKey());
                    }
                });
            }
        });
        return jobs;
    }

    @Test
    void runsKafkaPostgresAndTheSixServices() {
        Set<String> names = new TreeSet<>();
        services().fieldNames().forEachRemaining(names::add);
        assertTrue(names.containsAll(ServiceConfiguration.SERVICES), names.toString());
        assertTrue(names.contains("kafka") && names.contains("postgres"), names.toString());
        assertTrue(services().get("kafka").get("environment").get("KAFKA_PROCESS_ROLES").asText().contains("controller"), "KRaft");
    }

    /** Commands run on demand ({@code --profile tools run --rm}), never started by up. */
    static boolean tool(JsonNode service) {
        return service.path("profiles").toString().contains("\"tools\"");
    }

    @Test
    void everyServiceHasAnImageOrABuildAndLongRunningOnesAHealthcheck() {
        Set<String> jobs = jobs();
        services().properties().forEach(entry -> {
            JsonNode service = entry.getValue();
            assertTrue(service.hasNonNull("image") || service.hasNonNull("build"), entry.getKey() + " has neither image nor build");
            if (tool(service)) {
                assertEquals("no", service.path("restart").asText(), entry.getKey() + " is a command, not a service");
                assertTrue(service.get("depends_on") == null && service.get("ports") == null, entry.getKey() + " publishes nothing, waits on nothing");
            } else if (!jobs.contains(entry.getKey())) {
                assertNotNull(service.get("healthcheck"), entry.getKey() + " has no healthcheck");
                assertTrue(service.get("healthcheck").get("test").size() > 0, entry.getKey());
            } else {
                assertEquals("no", service.path("restart").asText(), entry.getKey() + " is a one-shot job");
            }
        });
        for (String module : ServiceConfiguration.SERVICES) {
            JsonNode build = services().get(module).get("build");
            Path context = COMPOSE.getParent().resolve(build.get("context").asText()).normalize();
            assertTrue(Files.isRegularFile(context.resolve(build.get("dockerfile").asText())), module + ": no Dockerfile at " + build);
            String healthcheck = services().get(module).get("healthcheck").get("test").toString();
            assertTrue(healthcheck.contains("/q/health/ready"), module + " checks readiness: " + healthcheck);
        }
    }

    @Test
    void servicesWaitForHealthyDependenciesAndDependOnlyOnWhatExists() {
        Set<String> jobs = jobs();
        services().properties().forEach(entry -> {
            JsonNode depends = entry.getValue().get("depends_on");
            if (depends == null) {
                return;
            }
            assertTrue(depends.isObject(), entry.getKey() + ": depends_on with conditions, not a plain list");
            depends.properties().forEach(d -> {
                assertTrue(services().has(d.getKey()), entry.getKey() + " depends on unknown " + d.getKey());
                String condition = d.getValue().path("condition").asText();
                assertEquals(jobs.contains(d.getKey()) ? "service_completed_successfully" : "service_healthy", condition,
                        entry.getKey() + " -> " + d.getKey());
            });
        });
        assertTrue(services().get("mailbox-service").get("depends_on").has("postgres"));
        for (String gateway : List.of("smtp-gateway", "imap-gateway", "pop3-gateway", "queue-relay")) {
            assertTrue(services().get(gateway).get("depends_on").has("mailbox-service"), gateway);
        }
    }

    @Test
    void everyEnvironmentKeyIsOneTheServiceReads() throws IOException {
        Map<String, List<String>> unread = new HashMap<>();
        for (String module : ServiceConfiguration.SERVICES) {
            Set<String> reads = ServiceConfiguration.environmentNames(module);
            services().get(module).get("environment").fieldNames().forEachRemaining(key -> {
                if (!reads.contains(key)) {
                    unread.computeIfAbsent(module, m -> new ArrayList<>()).add(key);
                }
            });
        }
        assertEquals(Map.of(), unread, "environment keys no service reads (a typo, or a setting that was renamed)");
    }

    @Test
    void theCheckOfEnvironmentKeysWouldCatchATypo() throws IOException {
        Set<String> reads = ServiceConfiguration.environmentNames("webmail-api");
        assertTrue(reads.contains("MAIL_WEBMAIL_SUBMISSION_TRUSTED_CERTIFICATE"), "a nested @ConfigMapping key");
        assertTrue(reads.contains("MAIL_WEBMAIL_LIMITS_MESSAGE_BYTES"), "a nested @ConfigMapping key");
        assertTrue(reads.contains("KAFKA_BOOTSTRAP_SERVERS") && reads.contains("MAIL_INTERNAL_API_TOKEN"));
        assertFalse(reads.contains("MAIL_WEBMAIL_SUBMISION_HOST"));
        assertFalse(ServiceConfiguration.environmentNames("pop3-gateway").contains("QUARKUS_DATASOURCE_PASSWORD"),
                "only mailbox-service talks to PostgreSQL");
    }

    /** A ports entry's parts ([address:]host:container), each ${MAIL_PUBLISH_X:-default} read as its default. */
    static String[] published(JsonNode port) {
        return port.asText().replaceAll("\\$\\{[A-Z0-9_]+:-([^}]*)}", "$1").split(":");
    }

    @Test
    void hostPortsAreUniqueAndTheDesignsPorts() {
        Map<String, String> owner = new HashMap<>();
        services().properties().forEach(entry -> {
            JsonNode ports = entry.getValue().get("ports");
            if (ports == null) {
                return;
            }
            for (JsonNode port : ports) {
                String[] parts = published(port);
                String host = parts[parts.length - 2];
                String previous = owner.put(host, entry.getKey());
                assertEquals(null, previous, "host port " + host + " published by " + previous + " and " + entry.getKey());
            }
        });
        Map<String, String> design = Map.ofEntries(Map.entry("3025", "smtp-gateway"), Map.entry("3587", "smtp-gateway"),
                Map.entry("3465", "smtp-gateway"), Map.entry("3143", "imap-gateway"), Map.entry("3993", "imap-gateway"), Map.entry("4190", "imap-gateway"),
                Map.entry("3110", "pop3-gateway"), Map.entry("3995", "pop3-gateway"), Map.entry("8080", "webmail-api"),
                Map.entry("8081", "smtp-gateway"), Map.entry("8082", "mailbox-service"), Map.entry("8083", "queue-relay"),
                Map.entry("8084", "imap-gateway"), Map.entry("8085", "pop3-gateway"), Map.entry("9092", "kafka"));
        design.forEach((port, service) -> assertEquals(service, owner.get(port), "port " + port));
    }

    @Test
    void onlyTheMailPortsAndTheWebmailArePublishedOnEveryInterface() {
        Set<String> public_ = Set.of("3025", "3587", "3465", "3143", "3993", "4190", "3110", "3995", "8080");
        List<String> exposed = new ArrayList<>();
        services().properties().forEach(entry -> {
            JsonNode ports = entry.getValue().get("ports");
            if (ports == null) {
                return;
            }
            for (JsonNode port : ports) {
                String[] parts = published(port);
                boolean loopbackOnly = parts.length == 3 && parts[0].equals("127.0.0.1");
                if (!loopbackOnly && !public_.contains(parts[parts.length - 2])) {
                    exposed.add(entry.getKey() + " " + port.asText());
                }
            }
        });
        assertEquals(List.of(), exposed, "Kafka, PostgreSQL, internal and admin APIs and health ports bind 127.0.0.1");
    }

    @Test
    void noSecretHasADefaultAndMakeSecretsWritesEveryOne() throws Exception {
        String text = Files.readString(COMPOSE);
        assertFalse(text.contains("change-me"), "no default secret");
        Set<String> required = new TreeSet<>();
        Matcher variable = Pattern.compile("\\$\\{([A-Z_]+)(:?[-?])?([^}]*)}").matcher(text);
        while (variable.find()) {
            String name = variable.group(1);
            boolean secret = name.matches(".*(TOKEN|PASSWORD|KEY|SECRET).*");
            if (secret) {
                assertEquals(":?", variable.group(2), name + " must be required (${" + name + ":?...}), never defaulted");
                required.add(name);
            }
        }
        assertTrue(required.containsAll(List.of("MAIL_SMTP_API_TOKEN", "MAIL_RELAY_API_TOKEN", "MAIL_ADMIN_API_TOKEN",
                "MAIL_RELAY_ADMIN_TOKEN", "MAIL_DB_PASSWORD",
                "MAIL_WEBMAIL_SESSION_KEY", "MAIL_SUBMISSION_MASTER_SECRET")), required.toString());

        Path env = Files.createTempDirectory("compose-env").resolve(".env");
        Process make = new ProcessBuilder("bash", COMPOSE.getParent().resolve("make-secrets").toString(), env.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, make.waitFor(), new String(make.getInputStream().readAllBytes()));
        Map<String, String> written = new HashMap<>();
        for (String line : Files.readAllLines(env)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                written.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertTrue(written.keySet().containsAll(required), "make-secrets writes " + written.keySet() + ", compose needs " + required);
        required.forEach(name -> assertTrue(written.get(name).length() >= 16, name + " is long enough"));
        assertEquals("mail-platform", written.get("COMPOSE_PROJECT_NAME"), "compose v1 and v2 name the project alike");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
        Process again = new ProcessBuilder("bash", COMPOSE.getParent().resolve("make-secrets").toString(), env.toString()).start();
        assertEquals(1, again.waitFor(), "an existing file is never overwritten");
    }

    @Test
    void eachServiceHasItsOwnTokenAndTheCaKeyIsInNoServicesVolume() {
        Map<String, String> tokens = new HashMap<>();
        for (String module : ServiceConfiguration.SERVICES) {
            JsonNode token = services().get(module).get("environment").get("MAIL_INTERNAL_API_TOKEN");
            if (!module.equals("mailbox-service")) {
                assertNotNull(token, module + " has a token");
                String previous = tokens.put(token.asText(), module);
                assertEquals(null, previous, module + " and " + previous + " share a token");
            }
        }
        JsonNode mailbox = services().get("mailbox-service").get("environment");
        for (String service : List.of("SMTP", "IMAP", "POP3", "WEBMAIL", "RELAY")) {
            assertTrue(tokens.containsKey(mailbox.get("MAIL_INTERNAL_API_" + service + "_TOKEN").asText()), service);
        }
        assertFalse(services().get("queue-relay").get("environment").get("MAIL_ADMIN_API_TOKEN").asText()
                .equals(mailbox.get("MAIL_ADMIN_API_TOKEN").asText()), "the relay never holds mailbox-service's admin token");
        services().properties().forEach(entry -> {
            JsonNode volumes = entry.getValue().get("volumes");
            if (volumes != null && !entry.getKey().equals("tls-init")) {
                volumes.forEach(v -> assertFalse(v.asText().startsWith("tls-ca:"), entry.getKey() + " mounts the CA's key"));
            }
        });
        assertTrue(services().get("webmail-api").get("volumes").toString().contains("tls-public:"), "the webmail gets the CA certificate only");
    }

    @Test
    void theTopicsAreMadeByThePlatformsOwnProvisionerInTheKafkaImage() throws IOException {
        JsonNode job = services().get("kafka-topics");
        assertEquals(services().get("kafka").get("image").asText(), job.get("image").asText(), "the job runs the broker's image");
        assertEquals("mail-topics", job.get("entrypoint").get(0).asText());
        assertEquals("kafka:9092", job.get("command").get(0).asText());
        // the image's mail-topics runs the provisioner deploy/local/up runs, which creates MailTopics.all()
        String script = Files.readString(ServiceConfiguration.ROOT.resolve("deploy/local-infra/src/main/docker/kafka/mail-topics"));
        String provisioner = "edu.hamburger.mail.localinfra.KafkaTopicProvisioner";
        assertTrue(script.contains(provisioner), script);
        assertTrue(Files.readString(ServiceConfiguration.ROOT.resolve("deploy/local-infra/src/main/java/"
                + provisioner.replace('.', '/') + ".java")).contains("MailTopics.all()"), "the provisioner creates every platform topic");
    }

    @Test
    void theDemoDomainAndUsersAreThere() {
        JsonNode mailbox = services().get("mailbox-service").get("environment");
        assertEquals("alice,bob", mailbox.get("MAIL_BOOTSTRAP_USERS").asText());
        assertTrue(mailbox.get("MAIL_DOMAIN").asText().contains("example.test"));
        assertTrue(compose.get("volumes").has("pg-data") && compose.get("volumes").has("kafka-data"), "data survives a restart");
    }
}
