package dev.aperture.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/** Argon2id at a given cost: OWASP's minimum (19 MiB, 2 iterations, 1 lane) in the server — fast enough for a NAS. */
final class Passwords {

    private final Argon2Function argon2;

    Passwords(PasswordCost cost) {
        this.argon2 = Argon2Function.getInstance(cost.memoryKib(), cost.iterations(), 1, 32, Argon2.ID);
    }

    String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(argon2).getResult();
    }

    boolean matches(String password, String hash) {
        try {
            return Password.check(password, hash).with(argon2);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
