package dev.aperture.integrations.trakt;

import dev.aperture.calls.Answer;
import java.util.List;
import java.util.Locale;

/**
 * Whether a 403 is Cloudflare's block or challenge page rather than Trakt's own answer. Every Trakt answer
 * passes through Cloudflare and carries its {@code Server} and {@code CF-RAY} headers, so only what Cloudflare
 * writes itself counts: the marks of its block page, its error 1020 page ("Access denied | … used Cloudflare to restrict access"), and the
 * {@code cf-mitigated: challenge} header it sets on a challenge.
 */
final class TraktBlockPage {

    private static final List<String> MARKS = List.of("sorry, you have been blocked", "attention required! | cloudflare",
            "used cloudflare to restrict access", "cf-error-details", "cloudflare ray id", "just a moment...");
    // The marks sit in the page's first few kilobytes; a block page is about 5 KB.
    private static final int SCAN = 16 * 1024;

    private TraktBlockPage() {}

    static boolean isBlock(Answer.Reply reply) {
        if (reply.header("cf-mitigated").map(v -> v.toLowerCase(Locale.ROOT).contains("challenge")).orElse(false)) {
            return true;
        }
        String body = reply.body();
        String head = body.substring(0, Math.min(body.length(), SCAN)).toLowerCase(Locale.ROOT);
        return MARKS.stream().anyMatch(head::contains);
    }
}
