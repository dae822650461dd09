package dev.aperture.reliability;

import dev.aperture.calls.Answer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Seeded provider responses, from plausible to absurd: every status, the headers the classifiers
 * read (with impossible values), provider error bodies with wrong types, HTML, truncated and deeply
 * nested JSON, binary, bodies of megabytes, and transport failures. Same seed, same sequence.
 */
final class RandomAnswers {

    static final int[] STATUSES = {0, 1, 100, 199, 200, 201, 204, 206, 299, 300, 301, 302, 304, 307, 308, 399, 400,
            401, 402, 403, 404, 405, 408, 409, 410, 413, 418, 420, 422, 423, 426, 429, 451, 499, 500, 501, 502, 503,
            504, 505, 520, 521, 522, 523, 524, 530, 599, 600, 999, -1, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8", "text/html",
            "text/html; charset=UTF-8", "text/plain", "", "application/octet-stream", "APPLICATION/JSON", ";;;",
            "application/problem+json", "image/png"};
    private static final String[] RETRY_AFTER = {"0", "1", "30", "-1", "-99999999999", "99999999999999999999999",
            "9223372036854775807", "1e309", "NaN", "Infinity", "", " ", "garbage", "Fri, 31 Dec 9999 23:59:59 GMT",
            "Thu, 01 Jan 1970 00:00:00 GMT", "Mon, 32 Foo 2026 25:61:61 GMT", "0.5", "3600.0001", "\u0000"};
    private static final String[] DURATIONS = {"12ms", "6m0s", "18.642s", "1h2m3s4ms", "-5s", "99999999999h", "ms",
            "1e9s", "", "abc", "0", "1d", "1.2.3s"};
    private static final String[] WORDS = {"Invalid API key", "Request limit reached!", "Movie not found!",
            "invalid_grant", "insufficient_quota", "rate_limit_exceeded", "model_not_found", "Daily API limit exceeded!",
            "You do not have permission to access this endpoint", "cookie 'connect.sid' required", "User not found.",
            "sk-proj-***SJh4", "Error", "null", "", "💥", "\u202e", "<script>", "'; DROP TABLE alerts; --"};
    private static final String[] CODES = {"7", "10", "25", "34", "46", "invalid_api_key", "insufficient_quota",
            "rate_limit_exceeded", "billing_hard_limit_reached", "model_not_found", "server_error", "cf_bad_gateway",
            "unsupported_country_region_territory", "invalid_client", "invalid_grant"};

    /** One shared multi-megabyte body: bodies that big are rare, and building one per answer would be the test's cost. */
    private static final String HUGE = "{\"results\":[" + "{\"id\":1,\"title\":\"x\"},".repeat(200_000) + "{}]}";
    private static final String HUGE_CUT = HUGE.substring(0, HUGE.length() * 2 / 3);

    private final Random random;

    RandomAnswers(long seed) {
        this.random = new Random(seed);
    }

    Answer next() {
        int roll = random.nextInt(100);
        if (roll < 6) {
            return new Answer.TransportFailure(transportFailure());
        }
        int status = random.nextInt(4) == 0 ? random.nextInt(1000) : pick(STATUSES);
        return new Answer.Reply(status, headers(), body(), random.nextInt(20) == 0);
    }

    private Throwable transportFailure() {
        return switch (random.nextInt(10)) {
            case 0 -> new ConnectException();
            case 1 -> (Throwable) new ConnectException(null).initCause(new UnresolvedAddressException());
            case 2 -> new HttpConnectTimeoutException("connect timed out");
            case 3 -> new HttpTimeoutException("request timed out");
            case 4 -> new SSLHandshakeException("PKIX path building failed");
            case 5 -> new SSLException("Unsupported or unrecognized SSL message");
            case 6 -> new IOException((String) null);
            case 7 -> new IOException("Connection reset");
            case 8 -> new IllegalStateException(word());
            default -> new RuntimeException((String) null, new Error("weird"));
        };
    }

