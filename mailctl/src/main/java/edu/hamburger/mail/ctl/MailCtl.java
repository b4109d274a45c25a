package edu.hamburger.mail.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mailctl}: what an operator does with a running deployment, through the admin APIs (never
 * the database): domains, accounts, aliases, the outbound queue, DKIM keys, the DNS records to
 * publish, and a {@code doctor} that checks health, ports, certificates and DNS.
 */
@Command(name = "mailctl", mixinStandardHelpOptions = true, version = "mailctl 0.1.0",
        description = "Administers a mail-platform deployment through its admin APIs.",
        subcommands = {DomainCommand.class, AccountCommand.class, AliasCommand.class, QueueCommand.class,
                DkimCommand.class, DnsCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Settings also come from MAILCTL_MAILBOX_URL, MAILCTL_RELAY_URL, MAILCTL_TOKEN(_FILE) and MAILCTL_RELAY_TOKEN(_FILE).",
                "deploy/local/mailctl runs it against the local stack with that stack's token."})
public final class MailCtl {

    @Spec
    CommandSpec spec;

    @Option(names = "--mailbox-url", defaultValue = "${env:MAILCTL_MAILBOX_URL:-http://127.0.0.1:8082}",
            description = "mailbox-service's HTTP root (default: ${DEFAULT-VALUE})")
    URI mailboxUrl;

    @Option(names = "--relay-url", defaultValue = "${env:MAILCTL_RELAY_URL:-http://127.0.0.1:8083}",
            description = "queue-relay's HTTP root, for the queue (default: ${DEFAULT-VALUE})")
    URI relayUrl;

    @Option(names = "--token", defaultValue = "${env:MAILCTL_TOKEN}",
            description = "the operator (admin API) token; better: --token-file")
    String token;

    @Option(names = "--token-file", defaultValue = "${env:MAILCTL_TOKEN_FILE}",
            description = "a file holding the operator token (a Kubernetes secret mounted as a file)")
    Path tokenFile;

    @Option(names = "--relay-token-file", defaultValue = "${env:MAILCTL_RELAY_TOKEN_FILE}",
            description = "queue-relay's admin token, where it differs from mailbox-service's (compose and Kubernetes; also MAILCTL_RELAY_TOKEN)")
    Path relayTokenFile;

    private AdminClient client;

    AdminClient client() {
        if (client == null) {
            String token = operatorToken();
            client = new AdminClient(mailboxUrl, relayUrl, token, relayToken(token));
        }
        return client;
    }

    private String relayToken(String mailboxToken) {
        String fromEnvironment = System.getenv("MAILCTL_RELAY_TOKEN");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        return relayTokenFile == null ? mailboxToken : read(relayTokenFile);
    }

    private String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read the token file " + file + ": " + e.getMessage());
        }
    }

    private String operatorToken() {
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        if (tokenFile == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no operator token: give --token-file FILE (or MAILCTL_TOKEN_FILE, or MAILCTL_TOKEN)");
        }
        return read(tokenFile);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The root command of any subcommand's spec. */
    static MailCtl of(CommandSpec spec) {
        return (MailCtl) spec.root().userObject();
    }

    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new MailCtl());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof AdminApiException api) {
                cmd.getErr().println("mailctl: " + api.getMessage());
                cmd.getErr().flush();
                return api.status() == 0 ? 69 : 1; // 69: EX_UNAVAILABLE, as sysexits.h has it
            }
            throw e;
        });
        return line;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
