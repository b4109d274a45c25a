package edu.hamburger.mail.auth.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The two signing algorithms DKIM allows today: rsa-sha256 (RFC 6376; rsa-sha1 is forbidden by
 * RFC 8301) and ed25519-sha256 (RFC 8463, which signs the SHA-256 of the header data with
 * PureEdDSA). Both come with the JDK. In DNS an RSA key is a SubjectPublicKeyInfo, an Ed25519 key
 * its bare 32 octets.
 */
public enum DkimAlgorithm {
    RSA_SHA256("rsa-sha256", "rsa"),
    ED25519_SHA256("ed25519-sha256", "ed25519");

    /** RFC 8301 §3.2: verifiers must not consider shorter RSA keys */
    public static final int MIN_RSA_BITS = 1024;
    public static final int RSA_SIGNING_BITS = 2048;

    // the DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410) before the 32 key octets
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final String tag;
    private final String keyType;

    DkimAlgorithm(String tag, String keyType) {
        this.tag = tag;
        this.keyType = keyType;
    }

    /** The a= value. */
    public String tag() {
        return tag;
    }

    /** The k= value of its key record. */
    public String keyType() {
        return keyType;
    }

    public static DkimAlgorithm ofTag(String tag) {
        for (DkimAlgorithm algorithm : values()) {
            if (algorithm.tag.equalsIgnoreCase(tag)) {
                return algorithm;
            }
        }
        return null;
    }

    public KeyPair generate() {
        try {
            if (this == RSA_SHA256) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(RSA_SIGNING_BITS);
                return generator.generateKeyPair();
            }
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers RSA and Ed25519", e);
        }
    }

    /** The p= value for DNS. */
    public byte[] dnsPublicKey(PublicKey key) {
        byte[] spki = key.getEncoded();
        return this == RSA_SHA256 ? spki : Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    /** The key a p= value names; {@link GeneralSecurityException} if it is none of this algorithm. */
    public PublicKey publicKeyFromDns(byte[] p) throws GeneralSecurityException {
        if (this == RSA_SHA256) {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(p));
            if (((RSAPublicKey) key).getModulus().bitLength() < MIN_RSA_BITS) {
                throw new GeneralSecurityException("RSA key shorter than " + MIN_RSA_BITS + " bits");
            }
            return key;
        }
        if (p.length != 32) {
            throw new GeneralSecurityException("an Ed25519 key is 32 octets, not " + p.length);
        }
        byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
        System.arraycopy(p, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    public PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        return KeyFactory.getInstance(this == RSA_SHA256 ? "RSA" : "Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    public byte[] sign(PrivateKey key, byte[] headerData) {
        try {
            Signature signature = signature();
            signature.initSign(key);
            signature.update(input(headerData));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with a " + tag + " key failed", e);
        }
    }

    public boolean verify(PublicKey key, byte[] headerData, byte[] signed) {
        try {
            Signature signature = signature();
            signature.initVerify(key);
            signature.update(input(headerData));
            return signature.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private Signature signature() throws GeneralSecurityException {
        return Signature.getInstance(this == RSA_SHA256 ? "SHA256withRSA" : "Ed25519");
    }

    /** RSA hashes the header data itself; Ed25519 signs its SHA-256 (RFC 8463 §3). */
    private byte[] input(byte[] headerData) {
        return this == RSA_SHA256 ? headerData : sha256().digest(headerData);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
