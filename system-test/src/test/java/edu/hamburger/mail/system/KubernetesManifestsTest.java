package edu.hamburger.mail.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendered Kubernetes manifests (deploy/k8s/rendered, from the kustomize overlays) checked
 * against the Kubernetes API types (fabric8's model classes: a field the API does not have fails,
 * it is not dropped), and against what the platform needs: probes on /q/health, requests and
 * limits, env keys the services read, the mail ports, PDBs, NetworkPolicies, the relay autoscaler.
 * Custom resources are checked for kind, version and the fields the platform relies on; Strimzi's
 * and cert-manager's also field by field against their operators' published models (Strimzi's
 * io.strimzi:api, fabric8's certmanager-model, from Maven Central), like the Kubernetes types.
 * CloudNativePG's and KEDA's have no model published where this builds: not checked that way.
 */
class KubernetesManifestsTest {

    static final Path K8S = ServiceConfiguration.ROOT.resolve("deploy/k8s");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "v1/Namespace", Namespace.class, "v1/ConfigMap", ConfigMap.class, "v1/Secret", Secret.class, "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class, "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class, "networking.k8s.io/v1/Ingress", Ingress.class);
    static final Set<String> CUSTOM = Set.of("kafka.strimzi.io/v1beta2/Kafka", "kafka.strimzi.io/v1beta2/KafkaNodePool",
            "kafka.strimzi.io/v1beta2/KafkaUser",
            "kafka.strimzi.io/v1beta2/KafkaTopic", "postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io/v1/ScheduledBackup",
            "keda.sh/v1alpha1/ScaledObject", "cert-manager.io/v1/Issuer", "cert-manager.io/v1/Certificate",
            "monitoring.coreos.com/v1/PodMonitor", "monitoring.coreos.com/v1/PrometheusRule");

    /** Custom resources with a published model: read strictly, an unknown field fails. */
    static final Map<String, Class<?>> OPERATOR_MODELS = Map.of(
            "kafka.strimzi.io/v1beta2/Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class,
            "kafka.strimzi.io/v1beta2/KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class,
            "kafka.strimzi.io/v1beta2/KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class,
            "kafka.strimzi.io/v1beta2/KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class,
            "cert-manager.io/v1/Issuer", io.fabric8.certmanager.api.model.v1.Issuer.class,
            "cert-manager.io/v1/Certificate", io.fabric8.certmanager.api.model.v1.Certificate.class);

    record Manifests(List<HasMetadata> typed, List<JsonNode> custom) {
        <T> List<T> of(Class<T> type) {
            return typed.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T named(Class<T> type, String name) {
            return of(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
        }
    }

    static Manifests load(String overlay) throws IOException {
        return parse(Files.readString(K8S.resolve("rendered/" + overlay + ".yaml")), overlay);
    }

    /** Reads rendered manifests (an overlay's, or the Helm chart's) strictly, as {@link #load} does. */
    static Manifests parse(String yaml, String overlay) throws IOException {
        List<HasMetadata> typed = new ArrayList<>();
        List<JsonNode> custom = new ArrayList<>();
        var parser = YAML.getFactory().createParser(yaml);
        for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
            JsonNode document = it.next();
            if (document == null || document.isEmpty()) {
                continue;
            }
            String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
            Class<? extends HasMetadata> type = TYPES.get(key);
            if (type != null) {
                HasMetadata resource = STRICT.treeToValue(document, type);
                assertNoUnknownFields(resource, key + " " + resource.getMetadata().getName());
                typed.add(resource);
            } else {
                assertTrue(CUSTOM.contains(key), "unexpected kind " + key + " in " + overlay);
                assertTrue(document.path("metadata").hasNonNull("name") && document.has("spec"), key + " needs metadata.name and spec");
                Class<?> model = OPERATOR_MODELS.get(key);
                if (model != null) {
                    assertNoUnknownFields(STRICT.treeToValue(document, model), key + " " + document.path("metadata").path("name").asText());
                }
                custom.add(document);
            }
        }
        return new Manifests(typed, custom);
    }

    /** fabric8 keeps fields it does not know in additionalProperties: any there is a field the API lacks (a typo). */
    static void assertNoUnknownFields(Object value, String where) {
        walk(value, where, new IdentityHashMap<>());
    }

    private static void walk(Object value, String where, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, true) != null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            collection.forEach(v -> walk(v, where, seen));
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> walk(v, where, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.") && !value.getClass().getName().startsWith("io.strimzi.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                assertTrue(child == null || ((Map<?, ?>) child).isEmpty(),
                        where + ": " + value.getClass().getSimpleName() + " has no field " + child);
            } else {
                walk(child, where, seen);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production", "production-keda"})
    void everyDeploymentIsProbedLimitedAndReadsOnlyKeysItKnows(String overlay) throws IOException {
        Manifests manifests = load(overlay);
        Set<String> deployments = manifests.of(Deployment.class).stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet());
        assertEquals(ServiceConfiguration.SERVICES, deployments);
        ConfigMap config = manifests.named(ConfigMap.class, "mail-config");
        Set<String> kafkaUsers = manifests.custom().stream().filter(c -> c.path("kind").asText().equals("KafkaUser"))
                .map(c -> c.path("metadata").path("name").asText()).collect(Collectors.toSet());
        for (Deployment deployment : manifests.of(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("/q/health/ready", container.getReadinessProbe().getHttpGet().getPath(), name);
            assertEquals("/q/health/live", container.getLivenessProbe().getHttpGet().getPath(), name);
            assertNotNull(container.getResources().getRequests().get("cpu"), name);
            assertNotNull(container.getResources().getRequests().get("memory"), name);
            assertNotNull(container.getResources().getLimits().get("memory"), name);
            assertEquals("mail-platform", deployment.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/part-of"),
                    name + ": the Kafka and PostgreSQL policies admit pods by this label");
            Set<String> reads = ServiceConfiguration.environmentNames(name);
            for (EnvVar env : container.getEnv()) {
                assertTrue(reads.contains(env.getName()), name + " does not read " + env.getName());
                if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                    assertTrue(config.getData().containsKey(env.getValueFrom().getConfigMapKeyRef().getKey()),
                            name + ": mail-config has no " + env.getValueFrom().getConfigMapKeyRef().getKey());
                }
            }
            boolean secretsInOverlay = !manifests.of(Secret.class).isEmpty();
            if (secretsInOverlay) {
                for (EnvVar env : container.getEnv()) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null
                            && !kafkaUsers.contains(env.getValueFrom().getSecretKeyRef().getName())) { // Strimzi makes those
                        var ref = env.getValueFrom().getSecretKeyRef();
                        Secret secret = manifests.named(Secret.class, ref.getName());
                        Map<String, String> data = secret.getData() != null ? secret.getData() : secret.getStringData();
                        assertTrue(data.containsKey(ref.getKey()), name + ": secret " + ref.getName() + " has no " + ref.getKey());
                    }
                }
            }
            PodDisruptionBudget pdb = manifests.named(PodDisruptionBudget.class, name);
            assertEquals(name, pdb.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/name"));
        }
        // every env key of mail-config is read by some service
        Set<String> readBySome = new TreeSet<>();
        for (String service : ServiceConfiguration.SERVICES) {
            readBySome.addAll(ServiceConfiguration.environmentNames(service));
        }
        for (String key : config.getData().keySet()) {
            assertTrue(readBySome.contains(key), "mail-config sets " + key + " which no service reads");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void theGatewaysAreExposedOnTheStandardPortsAndTheWebmailOn443(String overlay) throws IOException {
        Manifests manifests = load(overlay);
        Set<Integer> exposed = new TreeSet<>();
        for (Service service : manifests.of(Service.class)) {
            if ("LoadBalancer".equals(service.getSpec().getType())) {
                service.getSpec().getPorts().stream().map(ServicePort::getPort).forEach(exposed::add);
            }
        }
        assertEquals(Set.of(25, 587, 465, 143, 993, 4190, 110, 995), exposed, "the mail ports and ManageSieve");
        Ingress ingress = manifests.named(Ingress.class, "webmail");
        assertFalse(ingress.getSpec().getTls().isEmpty(), "HTTPS (443) on the webmail ingress");
        assertEquals("webmail-api", ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName());
        // the smtp-gateway Service's named target ports exist on its pods
        Deployment smtp = manifests.named(Deployment.class, "smtp-gateway");
        Set<String> portNames = smtp.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                .map(p -> p.getName()).collect(Collectors.toSet());
        for (ServicePort port : manifests.named(Service.class, "smtp-gateway").getSpec().getPorts()) {
            assertTrue(portNames.contains(port.getTargetPort().getStrVal()), port.getName());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void theWebmailsManagementEndpointsAreOnTheirOwnPortOnlyMonitoringReaches(String overlay) throws IOException {
        Manifests manifests = load(overlay);
        Ingress ingress = manifests.named(Ingress.class, "webmail");
        Set<String> routed = new TreeSet<>();
        ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
            routed.add(path.getPath());
            assertEquals("http", path.getBackend().getService().getPort().getName(), path.getPath());
            assertTrue(!path.getPath().startsWith("/q")
                            && (path.getPathType().equals("Exact") || path.getPath().equals("/api") || path.getPath().equals("/assets/")),
                    "only the client's files and /api are routed: " + path.getPath() + " " + path.getPathType());
        }));
        // every file the client is made of has a route: scripts and styles under /assets/<version>/, the rest by name
        try (var files = Files.list(ServiceConfiguration.ROOT.resolve("webmail-api/src/main/resources/client"))) {
            files.forEach(file -> {
                String name = file.getFileName().toString();
                String route = name.endsWith(".js") || name.endsWith(".css") ? "/assets/" : "/" + name;
                assertTrue(routed.contains(route), "no route for " + name + " (" + route + ")");
            });
        }
        assertTrue(routed.containsAll(Set.of("/", "/api", "/.well-known/mta-sts.txt")), routed.toString());
        // mail clients look for their settings on autoconfig.<domain> and autodiscover.<domain>
        Map<String, Set<String>> byHost = new java.util.HashMap<>();
        ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths()
                .forEach(path -> byHost.computeIfAbsent(rule.getHost(), h -> new TreeSet<>()).add(path.getPath())));
        assertEquals(Set.of("/mail/config-v1.1.xml", "/.well-known/autoconfig/mail/config-v1.1.xml"), byHost.get("autoconfig.example.test"));
        assertEquals(Set.of("/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml"), byHost.get("autodiscover.example.test"));
        Set<String> tlsHosts = new TreeSet<>();
        ingress.getSpec().getTls().forEach(tls -> tlsHosts.addAll(tls.getHosts()));
        assertTrue(tlsHosts.containsAll(byHost.keySet()), "every routed host has HTTPS: " + tlsHosts);

        Container webmail = manifests.named(Deployment.class, "webmail-api").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("management", webmail.getReadinessProbe().getHttpGet().getPort().getStrVal());
        assertTrue(webmail.getPorts().stream().anyMatch(p -> "management".equals(p.getName()) && p.getContainerPort() == 9000));
        assertEquals("9000", manifests.named(Deployment.class, "webmail-api").getSpec().getTemplate().getMetadata()
                .getAnnotations().get("prometheus.io/port"));
        NetworkPolicy monitoring = manifests.named(NetworkPolicy.class, "metrics-from-monitoring");
        Set<Integer> ports = monitoring.getSpec().getIngress().get(0).getPorts().stream().map(p -> p.getPort().getIntVal())
                .collect(Collectors.toSet());
        assertTrue(ports.contains(9000) && !ports.contains(8080), "monitoring reaches the webmail's management port, not its public one: " + ports);
        NetworkPolicy fromIngress = manifests.named(NetworkPolicy.class, "webmail-from-ingress");
        assertEquals(List.of(8080), fromIngress.getSpec().getIngress().get(0).getPorts().stream().map(p -> p.getPort().getIntVal()).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void onlyTheGatewaysRelayAndWebmailReachMailboxService(String overlay) throws IOException {
        Manifests manifests = load(overlay);
        NetworkPolicy deny = manifests.named(NetworkPolicy.class, "default-deny-ingress");
        assertTrue(deny.getSpec().getPodSelector().getMatchLabels() == null || deny.getSpec().getPodSelector().getMatchLabels().isEmpty());
        assertTrue(deny.getSpec().getIngress() == null || deny.getSpec().getIngress().isEmpty(), "deny: no ingress rule");
        NetworkPolicy mailbox = manifests.named(NetworkPolicy.class, "mailbox-service-from-gateways");
        var peers = mailbox.getSpec().getIngress().get(0).getFrom();
        assertEquals(1, peers.size());
        var expression = peers.get(0).getPodSelector().getMatchExpressions().get(0);
        assertEquals(Set.of("smtp-gateway", "imap-gateway", "pop3-gateway", "webmail-api", "queue-relay"), Set.copyOf(expression.getValues()));
        // the webmail may reach the submission port even though it is not "anywhere"
        manifests.named(NetworkPolicy.class, "smtp-submission-from-webmail");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev"})
    void inClusterKafkaAndPostgresAdmitOnlyThePlatform(String overlay) throws IOException {
        Manifests manifests = load(overlay);
        JsonNode kafka = manifests.custom().stream().filter(c -> c.path("kind").asText().equals("Kafka")).findFirst().orElseThrow();
        JsonNode peers = kafka.path("spec").path("kafka").path("listeners").get(0).path("networkPolicyPeers");
        assertEquals("mail-platform", peers.get(0).path("podSelector").path("matchLabels").path("app.kubernetes.io/part-of").asText());
        NetworkPolicy postgres = manifests.named(NetworkPolicy.class, "postgres-from-mailbox-service");
        assertEquals("mailbox-service", postgres.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels()
                .get("app.kubernetes.io/name"));
        Set<String> topics = manifests.custom().stream().filter(c -> c.path("kind").asText().equals("KafkaTopic"))
                .map(c -> c.path("spec").path("topicName").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(edu.hamburger.mail.core.topic.MailTopics.all()), topics);
        assertEquals("mail-kafka-kafka-bootstrap:9093", manifests.named(ConfigMap.class, "mail-config").getData().get("KAFKA_BOOTSTRAP_SERVERS"));

        // TLS and SCRAM on the only listener, ACLs on, one user per service, each Deployment logging in as its own
        JsonNode listener = kafka.path("spec").path("kafka").path("listeners");
        assertEquals(1, listener.size());
        assertTrue(listener.get(0).path("tls").asBoolean());
        assertEquals("scram-sha-512", listener.get(0).path("authentication").path("type").asText());
        assertEquals("simple", kafka.path("spec").path("kafka").path("authorization").path("type").asText());
        Map<String, JsonNode> users = new java.util.HashMap<>();
        manifests.custom().stream().filter(c -> c.path("kind").asText().equals("KafkaUser"))
                .forEach(u -> users.put(u.path("metadata").path("name").asText(), u));
        assertEquals(ServiceConfiguration.SERVICES, users.keySet());
        Set<String> outboundWriters = new TreeSet<>();
        users.forEach((name, user) -> user.path("spec").path("authorization").path("acls").forEach(acl -> {
            String resource = acl.path("resource").path("name").asText();
            boolean covers = acl.path("resource").path("patternType").asText().equals("prefix")
                    ? "mail.outbound".startsWith(resource) : "mail.outbound".equals(resource);
            if (acl.path("resource").path("type").asText().equals("topic") && covers
                    && acl.path("operations").toString().contains("Write")) {
                outboundWriters.add(name);
            }
        }));
        assertEquals(Set.of("smtp-gateway", "queue-relay", "mailbox-service"), outboundWriters,
                "only these write mail.outbound (mailbox-service: its DMARC and TLS reports)");
        for (Deployment deployment : manifests.of(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            EnvVar jaas = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG")).findFirst().orElseThrow(() -> new AssertionError(name));
            assertEquals(name, jaas.getValueFrom().getSecretKeyRef().getName(), name + " logs in as its own Kafka user");
        }
    }

    /**
     * With the Prometheus Operator: every service's pods are selected by a PodMonitor on a port
     * they have, which the monitoring network policy opens; the annotations are gone (nothing is
     * scraped twice); the rules and the dashboard are there for the operator and Grafana.
     */
    @Test
    void withThePrometheusOperatorEveryServiceIsScrapedOnceAndAlertedOn() throws IOException {
        Manifests manifests = load("production-keda");
        List<JsonNode> monitors = manifests.custom().stream().filter(c -> c.path("kind").asText().equals("PodMonitor")).toList();
        Set<Integer> monitoringPorts = manifests.named(NetworkPolicy.class, "metrics-from-monitoring").getSpec().getIngress().get(0)
                .getPorts().stream().map(p -> p.getPort().getIntVal()).collect(Collectors.toSet());
        for (Deployment deployment : manifests.of(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            List<String> scraped = new ArrayList<>();
            for (JsonNode monitor : monitors) {
                if (selects(monitor.path("spec").path("selector"), podLabels)) {
                    monitor.path("spec").path("podMetricsEndpoints").forEach(endpoint -> scraped.add(endpoint.path("port").asText()));
                }
            }
            assertEquals(1, scraped.size(), name + " is scraped by exactly one endpoint: " + scraped);
            var port = container.getPorts().stream().filter(p -> p.getName().equals(scraped.get(0))).findFirst();
            assertTrue(port.isPresent(), name + " has the port " + scraped.get(0));
            assertTrue(monitoringPorts.contains(port.get().getContainerPort()), name + ": monitoring may reach " + port.get().getContainerPort());
            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertTrue(annotations == null || annotations.keySet().stream().noneMatch(k -> k.startsWith("prometheus.io/")), name + ": " + annotations);
        }
        JsonNode rules = manifests.custom().stream().filter(c -> c.path("kind").asText().equals("PrometheusRule")).findFirst().orElseThrow();
        Set<String> alerts = new TreeSet<>();
        rules.path("spec").path("groups").forEach(group -> group.path("rules").forEach(rule -> alerts.add(rule.path("alert").asText())));
        assertTrue(alerts.containsAll(Set.of("MailOutboundQueueStuck", "MailFilingLagging", "MailBounceRateHigh",
                "MailCertificateExpiresSoon", "MailLoginFailureSpike")), alerts.toString());
        ConfigMap dashboard = manifests.named(ConfigMap.class, "mail-platform-dashboard");
        assertEquals("1", dashboard.getMetadata().getLabels().get("grafana_dashboard"));
        JsonNode json = YAML.readTree(dashboard.getData().get("mail-platform-dashboard.json"));
        assertEquals("mail-platform", json.path("uid").asText());
        assertTrue(json.path("panels").size() >= 10, "a panel for each part the operator reads");
    }

    /** A label selector's matchLabels and matchExpressions (In) against a pod's labels. */
    private static boolean selects(JsonNode selector, Map<String, String> labels) {
        var matchLabels = selector.path("matchLabels").fields();
        while (matchLabels.hasNext()) {
            var entry = matchLabels.next();
            if (!entry.getValue().asText().equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            assertEquals("In", expression.path("operator").asText());
            boolean any = false;
            for (JsonNode value : expression.path("values")) {
                any |= value.asText().equals(labels.get(expression.path("key").asText()));
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "production-keda"})
    void theRelayScalesOnCpuOrOnKafkaLag(String overlay) throws IOException {
        Manifests manifests = load(overlay);
        List<JsonNode> scaledObjects = manifests.custom().stream().filter(c -> c.path("kind").asText().equals("ScaledObject")).toList();
        List<HorizontalPodAutoscaler> hpas = manifests.of(HorizontalPodAutoscaler.class);
        if (overlay.endsWith("keda")) {
            assertTrue(hpas.isEmpty(), "KEDA makes its own HPA; two would fight");
            JsonNode spec = scaledObjects.get(0).path("spec");
            assertEquals("queue-relay", spec.path("scaleTargetRef").path("name").asText());
            // the lag of every topic the relays consume: fresh mail and each retry tier
            Set<String> topics = new java.util.TreeSet<>();
            Set<String> brokers = new java.util.HashSet<>();
            for (JsonNode trigger : spec.path("triggers")) {
                assertEquals("kafka", trigger.path("type").asText());
                assertEquals("queue-relay", trigger.path("metadata").path("consumerGroup").asText());
                topics.add(trigger.path("metadata").path("topic").asText());
                brokers.add(trigger.path("metadata").path("bootstrapServers").asText());
            }
            Set<String> consumed = new java.util.TreeSet<>(List.of(edu.hamburger.mail.core.topic.MailTopics.OUTBOUND));
            edu.hamburger.mail.core.topic.MailTopics.RETRY_DELAYS.forEach(d -> consumed.add(edu.hamburger.mail.core.topic.MailTopics.retryTopic(d)));
            assertEquals(consumed, topics);
            assertEquals(1, brokers.size(), "every trigger asks the same brokers: " + brokers);
            assertTrue(spec.path("maxReplicaCount").asInt() <= edu.hamburger.mail.core.topic.MailTopics.DEFAULT_PARTITIONS,
                    "more relays than partitions would idle");
            assertTrue(spec.path("maxReplicaCount").asInt() > 6, "the relays scale past six");
        } else {
            assertTrue(scaledObjects.isEmpty());
            HorizontalPodAutoscaler hpa = manifests.named(HorizontalPodAutoscaler.class, "queue-relay");
            assertEquals("queue-relay", hpa.getSpec().getScaleTargetRef().getName());
            assertTrue(hpa.getSpec().getMaxReplicas() <= edu.hamburger.mail.core.topic.MailTopics.DEFAULT_PARTITIONS,
                    "more relays than partitions would idle");
            assertTrue(hpa.getSpec().getMaxReplicas() > 6, "the relays scale past six");
        }
    }

    @Test
    void theKubernetesTopicsHaveTheDefaultPartitions() throws IOException {
        Manifests manifests = load("dev");
        List<JsonNode> topics = manifests.custom().stream().filter(c -> c.path("kind").asText().equals("KafkaTopic")).toList();
        assertFalse(topics.isEmpty());
        topics.forEach(topic -> assertEquals(edu.hamburger.mail.core.topic.MailTopics.DEFAULT_PARTITIONS,
                topic.path("spec").path("partitions").asInt(), topic.path("spec").path("topicName").asText()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production", "production-keda"})
    void renderingAgainGivesTheSameBytes(String overlay) throws Exception {
        Assumptions.assumeTrue(kubectlAvailable(), "kubectl (kustomize) is not installed here: the committed rendering is validated, not re-made");
        Process render = new ProcessBuilder("kubectl", "kustomize", K8S.resolve("overlays/" + overlay).toString())
                .redirectErrorStream(true).start();
        byte[] output = render.getInputStream().readAllBytes();
        assertTrue(render.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, render.exitValue(), new String(output));
        String expected = "# rendered by deploy/k8s/render from overlays/" + overlay + ": do not edit\n" + new String(output);
        assertEquals(expected.strip(), Files.readString(K8S.resolve("rendered/" + overlay + ".yaml")).strip(),
                "deploy/k8s/rendered/" + overlay + ".yaml is out of date: run deploy/k8s/render");
    }

    private static boolean kubectlAvailable() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
