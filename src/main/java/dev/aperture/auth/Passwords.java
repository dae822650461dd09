package dev.aperture.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/** Argon2id with OWASP's minimum parameters (19 MiB, 2 iterations, 1 lane) — fast enough for a NAS. */
final class Passwords {

    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);

    private Passwords() {}

    static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    static boolean matches(String password, String hash) {
        try {
            return Password.check(password, hash).with(ARGON2);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
