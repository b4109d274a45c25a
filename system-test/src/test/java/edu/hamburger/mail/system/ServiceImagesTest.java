package edu.hamburger.mail.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Each service image alone, started with Testcontainers: it runs as the unprivileged user 185,
 * and started without its settings it stops at once with a non-zero status, naming the setting
 * that is missing, instead of running half-configured. (The images working together is
 * ComposeDeploymentTest.) Skipped, saying why, when no container engine answers.
 */
class ServiceImagesTest {

    /** The setting each service reports first when started with an empty environment. */
    static final Map<String, String> FIRST_MISSING = Map.of(
            "mailbox-service", "mail.admin-api.token",
            "smtp-gateway", "mail.internal-api.token",
            "queue-relay", "mail.internal-api.token",
            "imap-gateway", "mail.internal-api.token",
            "pop3-gateway", "mail.internal-api.token",
            "webmail-api", "mail.internal-api.token");

    @BeforeAll
    static void images() throws Exception {
        Assumptions.assumeTrue(ComposeDeploymentTest.engineAnswers(),
                "no container engine answers to 'docker info': the service images were not started");
        // builds only what is missing or older than its sources
        ComposeDeploymentTest.run(Duration.ofMinutes(20), Map.of(), "images", "images");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mailbox-service", "smtp-gateway", "queue-relay", "imap-gateway", "pop3-gateway", "webmail-api"})
    void runsUnprivilegedAndRefusesToStartWithoutItsSettings(String service) {
        try (GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("mail-platform/" + service + ":0.1.0"))
                // built here by deploy/containers/images: never looked for in a registry
                .withImagePullPolicy(image -> false)
                .withStartupCheckStrategy(new Exited())) {
            container.start();
            InspectContainerResponse info = container.getCurrentContainerInfo();
            assertEquals("185", info.getConfig().getUser(), service + " runs as the image's user 185, never root");
            DockerClient docker = DockerClientFactory.instance().client();
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(container.getContainerId()).exec().getState();
            assertNotEquals(0L, state.getExitCodeLong(), service + " must not start without its settings");
            String log = container.getLogs();
            // an injected property fails with "Failed to load config value", a @ConfigMapping with "Configuration validation failed"
            assertTrue((log.contains("Failed to load config value") || log.contains("Configuration validation failed"))
                            && log.contains(FIRST_MISSING.get(service)),
                    service + " names what is missing:\n" + log.lines().limit(40).reduce("", (a, b) -> a + b + "\n"));
        }
    }

    /** Started means it has run to its end: these containers are expected to exit. */
    static final class Exited extends StartupCheckStrategy {
        Exited() {
            withTimeout(Duration.ofSeconds(90));
        }

        @Override
        public StartupStatus checkStartupState(DockerClient docker, String containerId) {
            InspectContainerResponse.ContainerState state = getCurrentState(docker, containerId);
            return Boolean.TRUE.equals(state.getRunning()) ? StartupStatus.NOT_YET_KNOWN : StartupStatus.SUCCESSFUL;
        }
    }
}
