package dev.aperture.calls;

import dev.aperture.secrets.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Removes credentials from everything recorded about a call (keys travel in query
 * parameters such as {@code api_key}, {@code apikey} and {@code key}, and in headers such as {@code Authorization},
 * {@code X-Api-Key}, {@code X-Emby-Token} and {@code trakt-api-key}). */
public final class Sanitizer {

    public static final String REDACTED = "[REDACTED]";
    /** Enough of a body to see what the provider said; error bodies are short, HTML pages are not. */
    public static final int EXCERPT_CHARS = 2000;
    /**
     * Scrubbing is a few passes per secret; a response body can be megabytes, and no caller keeps more than
     * a few thousand characters of what it scrubs, so longer text is cut here first.
     */
    public static final int MAX_SCRUB_CHARS = 64 * 1024;

    private static final Set<String> SECRET_PARAMS = Set.of("api_key", "apikey", "session_id", "guest_session_id",
            "access_token", "refresh_token", "client_secret", "code", "token", "key", "password");
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-api-key", "x-emby-token",
            "trakt-api-key", "x-api-user", "cookie", "set-cookie", "openai-organization", "openai-project",
            "x-emby-authorization", "proxy-authorization");
    private static final Pattern JSON_SECRET = Pattern.compile(
            "(\"(?:client_secret|refresh_token|access_token|api_key|apikey|apiKey|token|password|device_code)\"\\s*:\\s*\")([^\"]*)(\")",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FORM_SECRET = Pattern.compile(
            "((?:^|[?&\\s])(?:client_secret|refresh_token|access_token|api_key|apikey|token|password)=)([^&\\s\"]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BEARER = Pattern.compile("((?:Bearer|MediaBrowser Token=\"?)\\s*)([A-Za-z0-9._~+/=-]{6,})",
            Pattern.CASE_INSENSITIVE);
    // OpenAI echoes key fragments such as "sk-proj-***SJh4" in its error messages.
    private static final Pattern OPENAI_KEY = Pattern.compile("sk-[A-Za-z0-9_*-]{3,}");

    private Sanitizer() {}

    public static RequestDetails details(CallRequest request, Answer answer, Duration duration) {
        Integer status = answer instanceof Answer.Reply r ? r.status() : null;
        String excerpt = answer instanceof Answer.Reply r ? excerpt(r.body(), request.secrets()) : "";
        return new RequestDetails(request.method(), url(request.uri(), request.secrets()),
                headers(request.headers()), status, excerpt, duration.toMillis());
    }

    public static String url(URI uri, List<Secret> secrets) {
        String query = uri.getRawQuery();
        StringBuilder out = new StringBuilder();
        out.append(uri.getScheme() == null ? "" : uri.getScheme() + "://");
        out.append(uri.getRawAuthority() == null ? "" : stripUserInfo(uri.getRawAuthority()));
        out.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (query != null && !query.isEmpty()) {
            StringBuilder q = new StringBuilder();
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                if (SECRET_PARAMS.contains(name.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                q.append(q.length() == 0 ? "" : "&").append(pair);
            }
            if (q.length() > 0) {
                out.append('?').append(q);
            }
        }
        return scrub(out.toString(), secrets);
    }

    public static Map<String, String> headers(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, value) -> out.put(name,
                SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? REDACTED : value));
        return out;
    }

    public static String excerpt(String body, List<Secret> secrets) {
        String cut = body.length() > EXCERPT_CHARS * 4 ? body.substring(0, EXCERPT_CHARS * 4) : body;
        String clean = scrub(cut, secrets);
        return clean.length() > EXCERPT_CHARS ? clean.substring(0, EXCERPT_CHARS) + "…" : clean;
    }

    /** Scrubs known secret values and anything shaped like a credential from free text. */
    public static String scrub(String text, List<Secret> secrets) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        // OpenAI's masked echo first: the key's own "sk-proj-" head would otherwise be blanked alone,
        // leaving "****…SJh4" that no longer looks like a key.
        String out = replace(OPENAI_KEY, bounded(text), m -> "sk-" + REDACTED);
        out = secretForms(out, secrets, REDACTED);
        out = replace(JSON_SECRET, out, m -> m.group(1) + REDACTED + m.group(3));
        out = replace(FORM_SECRET, out, m -> m.group(1) + REDACTED);
        out = replace(BEARER, out, m -> m.group(1) + REDACTED);
        return out;
    }

    /**
     * The text with each secret blanked by {@code marker} in every form a receiver may quote it in: any
     * letter case, URL-encoded, base64 (also inside a Basic {@code user:secret}), and runs of at least eight
     * of its leading or trailing characters. Text beyond {@link #MAX_SCRUB_CHARS} is cut off first.
     */
    public static String secretForms(String text, List<Secret> secrets, String marker) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        return new SecretForms(secrets).redact(bounded(text), marker);
    }

    private static String bounded(String text) {
        return text.length() > MAX_SCRUB_CHARS ? text.substring(0, MAX_SCRUB_CHARS) + "…" : text;
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> f) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String stripUserInfo(String authority) {
        int at = authority.lastIndexOf('@');
        return at < 0 ? authority : authority.substring(at + 1);
    }
}
