package edu.hamburger.mail.system;

import io.smallrye.config.ConfigMapping;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The configuration a service reads, found in what it was built from: its {@code @ConfigMapping}
 * interfaces and {@code @ConfigProperty} injection points (by reflection on its compiled
 * classes), the keys and {@code ${ENV}} references of its application.properties, the same of the
 * shared mailbox-client, and the framework keys of the extensions it uses. Given in environment
 * form (MicroProfile Config: upper case, every other character '_'), because that is how compose
 * files and Kubernetes manifests set them.
 */
final class ServiceConfiguration {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Set<String> SERVICES = Set.of("mailbox-service", "smtp-gateway", "queue-relay", "imap-gateway", "pop3-gateway", "webmail-api");

    /** Keys Quarkus extensions read, by the artifact that brings them (docs: quarkus.io/guides/all-config). */
    private static final Map<String, Set<String>> FRAMEWORK_KEYS = Map.of(
            "quarkus-messaging-kafka", Set.of("kafka.bootstrap.servers"),
            "quarkus-reactive-pg-client", Set.of("quarkus.datasource.reactive.url", "quarkus.datasource.username", "quarkus.datasource.password"),
            "quarkus-jdbc-postgresql", Set.of("quarkus.datasource.jdbc.url"),
            "quarkus-rest", Set.of("quarkus.http.port", "quarkus.http.host"),
            "quarkus-logging-json", Set.of("quarkus.log.console.json.enabled", "quarkus.log.level"));

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    private ServiceConfiguration() {
    }

    /** Every environment variable name the module reads. */
    static Set<String> environmentNames(String module) throws IOException {
        Set<String> names = new TreeSet<>();
        readProperties(ROOT.resolve(module).resolve("src/main/resources/application.properties"), names);
        String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
        if (pom.contains("<artifactId>mailbox-client</artifactId>")) {
            readProperties(ROOT.resolve("mailbox-client/src/main/resources/META-INF/microprofile-config.properties"), names);
            readClasses(ROOT.resolve("mailbox-client/target/classes"), names);
        }
        if (pom.contains("<artifactId>mailbox-client</artifactId>") || pom.contains("kafka")) {
            // every Kafka client setting, as KAFKA_*: SmallRye's channels take kafka.* and
            // KafkaClientSettings passes them to the hand-built clients
            java.util.stream.Stream.of(org.apache.kafka.clients.producer.ProducerConfig.configNames(),
                            org.apache.kafka.clients.consumer.ConsumerConfig.configNames(),
                            org.apache.kafka.clients.admin.AdminClientConfig.configNames())
                    .flatMap(Set::stream).forEach(key -> names.add(environmentName("kafka." + key)));
        }
        FRAMEWORK_KEYS.forEach((artifact, keys) -> {
            if (pom.contains("<artifactId>" + artifact + "</artifactId>")) {
                keys.forEach(key -> names.add(environmentName(key)));
            }
        });
        readClasses(ROOT.resolve(module).resolve("target/classes"), names);
        return names;
    }

    /** MicroProfile Config's environment form of a property name. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static void readProperties(Path file, Set<String> names) throws IOException {
        String text = Files.readString(file);
        Matcher references = ENV_REFERENCE.matcher(text);
        while (references.find()) {
            names.add(references.group(1));
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                names.add(environmentName(key));
            }
        }
    }

    private static void readClasses(Path classes, Set<String> names) throws IOException {
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException(classes + " is missing: build the reactor first");
        }
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$$")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, ServiceConfiguration.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                read(type, names);
            }
        }
    }

    private static void read(Class<?> type, Set<String> names) {
        ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
        if (mapping != null) {
            group(type, mapping.prefix(), names);
        }
        try {
            for (var field : type.getDeclaredFields()) {
                property(field, names);
            }
            for (var constructor : type.getDeclaredConstructors()) {
                for (Parameter parameter : constructor.getParameters()) {
                    property(parameter, names);
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                for (Parameter parameter : method.getParameters()) {
                    property(parameter, names);
                }
            }
        } catch (LinkageError e) {
            // a class whose members need what this class path lacks holds no configuration of ours
        }
    }

    private static void property(AnnotatedElement element, Set<String> names) {
        ConfigProperty property = element.getAnnotation(ConfigProperty.class);
        if (property != null && !property.name().isEmpty()) {
            names.add(environmentName(property.name()));
        }
    }

    /** A mapping's leaves: {@code prefix.kebab-name}; an interface-typed member is a group one level down. */
    private static void group(Class<?> type, String prefix, Set<String> names) {
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers()) || method.isDefault()) {
                continue;
            }
            String key = prefix + "." + kebab(method.getName());
            Class<?> returned = method.getReturnType();
            Type generic = method.getGenericReturnType();
            if (returned == java.util.Optional.class && generic instanceof ParameterizedType p
                    && p.getActualTypeArguments()[0] instanceof Class<?> inner && isGroup(inner)) {
                group(inner, key, names);
            } else if (isGroup(returned)) {
                group(returned, key, names);
            } else {
                names.add(environmentName(key));
            }
        }
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
