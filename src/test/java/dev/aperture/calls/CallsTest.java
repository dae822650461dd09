package dev.aperture.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.secrets.Secret;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.MutableClock;
import dev.aperture.testing.PipelineFixture;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's own stages, with a classifier that only notes what it was shown: what every service
 * shares is decided before a classifier, a failure's record comes back on the result, and every call,
 * sent or not, is seen by the observers exactly once.
 */
class CallsTest {

    private static final Instant NOW = Instant.parse("2026-03-14T15:09:26Z");

    private final FakeServer server = new FakeServer();
    private final MutableClock clock = new MutableClock(NOW);
    private final List<Answer.Reply> shown = new CopyOnWriteArrayList<>();
    private final List<Occurrence> recorded = new CopyOnWriteArrayList<>();
    private final List<CallObserver.Finished> observed = new CopyOnWriteArrayList<>();
    private final List<String> permitsDone = new CopyOnWriteArrayList<>();

    /** Answers every reply as an authentication failure that quotes the body back, as providers do. */
    private final Classifier quoting = (request, reply, now) -> {
        shown.add(reply);
        return reply.status() < 300 ? new Outcome.Success(reply.status())
                : new Outcome.Failure(ErrorType.AUTHENTICATION, "denied", reply.status(),
                        "rejected: " + reply.body(), "check the key");
    };

    @AfterEach
    void stop() {
        server.close();
    }

    private Calls calls(ServiceId service, boolean selfHosted, Pacing pacing) {
        return new Calls(Map.of(service, quoting), Map.of(service, selfHosted),
                new HttpWire(Duration.ofSeconds(2), Duration.ofSeconds(2), 1 << 20), pacing,
                o -> {
                    recorded.add(o);
                    return Optional.of(new Recorded("alert-" + recorded.size(), "error-" + recorded.size()));
                }, observed::add, clock, List::of);
    }

    private CallRequest get(ServiceId service, String path, Secret key) {
        return CallRequest.get(service, URI.create(server.baseUrl() + path)).header("X-Api-Key", key.reveal())
                .secret(key).build();
    }

    /** A pacing stage that admits every call and notes what each permit was handed. */
    private Pacing noting() {
        return (request, context) -> new Pacing.Permit() {
            @Override
            public Pacing.Held held() {
                return new Pacing.Held(Duration.ZERO, Duration.ofMillis(25));
            }

            @Override
            public void done(Answer answer, Outcome outcome) {
                permitsDone.add(request.uri().getPath() + " " + outcome.getClass().getSimpleName());
            }
        };
    }

    @Test
    void a_failure_comes_back_with_the_alert_and_error_record_it_was_counted_on() {
        server.answer(Response.json(401, "{\"message\":\"bad key\"}"));
        Calls calls = calls(ServiceId.TMDB, false, noting());

        CallResult result = calls.call(get(ServiceId.TMDB, "/3/movie/1", Secret.of("k-secret-1")),
                CallContext.job("run-1"));

        assertThat(result.recorded()).contains(new Recorded("alert-1", "error-1"));
        assertThat(result.alertId()).contains("alert-1");
        assertThat(result.errorId()).contains("error-1");
        assertThat(recorded).singleElement().satisfies(o -> {
            assertThat(o.jobRunId()).isEqualTo("run-1");
            assertThat(o.details().url()).endsWith("/3/movie/1");
        });
        assertThat(server.lastRequest().header("x-api-key")).isEqualTo("k-secret-1");
        assertThat(permitsDone).containsExactly("/3/movie/1 Failure");
        assertThat(observed).singleElement().satisfies(f -> {
            assertThat(f.result()).isSameAs(result);
            assertThat(f.sent()).isTrue();
            assertThat(f.held().forPace()).isEqualTo(Duration.ofMillis(25));
            assertThat(f.at()).isEqualTo(NOW);
        });
    }

    @Test
    void a_secret_the_classifier_quotes_from_the_body_is_scrubbed_before_anyone_sees_it() {
        server.answer(Response.json(403, "{\"message\":\"key k-secret-2 is revoked\"}"));
        Calls calls = calls(ServiceId.TMDB, false, noting());

        CallResult result = calls.call(get(ServiceId.TMDB, "/3/movie/1", Secret.of("k-secret-2")),
                CallContext.job("run-1"));

        Outcome.Failure f = PipelineFixture.failure(result);
        assertThat(shown).singleElement().satisfies(r -> assertThat(r.body()).contains("k-secret-2"));
        assertThat(f.message()).isEqualTo("rejected: {\"message\":\"key " + Sanitizer.REDACTED + " is revoked\"}");
        assertThat(recorded.get(0).failure().message()).doesNotContain("k-secret-2");
        assertThat(recorded.get(0).details().responseExcerpt()).doesNotContain("k-secret-2");
    }

