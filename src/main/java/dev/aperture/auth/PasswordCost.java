package dev.aperture.auth;

/**
 * How much work one Argon2id evaluation takes. The server always hashes with {@link #OWASP_MINIMUM}: nothing in
 * the environment sets this. Tests, which start the application hundreds of times and log in each time, hand a
 * cheaper one to the composition root; the hashing and checking code is the same.
 */
public record PasswordCost(int memoryKib, int iterations) {

    /** OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane. */
    public static final PasswordCost OWASP_MINIMUM = new PasswordCost(19_456, 2);

    public PasswordCost {
        // Argon2 needs at least 8 KiB per lane and one pass.
        if (memoryKib < 8 || iterations < 1) {
            throw new IllegalArgumentException("Argon2 needs at least 8 KiB and 1 iteration, not " + memoryKib
                    + " KiB and " + iterations);
        }
    }
}
