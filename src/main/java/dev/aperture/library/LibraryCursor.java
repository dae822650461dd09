package dev.aperture.library;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of the library ended: the last item's title and id (the sort key), so the next page
 * starts after it even when items are added or removed in between. Opaque to clients (base64url).
 */
public record LibraryCursor(String title, String id) {

    /** Split at the last one: a title may hold a NUL, the id (generated here) never does. */
    private static final char SEPARATOR = '\u0000';
    /** A title of a few hundred characters plus an id, base64-encoded; anything longer was not issued here. */
    private static final int MAX_LENGTH = 8192;

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((title + SEPARATOR + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor, or empty when the text is not one {@link #encode} could have produced. */
    public static Optional<LibraryCursor> decode(String text) {
        if (text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int sep = raw.lastIndexOf(SEPARATOR);
            if (sep < 0 || sep == raw.length() - 1) {
                return Optional.empty();
            }
            return Optional.of(new LibraryCursor(raw.substring(0, sep), raw.substring(sep + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