    @Test
    void a_refused_connection_is_classified_by_the_pipeline_and_never_shown_to_the_classifier() {
        Calls calls = calls(ServiceId.MEDIASERVER, true, noting());
        CallRequest request = CallRequest.get(ServiceId.MEDIASERVER,
                URI.create("http://127.0.0.1:" + PipelineFixture.closedPort() + "/System/Info")).build();

        CallResult result = calls.call(request, CallContext.probe());

        Outcome.Failure f = PipelineFixture.failure(result);
        assertThat(f.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(f.code()).isEqualTo("connection_refused");
        assertThat(shown).isEmpty();
        assertThat(result.reply()).isEmpty();
        assertThat(permitsDone).containsExactly("/System/Info Failure");
        assertThat(recorded).hasSize(1);
    }

    @Test
    void a_cdn_error_page_in_front_of_a_public_service_is_an_outage_decided_before_its_classifier() {
        // Cloudflare's own 5xx pages are HTML with a cf-ray header; 502 is "Bad gateway" (Cloudflare's
        // documentation of its 5xx errors, "Error 502 bad gateway or error 504 gateway timeout").
        server.answer(Response.html(502, "<!DOCTYPE html><html><head><title>example.com | 502: Bad gateway"
                + "</title></head><body><h1>Bad gateway</h1><span>Error code 502</span></body></html>",
                "CF-RAY", "8c1d3e2a1b2c3d4e-AMS", "Server", "cloudflare"));
        Calls calls = calls(ServiceId.OMDB, false, noting());

        CallResult result = calls.call(get(ServiceId.OMDB, "/", Secret.of("k-secret-3")), CallContext.job("run-1"));

        Outcome.Failure f = PipelineFixture.failure(result);
        assertThat(f.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(f.code()).isEqualTo("502");
        assertThat(shown).isEmpty();
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void a_self_hosted_servers_html_page_is_its_classifiers_to_read() {
        server.answer(Response.html(502, "<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>"));
        Calls calls = calls(ServiceId.MEDIASERVER, true, noting());

        CallResult result = calls.call(get(ServiceId.MEDIASERVER, "/System/Info", Secret.of("k-secret-4")),
                CallContext.probe());

        assertThat(PipelineFixture.failure(result).code()).isEqualTo("denied");
        assertThat(shown).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(502));
    }

    @Test
    void a_redirect_is_a_configuration_failure_whatever_the_service() {
        server.answer(new Response(302, "", Map.of("Location", "/login?next=%2F")));
        Calls calls = calls(ServiceId.JELLYSEERR, true, noting());

        CallResult result = calls.call(get(ServiceId.JELLYSEERR, "/api/v1/status", Secret.of("k-secret-5")),
                CallContext.probe());

        Outcome.Failure f = PipelineFixture.failure(result);
        assertThat(f.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(f.code()).isEqualTo("redirect");
        assertThat(f.message()).contains(server.baseUrl() + "/login");
        assertThat(shown).isEmpty();
    }

    @Test
    void a_call_pacing_refuses_is_not_sent_not_recorded_and_observed_once() {
        Instant reset = NOW.plus(Duration.ofHours(1));
        List<String> admitted = new ArrayList<>();
        Pacing refusing = (request, context) -> {
            admitted.add(request.uri().getPath());
            return new Pacing.Refused(new Outcome.NotSent(Outcome.NotSent.Reason.RESET_PENDING, Optional.of(reset)),
                    Pacing.Held.NONE);
        };
        Calls calls = calls(ServiceId.TMDB, false, refusing);

        CallResult result = calls.call(get(ServiceId.TMDB, "/3/movie/1", Secret.of("k-secret-6")),
                CallContext.job("run-1"));

        assertThat(result.outcome()).isEqualTo(new Outcome.NotSent(Outcome.NotSent.Reason.RESET_PENDING,
                Optional.of(reset)));
        assertThat(((Outcome.NotSent) result.outcome()).message(ServiceId.TMDB))
                .isEqualTo("Not sent: TMDb asked Aperture to wait until " + dev.aperture.logs.LocalTimes.dated(reset) + ".")
                .doesNotContain("2026-03-14T16:09:26Z");
        assertThat(admitted).containsExactly("/3/movie/1");
        assertThat(server.requests()).isEmpty();
        assertThat(recorded).isEmpty();
        assertThat(result.recorded()).isEmpty();
        assertThat(observed).singleElement().satisfies(f -> assertThat(f.sent()).isFalse());
    }

    @Test
    void an_unsaved_settings_test_reports_its_failure_without_recording_it() {
        server.answer(Response.json(401, "{}"));
        Calls calls = calls(ServiceId.TMDB, false, noting());

        CallResult result = calls.call(get(ServiceId.TMDB, "/3/authentication", Secret.of("k-secret-7")),
                CallContext.test(false));

        assertThat(PipelineFixture.failure(result).type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(recorded).isEmpty();
        assertThat(result.recorded()).isEmpty();
        assertThat(observed).hasSize(1);
    }
}
