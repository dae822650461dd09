package dev.aperture.calls;

import dev.aperture.secrets.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where secrets occur in a text, in the forms providers and proxies quote them back: the value in any
 * letter case, URL-encoded, base64 (standard or URL-safe, padded or not, alone or inside a decoded
 * {@code user:secret} Basic credential), and cut short to a run of at least {@link #RUN} of its leading or
 * trailing characters ("sk-proj-abcd..." in an error message). The work is a few passes over the text
 * per secret, never a backtracking pattern built from a secret.
 */
final class SecretForms {

    /** Shorter values would blank unrelated words; credential patterns still catch them in context. */
    static final int MIN_EXACT = 4;
    /** Eight characters: OMDb keys are exactly eight, so a run this long may be the whole key. */
    static final int RUN = 8;
    /** Base64 of "u:" and the shortest secret scrubbed (four characters) is eight characters. */
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_-]{8,}={0,2}");
    /** Four bytes, the shortest secret scrubbed, take six base64 characters. */
    private static final int MIN_DECODED_RUN = 6;

    /** Lower-cased plain forms (value, URL-encoded) searched in the text and in decoded base64. */
    private final List<String> plain = new ArrayList<>();
    /** Lower-cased base64 forms, searched in the text only. */
    private final List<String> encoded = new ArrayList<>();
    /** What betrays a plain form in decoded base64: a short form whole, a longer one by its first or last RUN. */
    private final List<String> probes = new ArrayList<>();

    SecretForms(List<Secret> secrets) {
        Set<String> plainForms = new LinkedHashSet<>();
        Set<String> encodedForms = new LinkedHashSet<>();
        for (Secret secret : secrets) {
            String value = secret.reveal();
            if (value.length() < MIN_EXACT) {
                continue;
            }
            plainForms.add(lower(value));
            String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
            plainForms.add(lower(form));
            plainForms.add(lower(form.replace("+", "%20")));
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            String standard = Base64.getEncoder().withoutPadding().encodeToString(bytes);
            encodedForms.add(lower(standard));
            encodedForms.add(lower(standard.replace('+', '-').replace('/', '_')));
        }
        plain.addAll(plainForms);
        encoded.addAll(encodedForms);
        for (String form : plain) {
            if (form.length() < RUN) {
                probes.add(form);
            } else {
                probes.add(form.substring(0, RUN));
                probes.add(form.substring(form.length() - RUN));
            }
        }
    }

    boolean isEmpty() {
        return plain.isEmpty();
    }

    /** The text with every occurrence of a secret form replaced by {@code marker}. */
    String redact(String text, String marker) {
        if (plain.isEmpty() || text.isEmpty()) {
            return text;
        }
        String lowered = lower(text);
        BitSet hits = new BitSet(text.length());
        for (String form : plain) {
            mark(lowered, form, hits);
        }
        for (String form : encoded) {
            mark(lowered, form, hits);
        }
        markBase64Runs(text, hits);
        if (hits.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int start = hits.nextSetBit(i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start).append(marker);
            i = hits.nextClearBit(start);
        }
        return out.toString();
    }

    /** Marks the form itself and every run of at least RUN of its leading or trailing characters. */
    private static void mark(String text, String form, BitSet hits) {
        if (form.length() < RUN) {
            for (int p = text.indexOf(form); p >= 0; p = text.indexOf(form, p + 1)) {
                hits.set(p, p + form.length());
            }
            return;
        }
        String head = form.substring(0, RUN);
        for (int p = text.indexOf(head); p >= 0; p = text.indexOf(head, p + 1)) {
            int k = RUN;
            while (p + k < text.length() && k < form.length() && text.charAt(p + k) == form.charAt(k)) {
                k++;
            }
            hits.set(p, p + k);
        }
        String tail = form.substring(form.length() - RUN);
        int before = form.length() - RUN;
        for (int p = text.indexOf(tail); p >= 0; p = text.indexOf(tail, p + 1)) {
            int j = 0;
            while (p - j - 1 >= 0 && before - j - 1 >= 0 && text.charAt(p - j - 1) == form.charAt(before - j - 1)) {
                j++;
            }
            hits.set(p - j, p + RUN);
        }
    }

    /**
     * Base64 hides a secret at any alignment (a Basic header is base64 of {@code user:secret}, for any
     * user), so each run is decoded from each of its four possible starts and the decoded bytes are
     * searched for the plain forms; a run that carries one is redacted whole.
     */
    private void markBase64Runs(String text, BitSet hits) {
        Matcher m = BASE64_RUN.matcher(text);
        while (m.find()) {
            String run = m.group().replace("=", "").replace('-', '+').replace('_', '/');
            for (int offset = 0; offset < 4 && run.length() - offset >= MIN_DECODED_RUN; offset++) {
                String decoded = decode(run.substring(offset));
                if (containsPlainForm(decoded)) {
                    hits.set(m.start(), m.end());
                    break;
                }
            }
        }
    }

    private boolean containsPlainForm(String decoded) {
        if (decoded.length() < MIN_EXACT) {
            return false;
        }
        String lowered = lower(decoded);
        for (String probe : probes) {
            if (lowered.contains(probe)) {
                return true;
            }
        }
        return false;
    }

    private static String decode(String base64) {
        String whole = base64.length() % 4 == 1 ? base64.substring(0, base64.length() - 1) : base64;
        try {
            // Each byte one char: an ASCII secret reads the same whatever garbage the misaligned start decodes to.
            return new String(Base64.getDecoder().decode(whole), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException notBase64) {
            return "";
        }
    }

    /** Lower case char by char, so positions in the result are positions in the text. */
    private static String lower(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }
}
