package edu.hamburger.mail.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import edu.hamburger.mail.system.KubernetesManifestsTest.Manifests;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart (deploy/helm/mail-platform) linted and rendered by Helm's own code (helm-java),
 * its output read like the kustomize overlays' (KubernetesManifestsTest: the Kubernetes API types,
 * the operators' models), and compared with them: the same objects, adapted to the values.
 */
class HelmChartTest {

    static final Path CHART = ServiceConfiguration.ROOT.resolve("deploy/helm/mail-platform");

    private static Manifests render(Map<String, Object> values) throws Exception {
        TemplateCommand template = new Helm(CHART).template().withName("mail").withNamespace("mail");
        values.forEach(template::set);
        return KubernetesManifestsTest.parse(template.call(), "the chart with " + values);
    }

    private static Set<String> objects(Manifests manifests) {
        Set<String> names = new TreeSet<>();
        manifests.typed().forEach(o -> names.add(o.getKind() + "/" + o.getMetadata().getName()));
        manifests.custom().forEach(o -> names.add(o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()));
        return names;
    }

    private static com.fasterxml.jackson.databind.JsonNode withoutHelmLabels(HasMetadata object) {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) KubernetesManifestsTest.STRICT.valueToTree(object);
        var labels = (com.fasterxml.jackson.databind.node.ObjectNode) tree.path("metadata").path("labels");
        labels.remove(java.util.List.of("app.kubernetes.io/managed-by", "helm.sh/chart"));
        return tree;
    }

    @Test
    void lintsClean() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
        assertTrue(lint.getMessages().stream().noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]")), lint.getMessages().toString());
    }

    @Test
    void theDefaultsRenderWhatTheProductionOverlayRenders() throws Exception {
        Manifests chart = render(Map.of());
        assertEquals(objects(KubernetesManifestsTest.load("production")), objects(chart));
        for (HasMetadata object : chart.typed()) {
            assertEquals("mail", object.getMetadata().getNamespace(), object.getKind() + " " + object.getMetadata().getName());
            assertEquals("mail-platform", object.getMetadata().getLabels().get("app.kubernetes.io/part-of"));
        }
        // the objects no overlay value changes are the overlay's, field by field (Helm's labels aside)
        Manifests overlay = KubernetesManifestsTest.load("production");
        for (HasMetadata object : chart.typed()) {
            if (Set.of("Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy", "HorizontalPodAutoscaler").contains(object.getKind())) {
                HasMetadata same = overlay.typed().stream().filter(o -> o.getKind().equals(object.getKind())
                        && o.getMetadata().getName().equals(object.getMetadata().getName())).findFirst().orElseThrow();
                assertEquals(withoutHelmLabels(same), withoutHelmLabels(object), object.getKind() + " " + object.getMetadata().getName());
            }
        }
        assertEquals(3, chart.named(Deployment.class, "smtp-gateway").getSpec().getReplicas());
        assertTrue(chart.of(HorizontalPodAutoscaler.class).stream().anyMatch(h -> h.getMetadata().getName().equals("queue-relay")));
    }

    @Test
    void withKedaAndStrimziItRendersWhatThoseComponentsAdd() throws Exception {
        Manifests chart = render(Map.of("operators.keda", "true", "operators.strimzi", "true", "operators.cloudnativePg", "true",
                "operators.prometheus", "true"));
        Set<String> names = objects(chart);
        Set<String> keda = objects(KubernetesManifestsTest.load("production-keda"));
        assertTrue(names.containsAll(keda), "everything of production-keda: " + keda + " in " + names);
        assertTrue(names.contains("ScaledObject/queue-relay") && !names.contains("HorizontalPodAutoscaler/queue-relay"), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("KafkaTopic/")) && names.contains("Kafka/mail-kafka"), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("Cluster/")), "CloudNativePG's cluster: " + names);
        // the dashboard is the component's own JSON file; the PodMonitors scrape instead of the annotations
        assertEquals(java.nio.file.Files.readString(KubernetesManifestsTest.K8S.resolve("components/prometheus-operator/mail-platform-dashboard.json")),
                chart.named(ConfigMap.class, "mail-platform-dashboard").getData().get("mail-platform-dashboard.json"));
        assertTrue(names.contains("PodMonitor/mail-platform") && names.contains("PrometheusRule/mail-platform"), names.toString());
        chart.of(Deployment.class).forEach(d -> assertTrue(d.getSpec().getTemplate().getMetadata().getAnnotations() == null
                || !d.getSpec().getTemplate().getMetadata().getAnnotations().containsKey("prometheus.io/scrape"), d.getMetadata().getName()));
        Map<String, String> config = chart.named(ConfigMap.class, "mail-config").getData();
        assertEquals("mail-kafka-kafka-bootstrap:9093", config.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("postgresql://mail-db-rw:5432/mail", config.get("QUARKUS_DATASOURCE_REACTIVE_URL"));
        for (Deployment deployment : chart.of(Deployment.class)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            String name = deployment.getMetadata().getName();
            assertTrue(container.getEnv().stream().anyMatch(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG")
                    && e.getValueFrom().getSecretKeyRef().getName().equals(name)), name + " logs in to Kafka as itself");
            assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/kafka-ca")), name);
        }
    }

    @Test
    void valuesSetTheDomainReplicasImagesAndConfiguration() throws Exception {
        Manifests chart = render(Map.of("domain", "hamburger.edu", "replicas.smtp-gateway", "5", "images.registry", "registry.example.com/",
                "images.tag", "1.2.3", "config.MAIL_LOG_JSON", "false", "operators.certManager", "false",
                "queueRelay.maxReplicas", "12"));
        assertEquals("hamburger.edu", chart.named(ConfigMap.class, "mail-config").getData().get("MAIL_DOMAIN"));
        assertEquals("false", chart.named(ConfigMap.class, "mail-config").getData().get("MAIL_LOG_JSON"));
        Ingress ingress = chart.named(Ingress.class, "webmail");
        Set<String> hosts = new TreeSet<>();
        ingress.getSpec().getRules().forEach(rule -> hosts.add(rule.getHost()));
        assertEquals(Set.of("mail.hamburger.edu", "mta-sts.hamburger.edu", "autoconfig.hamburger.edu", "autodiscover.hamburger.edu"), hosts);
        assertEquals(5, chart.named(Deployment.class, "smtp-gateway").getSpec().getReplicas());
        assertEquals(12, chart.named(HorizontalPodAutoscaler.class, "queue-relay").getSpec().getMaxReplicas());
        chart.of(Deployment.class).forEach(d -> assertEquals("registry.example.com/mail-platform/" + d.getMetadata().getName() + ":1.2.3",
                d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
        assertTrue(Stream.of("Certificate", "Issuer").noneMatch(kind -> objects(chart).stream().anyMatch(n -> n.startsWith(kind + "/"))),
                "no cert-manager objects when it is not used");
    }
}
