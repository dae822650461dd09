package dev.aperture.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.aperture.calls.Answer;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.Transport;
import dev.aperture.integrations.mdblist.MdblistIntegration;
import dev.aperture.integrations.omdb.OmdbIntegration;
import dev.aperture.integrations.tmdb.TmdbIntegration;
import dev.aperture.integrations.trakt.TraktIntegration;
import dev.aperture.secrets.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever comes back, a classifier answers an outcome: it never throws and never leaves a failure unexplained. */
class ClassifierRobustnessTest {

    private static final String KEY = "sekr1t-key-0000000000000000";
    private static final Instant NOW = Instant.parse("2026-03-14T15:09:26Z");
    private static final int[] STATUSES = {100, 200, 204, 301, 304, 400, 401, 402, 403, 404, 405, 408, 409, 418, 420,
            422, 423, 426, 429, 451, 500, 501, 502, 503, 504, 520, 521, 522, 523, 524, 599, 999};
    private static final String[] BODIES = {"", " ", "null", "[]", "{}", "\"text\"", "{\"status_code\":\"seven\"}",
            "{\"status_code\":99999999999}", "{\"status_code\":{}}", "{\"Response\":\"False\",\"Error\":null}",
            "{\"Response\":\"False\",\"Error\":[\"Invalid API key!\"]}", "{\"error\":\"\"}",
            "{\"Response\":\"False\",\"Error\":\" \"}", "{\"error\":123}",
            "{\"error\":\"invalid_grant\"", "[".repeat(1000) + "]".repeat(1000), "{\"a\":" + "{\"a\":".repeat(1000),
            "\u0000\u0001\ufffd\ufffd binary", "<!DOCTYPE html><html>" + "x".repeat(20_000) + "</html>",
            "{\"Error\":\"" + "Request limit reached! ".repeat(1_000) + "\",\"Response\":\"False\"}"};
    private static final String[] TYPES = {"application/json", "text/html", "text/plain", ""};

    static Stream<Integration> integrations() {
        return Stream.of(new TmdbIntegration(), new OmdbIntegration(), new TraktIntegration(), new MdblistIntegration());
    }

    private static List<CallRequest> requests(Integration integration) {
        Settings settings = Settings.empty().with(Field.BASE_URL, "http://127.0.0.1:9")
                .with(Field.CLIENT_ID, "client-id-0000").withSecret(Field.API_KEY, Secret.of(KEY))
                .withSecret(Field.CLIENT_SECRET, Secret.of(KEY));
        CallRequest probe = integration.probe(settings);
        return List.of(probe,
                CallRequest.get(integration.id(), java.net.URI.create("http://127.0.0.1:9/lists/1/items")).build(),
                CallRequest.get(integration.id(), java.net.URI.create("http://127.0.0.1:9")).build(),
                probe.withSubject("subject"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("integrations")
    void every_reply_gets_an_outcome_and_every_failure_an_explanation(Integration integration) {
        List<Answer> answers = new ArrayList<>();
        for (int status : STATUSES) {
            for (String body : BODIES) {
                for (String type : TYPES) {
                    answers.add(Answer.Reply.of(status, body, "Content-Type", type, "Retry-After", "garbage",
                            "X-Ratelimit", "{\"until\":\"not a date\"}", "X-RateLimit-Reset", "-1",
                            "WWW-Authenticate", "Bearer error="));
                }
            }
        }
        answers.add(new Answer.Reply(429, null, null, true));
        answers.add(new Answer.TransportFailure(new ConnectException()));
        answers.add(new Answer.TransportFailure(new IOException((String) null)));
        for (CallRequest request : requests(integration)) {
            for (Answer answer : answers) {
                assertThatCode(() -> {
                    // Transport failures never reach a classifier: the pipeline classifies them, once, for all services.
                    Outcome outcome = answer instanceof Answer.Reply reply
                            ? integration.classifier().classify(request, reply, NOW)
                            : Transport.classify(integration.id(), ((Answer.TransportFailure) answer).cause(),
                                    integration.selfHosted());
                    assertThat(outcome).isNotNull();
                    if (outcome instanceof Outcome.Failure f) {
                        assertThat(f.message()).isNotBlank().doesNotContain(KEY);
                        assertThat(f.action()).isNotBlank().doesNotContain(KEY);
                        assertThat(f.code()).isNotBlank().doesNotContain(KEY).hasSizeLessThan(250);
                        assertThat(f.message()).hasSizeLessThan(1000);
                    }
                }).as("%s %s", request.uri().getPath(), answer).doesNotThrowAnyException();
            }
        }
    }
}
