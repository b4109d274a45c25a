package edu.hamburger.mail.core.smtp;

import java.security.SecureRandom;

/**
 * Queue ids: 20 characters of Crockford base32, the first 10 from the millisecond clock so ids
 * sort by acceptance time (handy in logs and Kafka keys), the last 10 random (50 bits), so two
 * gateways never collide in practice.
 */
public final class QueueId {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private QueueId() {
    }

    public static String next() {
        char[] id = new char[20];
        long time = System.currentTimeMillis();
        for (int i = 9; i >= 0; i--) {
            id[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        long random = RANDOM.nextLong();
        for (int i = 19; i >= 10; i--) {
            id[i] = ALPHABET[(int) (random & 31)];
            random >>>= 5;
        }
        return new String(id);
    }
}
