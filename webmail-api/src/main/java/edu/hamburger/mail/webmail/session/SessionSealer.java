package edu.hamburger.mail.webmail.session;

import edu.hamburger.mail.webmail.WebmailSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Seals a {@link WebSession} into an opaque token (AES-256-GCM: encrypted and authenticated, so
 * the holder can neither read nor change a field) and opens it again. What a session is allowed
 * is decided by mailbox-service, which keeps it; the seal only stops forged or altered tokens
 * before they cost a lookup.
 */
@ApplicationScoped
public class SessionSealer {

    private static final Logger LOG = Logger.getLogger(SessionSealer.class);
    /** 2: the session names its server-side record instead of carrying a password (1). */
    private static final int VERSION = 2;
    private static final int NONCE_BYTES = 12;
    /** A token longer than this is not one of ours; refused before any decryption. */
    static final int MAX_TOKEN_CHARS = 2048;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    public SessionSealer(WebmailSettings settings) {
        this.key = new SecretKeySpec(keyBytes(settings.sessionKey()), "AES");
    }

    private byte[] keyBytes(Optional<String> configured) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            byte[] bytes = Base64.getDecoder().decode(configured.get().trim());
            if (bytes.length != 32) {
                throw new IllegalArgumentException("mail.webmail.session-key must be base64 of 32 bytes, not " + bytes.length);
            }
            return bytes;
        }
        LOG.warn("mail.webmail.session-key is not set: sessions are sealed with a random key and end when this process does;"
                + " set MAIL_WEBMAIL_SESSION_KEY (the same on every replica)");
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A fresh session for an account: new id and CSRF token. */
    public WebSession open(long accountId, String address, String serverKey, Instant expiresAt, boolean bearer) {
        return new WebSession(randomHex(16), accountId, address, serverKey, randomHex(16), expiresAt, bearer);
    }

    public String seal(WebSession session) {
        try {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(plain);
            out.writeByte(VERSION);
            out.writeUTF(session.id());
            out.writeLong(session.accountId());
            out.writeUTF(session.address());
            out.writeUTF(session.serverKey());
            out.writeUTF(session.csrfToken());
            out.writeLong(session.expiresAt().getEpochSecond());
            out.writeBoolean(session.bearer());
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.toByteArray());
            byte[] token = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, token, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, token, NONCE_BYTES, sealed.length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not seal a session", e);
        }
    }

    /** The session in a token, or empty when the token is not one this key sealed (or was altered). */
    public Optional<WebSession> unseal(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            if (bytes.length <= NONCE_BYTES + 16) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, NONCE_BYTES));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain));
            if (in.readByte() != VERSION) {
                return Optional.empty();
            }
            return Optional.of(new WebSession(in.readUTF(), in.readLong(), in.readUTF(), in.readUTF(), in.readUTF(),
                    Instant.ofEpochSecond(in.readLong()), in.readBoolean()));
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
