package edu.hamburger.mail.sieve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When a vacation answer must not go out (RFC 5230 §4.5 and RFC 3834 §2): never to the null
 * sender, a mailer daemon or a list's own addresses; never to mail marked Auto-Submitted, sent
 * by a list (List-* fields) or as bulk; only to mail that names one of the recipient's addresses
 * in To, Cc or Bcc (so a message the user got as Bcc of a list is not answered); never to the
 * recipient themselves. Whether this sender was answered within :days is the delivery's question.
 */
final class VacationPolicy {

    private static final List<String> LIST_FIELDS = List.of("List-Id", "List-Help", "List-Subscribe", "List-Unsubscribe",
            "List-Post", "List-Owner", "List-Archive");
    private static final List<String> RECIPIENT_FIELDS = List.of("To", "Cc", "Bcc", "Resent-To", "Resent-Cc", "Resent-Bcc");

    private VacationPolicy() {
    }

    static boolean answers(SieveMessage message, SieveAction.Vacation vacation, String separator) {
        String sender = message.envelopeFrom().toLowerCase(Locale.ROOT);
        if (sender.isEmpty() || automaticSender(SieveAddresses.part(sender, "localpart", ""))) {
            return false;
        }
        for (String value : message.header("Auto-Submitted")) {
            if (!value.trim().toLowerCase(Locale.ROOT).startsWith("no")) {
                return false;
            }
        }
        for (String field : LIST_FIELDS) {
            if (!message.header(field).isEmpty()) {
                return false;
            }
        }
        for (String value : message.header("Precedence")) {
            String precedence = value.trim().toLowerCase(Locale.ROOT);
            if (precedence.equals("bulk") || precedence.equals("list") || precedence.equals("junk")) {
                return false;
            }
        }
        List<String> own = ownAddresses(message, vacation, separator);
        if (own.contains(sender) || own.contains(withoutDetail(sender, separator))) {
            return false;
        }
        for (String field : RECIPIENT_FIELDS) {
            for (String address : message.addresses(field)) {
                String named = address.toLowerCase(Locale.ROOT);
                if (own.contains(named) || own.contains(withoutDetail(named, separator))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean automaticSender(String local) {
        return local.equals("mailer-daemon") || local.equals("listserv") || local.equals("majordomo") || local.equals("postmaster")
                || local.startsWith("owner-") || local.endsWith("-request") || local.endsWith("-owner") || local.endsWith("-bounces");
    }

    private static List<String> ownAddresses(SieveMessage message, SieveAction.Vacation vacation, String separator) {
        List<String> own = new ArrayList<>();
        String recipient = message.envelopeTo().toLowerCase(Locale.ROOT);
        own.add(recipient);
        own.add(withoutDetail(recipient, separator));
        for (String address : vacation.addresses()) {
            own.add(address.trim().toLowerCase(Locale.ROOT));
        }
        return own;
    }

    private static String withoutDetail(String address, String separator) {
        String user = SieveAddresses.part(address, "user", separator);
        String domain = SieveAddresses.part(address, "domain", separator);
        return domain.isEmpty() ? user : user + "@" + domain;
    }
}