    private Map<String, List<String>> headers() {
        Map<String, List<String>> h = new TreeMap<>();
        if (random.nextInt(10) > 0) {
            h.put("content-type", List.of(pick(CONTENT_TYPES)));
        }
        maybe(h, "retry-after", pick(RETRY_AFTER));
        maybe(h, "retry-after-ms", pick(RETRY_AFTER));
        maybe(h, "x-should-retry", random.nextBoolean() ? "true" : word());
        maybe(h, "x-ratelimit-limit", pick(RETRY_AFTER));
        maybe(h, "x-ratelimit-remaining", pick(RETRY_AFTER));
        maybe(h, "x-ratelimit-reset", pick(RETRY_AFTER));
        maybe(h, "x-ratelimit-limit-requests", pick(RETRY_AFTER));
        maybe(h, "x-ratelimit-remaining-requests", pick(RETRY_AFTER));
        maybe(h, "x-ratelimit-reset-requests", pick(DURATIONS));
        maybe(h, "x-ratelimit-reset-tokens", pick(DURATIONS));
        maybe(h, "x-ratelimit", random.nextBoolean()
                ? "{\"name\":\"UNAUTHED_API_GET_LIMIT\",\"period\":300,\"limit\":1000,\"remaining\":0,\"until\":\""
                        + pick(RETRY_AFTER) + "\"}"
                : truncate(json(3)));
        maybe(h, "www-authenticate", "Bearer realm=\"trakt\", error=\"" + word() + "\", error_description=\"" + word());
        maybe(h, "server", random.nextBoolean() ? "cloudflare" : "CloudFront");
        maybe(h, "cf-ray", Long.toHexString(random.nextLong()) + "-FRA");
        maybe(h, "location", random.nextBoolean() ? "/login" : "ht!tp://[::1:bad/" + word());
        if (random.nextInt(50) == 0) {
            h.put("x-many", java.util.Collections.nCopies(1_000, word()));
        }
        return h;
    }

    private void maybe(Map<String, List<String>> h, String name, String value) {
        if (random.nextInt(8) == 0) {
            h.put(name, new ArrayList<>(List.of(value)));
        }
    }

    private String body() {
        return switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> providerError();
            case 2, 3 -> providerError() + (random.nextBoolean() ? "" : " ");
            case 4 -> truncate(providerError());
            case 5 -> "<!DOCTYPE html><html><head><title>" + word() + "</title></head><body>" + pick(new String[] {
                    "Error 1015 You are being rate limited", "Sorry, you have been blocked", "520: Web server is "
                    + "returning an unknown error", "502 Bad Gateway", "Sign in", word()}) + "</body></html>";
            case 6 -> nested();
            case 7 -> binary();
            case 8 -> random.nextInt(100) == 0 ? (random.nextBoolean() ? HUGE : HUGE_CUT) : json(4);
            case 9 -> truncate(json(5));
            case 10 -> word().repeat(1 + random.nextInt(2_000));
            default -> json(2);
        };
    }

    private String providerError() {
        return switch (random.nextInt(6)) {
            case 0 -> "{\"status_code\":" + value() + ",\"status_message\":" + value() + ",\"success\":" + value() + "}";
            case 1 -> "{\"Response\":" + value() + ",\"Error\":" + value() + "}";
            case 2 -> "{\"error\":{\"message\":" + value() + ",\"type\":" + value() + ",\"param\":null,\"code\":"
                    + (random.nextBoolean() ? "\"" + pick(CODES) + "\"" : value()) + "}}";
            case 3 -> "{\"error\":" + value() + ",\"error_description\":" + value() + "}";
            case 4 -> "{\"status\":" + value() + ",\"error\":" + value() + ",\"message\":" + value() + "}";
            default -> "{\"Items\":" + value() + ",\"TotalRecordCount\":" + value() + ",\"api_requests\":" + value()
                    + ",\"api_requests_count\":" + value() + ",\"Version\":" + value() + "}";
        };
    }

    private String value() {
        return switch (random.nextInt(9)) {
            case 0 -> "null";
            case 1 -> Integer.toString(random.nextInt());
            case 2 -> "99999999999999999999999999";
            case 3 -> "\"" + word().replace("\"", "") + "\"";
            case 4 -> "\"" + pick(CODES) + "\"";
            case 5 -> random.nextBoolean() ? "true" : "false";
            case 6 -> "[" + value() + "]";
            case 7 -> "{\"" + word().replace("\"", "") + "\":" + value() + "}";
            default -> "1.5e308";
        };
    }

    private String json(int depth) {
        if (depth == 0) {
            return value();
        }
        StringBuilder b = new StringBuilder("{");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(json(depth - 1));
        }
        return b.append('}').toString();
    }

    private String nested() {
        int depth = 1 + random.nextInt(random.nextBoolean() ? 1_500 : 20_000);
        return random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                : "{\"error\":".repeat(depth) + "1" + "}".repeat(random.nextInt(depth + 1));
    }

    private String binary() {
        byte[] bytes = new byte[random.nextInt(4_096)];
        random.nextBytes(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private String truncate(String s) {
        return s.isEmpty() ? s : s.substring(0, random.nextInt(s.length()));
    }

    private String word() {
        return pick(WORDS);
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private int pick(int[] values) {
        return values[random.nextInt(values.length)];
    }
}
