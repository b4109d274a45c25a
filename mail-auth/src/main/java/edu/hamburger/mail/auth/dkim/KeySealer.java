package edu.hamburger.mail.auth.dkim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * DKIM private keys at rest: AES-256-GCM under the deployment's key-encryption key
 * ({@code mail.dkim.key-encryption-key}, 32 random octets in base64), bound to the domain and
 * selector they belong to so a sealed key copied to another row does not open. mailbox-service
 * seals when it makes a key; the relay unseals when it signs. The database alone never holds a
 * usable private key.
 */
public final class KeySealer {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public KeySealer(String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mail.dkim.key-encryption-key is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("mail.dkim.key-encryption-key must be 32 octets (base64 of `head -c 32 /dev/urandom`), not " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** nonce ‖ ciphertext ‖ tag */
    public byte[] seal(byte[] privateKey, String domain, String selector) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(binding(domain, selector));
            byte[] sealed = cipher.doFinal(privateKey);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** @throws GeneralSecurityException if the key-encryption key or the binding is not the one it was sealed with */
    public byte[] unseal(byte[] sealed, String domain, String selector) throws GeneralSecurityException {
        if (sealed.length <= NONCE_BYTES) {
            throw new GeneralSecurityException("sealed key too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
        cipher.updateAAD(binding(domain, selector));
        return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    }

    private static byte[] binding(String domain, String selector) {
        return ("dkim:" + domain + "/" + selector).getBytes(StandardCharsets.UTF_8);
    }
}
