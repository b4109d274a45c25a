package edu.hamburger.mail.auth.dkim;

import edu.hamburger.mail.core.message.HeaderSection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Adds this server's ARC set to a message it forwards (RFC 8617 §5.1): an
 * ARC-Authentication-Results with what the MX found, an ARC-Message-Signature over the message as
 * it leaves (DKIM's relaxed signature, the same header list as {@link DkimSigner}) and an ARC-Seal
 * over all sets, whose cv= carries the chain's state as it arrived. A chain that arrived failed
 * is not extended (a later hop could only say fail again), nor one at the 50-set limit. rsa-sha256
 * only: ed25519 is not defined for ARC. Stateless and thread-safe.
 */
public final class ArcSealer {

    /**
     * @param arrived   the chain as {@link ArcVerifier} found it on arrival
     * @param authservId this deployment's authserv-id
     * @param results   the Authentication-Results resinfo of the MX, e.g. {@code spf=pass smtp.mailfrom=x; dkim=pass header.d=y}
     * @param key       an rsa-sha256 key of the forwarding domain, published like a DKIM key
     * @return the message with the new set in front, or unchanged when the chain may not be extended
     */
    public byte[] seal(byte[] message, ArcVerifier.ArcResult arrived, String authservId, String results, DkimSigner.SigningKey key,
                       Instant now) {
        if (key.algorithm() != DkimAlgorithm.RSA_SHA256) {
            throw new IllegalArgumentException("ARC seals with rsa-sha256 only");
        }
        if (arrived.result() == ArcVerifier.ArcResult.Result.FAIL || arrived.instances() >= ArcVerifier.MAX_INSTANCES) {
            return message;
        }
        int instance = arrived.instances() + 1;
        HeaderSection header = HeaderSection.parse(message, 0, message.length);
        String domain = key.domain().toLowerCase(Locale.ROOT);
        String aar = "ARC-Authentication-Results: i=" + instance + "; " + authservId + "; " + results.strip() + "\r\n";

        MessageDigest body = DkimAlgorithm.sha256();
        Canonicalization.RELAXED.body(message, header.bodyStart(), message.length, body, -1);
        List<String> names = new ArrayList<>(DkimSigner.signedNames(header));
        header.fields().stream().filter(f -> f.is("DKIM-Signature")).forEach(f -> names.add("dkim-signature"));
        String amsUnsigned = DkimSigner.fold(new StringBuilder("ARC-Message-Signature: i=").append(instance)
                .append("; a=rsa-sha256; c=relaxed/relaxed; d=").append(domain).append("; s=").append(key.selector()).append(";"),
                List.of("t=" + now.getEpochSecond() + ";", "h=" + String.join(":", names) + ";",
                        "bh=" + Base64.getEncoder().encodeToString(body.digest()) + ";", "b="));
        byte[] amsData = DkimSigner.headerData(message, header, names, amsUnsigned, Canonicalization.RELAXED);
        String ams = signed(amsUnsigned, key, amsData);

        String sealUnsigned = DkimSigner.fold(new StringBuilder("ARC-Seal: i=").append(instance).append("; a=rsa-sha256;"),
                List.of("t=" + now.getEpochSecond() + ";", "cv=" + (instance == 1 ? "none" : "pass") + ";",
                        "d=" + domain + ";", "s=" + key.selector() + ";", "b="));
        ArcSets arrivedSets = ArcSets.of(header);
        StringBuilder sealData = new StringBuilder(arrivedSets.sealedData(message, instance - 1));
        if (instance > 1) { // the previous seal, which sealedData(instance - 1) leaves to its own signer
            sealData.append(ArcSets.relaxed(message, arrivedSets.seals().get(instance - 1)));
        }
        sealData.append(Canonicalization.RELAXED.header(aar)).append(Canonicalization.RELAXED.header(ams));
        String ownSeal = Canonicalization.RELAXED.header(sealUnsigned + "\r\n");
        sealData.append(ownSeal, 0, ownSeal.length() - 2);
        String seal = signed(sealUnsigned, key, sealData.toString().getBytes(StandardCharsets.ISO_8859_1));

        ByteArrayOutputStream sealed = new ByteArrayOutputStream(message.length + 2048);
        sealed.writeBytes((seal + ams + aar).getBytes(StandardCharsets.ISO_8859_1));
        sealed.writeBytes(message);
        return sealed.toByteArray();
    }

    private static String signed(String unsigned, DkimSigner.SigningKey key, byte[] data) {
        String b = Base64.getEncoder().encodeToString(key.algorithm().sign(key.key(), data));
        return unsigned + DkimSigner.foldValue(b, unsigned.length() - unsigned.lastIndexOf('\n') - 1) + "\r\n";
    }
}
