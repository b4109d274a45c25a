package edu.hamburger.mail.ctl;

import com.fasterxml.jackson.core.type.TypeReference;
import edu.hamburger.mail.core.api.admin.AccountRequest;
import edu.hamburger.mail.core.api.admin.AccountView;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Creates many accounts from CSV lines {@code address,password[,quota]} (an optional header line,
 * {@code #} comments, RFC 4180 quoting for passwords with commas). An account that already exists
 * is left as it is and counted; a line that fails is reported with its number, and the others go on.
 */
@Command(name = "import", description = "Creates accounts from a CSV file (address,password[,quota]); '-' reads standard input.")
final class AccountImport implements Callable<Integer> {

    /** The file may hold tens of thousands of lines: bounded, so a wrong file fails before any call. */
    static final int MAX_LINES = 100_000;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--parallel", defaultValue = "4", description = "requests at once (password hashing is the cost; default ${DEFAULT-VALUE})")
    int parallel;

    record Line(int number, AccountRequest request) {
    }

    enum Outcome { CREATED, EXISTS, FAILED }

    @Override
    public Integer call() throws Exception {
        MailCtl ctl = MailCtl.of(spec);
        PrintWriter out = ctl.out();
        List<Line> lines = parse(read(file));
        AdminClient client = ctl.client();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, 16)));
        int[] counts = new int[Outcome.values().length];
        try {
            List<Future<Outcome>> results = new ArrayList<>();
            for (Line line : lines) {
                results.add(pool.submit(() -> create(client, line, ctl.spec.commandLine().getErr())));
            }
            for (Future<Outcome> result : results) {
                counts[result.get().ordinal()]++;
            }
        } finally {
            pool.shutdownNow();
        }
        out.printf("created %d, already there %d, failed %d (of %d lines)%n",
                counts[Outcome.CREATED.ordinal()], counts[Outcome.EXISTS.ordinal()], counts[Outcome.FAILED.ordinal()], lines.size());
        out.flush();
        return counts[Outcome.FAILED.ordinal()] == 0 ? 0 : 1;
    }

    private static Outcome create(AdminClient client, Line line, PrintWriter err) {
        try {
            client.mailboxSend("POST", "/accounts", line.request(), new TypeReference<AccountView>() {
            });
            return Outcome.CREATED;
        } catch (AdminApiException e) {
            if (e.conflict()) {
                return Outcome.EXISTS;
            }
            synchronized (err) {
                err.println("line " + line.number() + " (" + line.request().address() + "): " + e.getMessage());
                err.flush();
            }
            return Outcome.FAILED;
        }
    }

    /** The file's lines, or standard input's for "-". */
    private static List<String> read(Path file) throws IOException {
        return "-".equals(file.toString())
                ? new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).lines().toList()
                : java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
    }

    static List<Line> parse(List<String> text) throws IOException {
        if (text.size() > MAX_LINES) {
            throw new IOException("more than " + MAX_LINES + " lines: split the file");
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String raw = text.get(i).strip();
            if (raw.isEmpty() || raw.startsWith("#")) {
                continue;
            }
            List<String> fields = fields(raw);
            if (lines.isEmpty() && fields.get(0).toLowerCase(Locale.ROOT).equals("address")) {
                continue; // the header
            }
            if (fields.size() < 2 || fields.size() > 3 || fields.get(1).isEmpty()) {
                throw new IOException("line " + (i + 1) + ": expected address,password[,quota]");
            }
            Long quota = fields.size() == 3 && !fields.get(2).isBlank() ? Sizes.parse(fields.get(2)) : null;
            lines.add(new Line(i + 1, new AccountRequest(fields.get(0).strip(), fields.get(1), quota)));
        }
        return lines;
    }

    /** One CSV line's fields (RFC 4180: a quoted field may hold commas, and "" is a quote). */
    static List<String> fields(String line) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IOException("an unclosed quote in: " + line);
        }
        fields.add(field.toString());
        return fields;
    }
}
