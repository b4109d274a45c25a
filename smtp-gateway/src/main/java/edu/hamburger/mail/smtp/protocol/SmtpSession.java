package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.record.BodyType;
import edu.hamburger.mail.core.record.DsnReturn;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.line.framing.ChunkedBytes;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one SMTP connection. Invariants: a transaction (reverse-path, recipients, BDAT
 * chunks) exists only in phase MAIL or RCPT; HELO/EHLO, RSET, STARTTLS and the end of DATA clear
 * it; after STARTTLS everything learnt before TLS is forgotten (RFC 3207 §4.2); the authenticated
 * account is set once and never cleared within a connection.
 */
public final class SmtpSession {

    public enum Phase { CONNECTED, GREETED, MAIL, RCPT }

    /** A recipient that RCPT accepted, and whether it is delivered here or relayed. */
    public record AcceptedRecipient(EnvelopeRecipient recipient, boolean local) {
    }

    private final Listener listener;
    private final String clientAddress;
    private final boolean loopback;
    private final String sessionId;

    private boolean tls;
    private boolean tlsAvailable;
    private String helo;
    private boolean esmtp;
    private AccountRef account;
    private Phase phase = Phase.CONNECTED;
    private int errors;
    private int commandsBeforeMail;
    private int authFailures;

    private SmtpPath reversePath;
    private BodyType bodyType;
    private boolean smtpUtf8;
    private DsnReturn dsnReturn;
    private String dsnEnvelopeId;
    private final List<AcceptedRecipient> recipients = new ArrayList<>();
    /** RCPT commands of this transaction, accepted or not: the recipient limit counts them all. */
    private int rcptCommands;
    /** Unknown local recipients named in this session (not reset by RSET): the harvesting tarpit. */
    private int unknownRecipients;
    private ChunkedBytes chunks;
    private boolean chunksTooBig;
    private boolean chunkingFailed;

    public SmtpSession(Listener listener, String clientAddress, boolean loopback, boolean tls, boolean tlsAvailable, String sessionId) {
        this.listener = listener;
        this.clientAddress = clientAddress;
        this.loopback = loopback;
        this.tls = tls;
        this.tlsAvailable = tlsAvailable;
        this.sessionId = sessionId;
    }

    public Listener listener() {
        return listener;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public boolean loopback() {
        return loopback;
    }

    public String sessionId() {
        return sessionId;
    }

    public boolean tls() {
        return tls;
    }

    /** STARTTLS can still be offered: a key is configured and TLS is not on yet. */
    public boolean canStartTls() {
        return tlsAvailable && !tls;
    }

    /** RFC 3207 §4.2: after the handshake the client must say EHLO again; nothing earlier counts. */
    public void tlsStarted() {
        tls = true;
        helo = null;
        esmtp = false;
        phase = Phase.CONNECTED;
        resetTransaction();
    }

    public String helo() {
        return helo;
    }

    public boolean esmtp() {
        return esmtp;
    }

    public void greeted(String clientName, boolean extended) {
        helo = clientName;
        esmtp = extended;
        phase = Phase.GREETED;
        resetTransaction();
    }

    public AccountRef account() {
        return account;
    }

    public boolean authenticated() {
        return account != null;
    }

    public void authenticated(AccountRef value) {
        account = value;
    }

    public Phase phase() {
        return phase;
    }

    public int countError() {
        return ++errors;
    }

    public int countCommandBeforeMail() {
        return ++commandsBeforeMail;
    }

    public int countAuthFailure() {
        return ++authFailures;
    }

    // ---- the mail transaction ----

    public void startTransaction(SmtpPath from, BodyType body, boolean utf8, DsnReturn ret, String envid) {
        resetTransaction();
        reversePath = from;
        bodyType = body;
        smtpUtf8 = utf8;
        dsnReturn = ret;
        dsnEnvelopeId = envid;
        commandsBeforeMail = 0;
        phase = Phase.MAIL;
    }

    public void addRecipient(AcceptedRecipient recipient) {
        recipients.add(recipient);
        phase = Phase.RCPT;
    }

    /** Ends the transaction (RSET, end of DATA, last BDAT, new EHLO); the greeting stays. */
    public void resetTransaction() {
        reversePath = null;
        bodyType = null;
        smtpUtf8 = false;
        dsnReturn = null;
        dsnEnvelopeId = null;
        recipients.clear();
        rcptCommands = 0;
        chunks = null;
        chunksTooBig = false;
        chunkingFailed = false;
        if (phase == Phase.MAIL || phase == Phase.RCPT) {
            phase = Phase.GREETED;
        }
    }

    public SmtpPath reversePath() {
        return reversePath;
    }

    public BodyType bodyType() {
        return bodyType;
    }

    public boolean smtpUtf8() {
        return smtpUtf8;
    }

    public DsnReturn dsnReturn() {
        return dsnReturn;
    }

    public String dsnEnvelopeId() {
        return dsnEnvelopeId;
    }

    /** Counts one RCPT command; returns how many this transaction has seen, this one included. */
    public int countRcptCommand() {
        return ++rcptCommands;
    }

    /** Counts one unknown recipient; returns how many this session has named. */
    public int countUnknownRecipient() {
        return ++unknownRecipients;
    }

    public List<AcceptedRecipient> recipients() {
        return List.copyOf(recipients);
    }

    public boolean hasRecipient(String address) {
        return recipients.stream().anyMatch(r -> r.recipient().address().toString().equalsIgnoreCase(address));
    }

    // ---- BDAT (RFC 3030) ----

    /** Adds a chunk; past {@code maxSize} the data is dropped and the message will be refused. */
    public void appendChunk(byte[] chunk, boolean overflow, int maxSize) {
        if (chunks == null) {
            chunks = new ChunkedBytes();
        }
        if (overflow || chunksTooBig || chunks.size() + (long) chunk.length > maxSize) {
            chunksTooBig = true;
            chunks.clear();
            return;
        }
        chunks.write(chunk, 0, chunk.length);
    }

    /** Chunks of an unfinished BDAT transaction are held. */
    public boolean chunksPending() {
        return chunks != null;
    }

    public boolean chunksTooBig() {
        return chunksTooBig;
    }

    public byte[] chunkedMessage() {
        return chunks == null ? new byte[0] : chunks.toArray();
    }

    /** A BDAT was refused: the rest of this message's chunks are read and dropped (RFC 3030 §3). */
    public void failChunking() {
        chunkingFailed = true;
        chunks = null;
    }

    public boolean chunkingFailed() {
        return chunkingFailed;
    }
}
