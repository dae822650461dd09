package dev.aperture.store;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Opaque ids: 20 characters of base32 — 10 of time, 4 of a per-process sequence, 6 random — so ids
 * made later by one process always sort after earlier ones, even within the same millisecond (an
 * outbox read "ORDER BY created_at, id" then keeps the order events happened in).
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final java.util.concurrent.atomic.AtomicInteger SEQUENCE = new java.util.concurrent.atomic.AtomicInteger();

    private Ids() {}

    /** A new id whose time part is {@code at} (the caller's clock, so ids follow the time the app sees). */
    public static String next(Instant at) {
        long time = at.toEpochMilli();
        char[] out = new char[20];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        int seq = SEQUENCE.getAndIncrement();
        for (int i = 13; i >= 10; i--) {
            out[i] = ALPHABET[seq & 31];
            seq >>>= 5;
        }
        for (int i = 14; i < 20; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(32)];
        }
        return new String(out);
    }

    /** A random token for sessions, CSRF and API tokens (160 bits). */
    public static String token() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
