package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.core.address.AddressSyntaxException;
import edu.hamburger.mail.core.address.HeaderAddresses;
import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.RecipientLookup;
import edu.hamburger.mail.core.message.HeaderSection;
import edu.hamburger.mail.core.smtp.EnhancedStatus;
import edu.hamburger.mail.core.smtp.ReplyCode;
import edu.hamburger.mail.core.smtp.SmtpReply;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Submission's rule for the author (Postfix's reject_sender_login_mismatch applied to the header,
 * as mox and Stalwart do): every address in {@code From:}, and the {@code Sender:} when there is
 * one, must be the account's own address or one of its aliases. The envelope sender is checked
 * at MAIL FROM ({@link MailHandler}); this closes the gap of a message that says it is from
 * someone else. Sending for a whole other domain is not modelled (no per-account "send as").
 */
final class AuthorCheck {

    /** More author addresses than this in one submitted message is refused outright. */
    static final int MAX_AUTHORS = 10;

    private final Function<String, Uni<RecipientLookup>> directory;

    AuthorCheck(Function<String, Uni<RecipientLookup>> directory) {
        this.directory = directory;
    }

    /**
     * Null when the authors are the account's; else the refusal to answer. {@code header} is the
     * client's (null when it sent none): a missing From: is no refusal, submission adds the
     * account's own address.
     */
    Uni<SmtpReply> refusal(AccountRef account, HeaderSection header) {
        String from = header == null ? null : header.first("From");
        if (from == null) {
            return Uni.createFrom().nullItem();
        }
        List<String> specs = new ArrayList<>(HeaderAddresses.addrSpecs(from));
        specs.addAll(HeaderAddresses.addrSpecs(header.first("Sender")));
        if (specs.isEmpty() || specs.size() > MAX_AUTHORS) {
            return done(SmtpReply.of(ReplyCode.MAILBOX_UNAVAILABLE, EnhancedStatus.CONTENT,
                    "From: must name 1 to " + MAX_AUTHORS + " addresses"));
        }
        List<Uni<String>> checks = new ArrayList<>();
        for (String spec : specs) {
            MailAddress address;
            try {
                address = MailAddress.parse(spec);
            } catch (AddressSyntaxException e) {
                return done(SmtpReply.of(ReplyCode.MAILBOX_UNAVAILABLE, EnhancedStatus.CONTENT, "Unreadable author address in From: or Sender:"));
            }
            String shown = address.toString();
            checks.add(directory.apply(shown).map(lookup -> lookup.reaches(account.accountId()) ? null : shown));
        }
        return Uni.join().all(checks).andFailFast().map(strangers -> strangers.stream().filter(s -> s != null).findFirst()
                .map(stranger -> SmtpReply.of(ReplyCode.MAILBOX_UNAVAILABLE, EnhancedStatus.RELAY_DENIED,
                        stranger + " in From:/Sender: is not an address of " + account.address()))
                .orElse(null));
    }

    private static Uni<SmtpReply> done(SmtpReply reply) {
        return Uni.createFrom().item(reply);
    }
}
