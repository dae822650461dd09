package dev.aperture.secrets;

import org.jdbi.v3.core.Jdbi;

/**
 * Proves at start-up that this process's secret key is the one the database's secrets were sealed with.
 * With several instances on one database, a second one started without {@code APERTURE_SECRET_KEY}
 * would create a key file of its own and seal new settings that no other instance can open.
 */
public final class KeyCheck {

    private static final String KNOWN = "aperture-secret-key-check";

    private KeyCheck() {}

    /** Seals the known text on first use; afterwards fails with a configuration error when it does not open. */
    public static void verify(Jdbi jdbi, SecretBox box) {
        String sealed = jdbi.withHandle(h -> {
            h.createUpdate("INSERT INTO secret_key_check (id, sealed) VALUES (1, :s) ON CONFLICT (id) DO NOTHING")
                    .bind("s", box.seal(Secret.of(KNOWN))).execute();
            return h.createQuery("SELECT sealed FROM secret_key_check WHERE id = 1").mapTo(String.class).one();
        });
        boolean opens;
        try {
            opens = box.open(sealed).reveal().equals(KNOWN);
        } catch (IllegalStateException e) {
            opens = false;
        }
        if (!opens) {
            throw new IllegalArgumentException("APERTURE_SECRET_KEY does not open the secrets stored in this database. "
                    + "Every instance sharing a database needs the same APERTURE_SECRET_KEY (README, \"Running several "
                    + "instances\"); a single instance needs the key, or the data dir's secret.key, it started with.");
        }
    }
}
