package dev.aperture.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.Pacing;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Integration;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.mdblist.MdblistIntegration;
import dev.aperture.integrations.openai.OpenaiIntegration;
import dev.aperture.integrations.tmdb.TmdbIntegration;
import dev.aperture.integrations.trakt.TraktIntegration;
import dev.aperture.secrets.Secret;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.PipelineFixture;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pacing stage in the real pipeline against a fake on loopback, on a clock that waits move. */
class PacerTest {

    private static final String TMDB_OK = "{\"success\":true,\"status_code\":1}";

    private PipelineFixture fixture;
    private Pacer pacer;
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final TablePeers peers = new TablePeers();

    /** Peers as a map, the way the database table holds them. */
    private static final class TablePeers implements Peers {
        volatile int sharing = 1;
        final Map<ServiceId, Hold> table = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public int sharing() {
            return sharing;
        }

        @Override
        public void held(ServiceId service, Instant until) {
            table.merge(service, new Hold(until, java.util.Optional.empty()), (old, now) ->
                    new Hold(old.until().isAfter(until) ? old.until() : until, old.releasedAt()));
        }

        @Override
        public void released(ServiceId service, Instant at) {
            table.put(service, new Hold(Instant.EPOCH, java.util.Optional.of(at)));
        }

        @Override
        public Map<ServiceId, Hold> holds() {
            return Map.copyOf(table);
        }
    }

    private PipelineFixture start(Integration integration) {
        return start(integration, PacingSettings.defaults());
    }

    private PipelineFixture start(Integration integration, PacingSettings settings) {
        fixture = new PipelineFixture(integration, Duration.ofSeconds(2), clock -> {
            pacer = new Pacer(Map.of(integration.id(), settings.apply(integration.id(), integration.pacing())), settings,
                    clock, d -> {
                        slept.add(d);
                        clock.advance(d);
                    }, peers);
            return (request, context) -> {
                Pacing.Admission admission = pacer.admit(request, context);
                if (admission instanceof Pacing.Refused refused) {
                    refusals.add(refused.why().reason().wire());
                }
                return admission;
            };
        });
        return fixture;
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Settings settings() {
        return Settings.empty().with(Field.BASE_URL, fixture.server.baseUrl())
                .withSecret(Field.API_KEY, Secret.of("k-123")).with(Field.CLIENT_ID, "client-1")
                .withSecret(Field.CLIENT_SECRET, Secret.of("s-1"));
    }

    private CallResult tmdb(String path, CallContext context) {
        return fixture.calls().call(new TmdbIntegration().get(settings(), path, Map.of()), context);
    }

    @Test
    void calls_to_one_service_are_spaced_at_its_documented_rate_less_the_headroom() {
        start(new TmdbIntegration()).server.answer(Response.json(200, TMDB_OK));
        Instant t0 = fixture.clock.instant();
        for (int i = 0; i < 5; i++) {
            assertThat(tmdb("/movie/" + i, CallContext.job("run-1")).ok()).isTrue();
        }
        assertThat(fixture.server.requests()).hasSize(5);
        assertThat(fixture.server.requests().get(4).path()).isEqualTo("/3/movie/4");
        // 40/s at 97 %: 25.77 ms apart; the first call went straight out.
        assertThat(slept).hasSize(4).allSatisfy(d -> assertThat(d.toNanos()).isBetween(25_700_000L, 25_800_000L));
        assertThat(Duration.between(t0, fixture.clock.instant()).toMillis()).isBetween(102L, 104L);
    }

    @Test
    void two_instances_sharing_a_service_each_space_calls_at_half_its_rate() {
        start(new TmdbIntegration()).server.answer(Response.json(200, TMDB_OK));
        peers.sharing = 2;
        for (int i = 0; i < 5; i++) {
            assertThat(tmdb("/movie/" + i, CallContext.job("run-1")).ok()).isTrue();
        }
        assertThat(fixture.server.requests()).hasSize(5);
        // 40/s at 97 % split in two: 51.55 ms apart.
        assertThat(slept).hasSize(4).allSatisfy(d -> assertThat(d.toNanos()).isBetween(51_500_000L, 51_600_000L));
        assertThat(pacer.readsPerSecond(ServiceId.TMDB)).isBetween(19.3, 19.5);
    }

    @Test
    void a_retry_after_one_instance_was_told_is_shared_and_a_peer_holds_until_it() {
        AtomicInteger n = new AtomicInteger();
        start(new TmdbIntegration()).server.answer("/3/", r -> n.getAndIncrement() == 0
                ? Response.json(429, "{\"status_code\":25,\"status_message\":\"Too many\"}", "Retry-After", "30")
                : Response.json(200, TMDB_OK));
        Instant t0 = fixture.clock.instant();
        tmdb("/movie/1", CallContext.job("run-1"));
        assertThat(peers.table.get(ServiceId.TMDB).until()).isEqualTo(t0.plusSeconds(30));

        peers.table.put(ServiceId.TMDB, new Peers.Hold(t0.plusSeconds(45), java.util.Optional.empty()));
        pacer.sync();

        assertThat(pacer.waitingUntil(ServiceId.TMDB)).contains(t0.plusSeconds(45));
        assertThat(tmdb("/movie/2", CallContext.job("run-1")).ok()).isTrue();
        assertThat(fixture.clock.instant()).isAfterOrEqualTo(t0.plusSeconds(45));
    }

    @Test
    void settings_saved_on_another_instance_lift_the_old_keys_wait_here_at_the_next_sync() {
        start(new TmdbIntegration()).server.answer("/3/", r -> Response.json(429,
                "{\"status_code\":25,\"status_message\":\"Too many\"}", "Retry-After", "3600"));
        Instant t0 = fixture.clock.instant();
        tmdb("/movie/1", CallContext.job("run-1"));
        pacer.sync();
        assertThat(pacer.waitingUntil(ServiceId.TMDB)).contains(t0.plusSeconds(3600));

        peers.released(ServiceId.TMDB, t0.plusSeconds(1));
        pacer.sync();

        assertThat(pacer.waitingUntil(ServiceId.TMDB)).isEmpty();
    }

    @Test
    void saving_settings_here_tells_the_peers_and_does_not_forget_twice() {
        start(new TmdbIntegration()).server.answer(Response.json(200, TMDB_OK));
        pacer.forget(ServiceId.TMDB);
        assertThat(peers.table.get(ServiceId.TMDB).releasedAt()).contains(fixture.clock.instant());
        Instant later = fixture.clock.instant().plusSeconds(600);
        peers.held(ServiceId.TMDB, later);

        pacer.sync();

        assertThat(pacer.waitingUntil(ServiceId.TMDB)).contains(later);
    }

    @Test
    void a_retry_after_holds_every_caller_until_the_reset_and_then_the_call_is_sent() {
        AtomicInteger n = new AtomicInteger();
        start(new TmdbIntegration()).server.answer("/3/", r -> n.getAndIncrement() == 0
                ? Response.json(429, "{\"status_code\":25,\"status_message\":\"Too many\"}", "Retry-After", "30")
                : Response.json(200, TMDB_OK));
        Instant t0 = fixture.clock.instant();
        assertThat(tmdb("/movie/1", CallContext.job("run-1")).outcome()).isInstanceOf(Outcome.Failure.class);
        assertThat(pacer.waitingUntil(ServiceId.TMDB)).contains(t0.plusSeconds(30));

        CallResult next = tmdb("/movie/2", CallContext.probe());

        assertThat(next.ok()).isTrue();
        assertThat(slept).anySatisfy(d -> assertThat(d).isEqualTo(Duration.ofSeconds(30)));
        assertThat(fixture.clock.instant()).isAfterOrEqualTo(t0.plusSeconds(30));
        assertThat(fixture.server.requests()).extracting(r -> r.path()).containsExactly("/3/movie/1", "/3/movie/2");
    }

    @Test
    void a_reset_beyond_the_wait_bound_refuses_job_calls_without_sending_or_recording_them() {
        start(new TmdbIntegration()).server.answer(Response.json(429,
                "{\"status_code\":25,\"status_message\":\"Too many\"}", "Retry-After", "3600"));
        Instant t0 = fixture.clock.instant();
        tmdb("/movie/1", CallContext.job("run-1"));
        int recordedBefore = fixture.recorded.size();

        CallResult refused = tmdb("/movie/2", CallContext.job("run-1"));

        Outcome.NotSent n = (Outcome.NotSent) refused.outcome();
        assertThat(n.reason().type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(n.reason()).isEqualTo(Outcome.NotSent.Reason.RESET_PENDING);
        assertThat(n.resetAt()).contains(t0.plusSeconds(3600));
        assertThat(fixture.server.requests()).hasSize(1);
        assertThat(fixture.recorded).hasSize(recordedBefore);
        assertThat(refusals).containsExactly("rate_limited");
    }

    @Test
    void mdblist_remaining_zero_with_a_reset_holds_callers_until_that_reset() {
        start(new MdblistIntegration());
        long reset = fixture.clock.instant().getEpochSecond() + 20;
        AtomicInteger n = new AtomicInteger();
        fixture.server.answer("/user", r -> Response.json(200, "{\"user_id\":1}", "X-RateLimit-Limit", "1000",
                "X-RateLimit-Remaining", n.getAndIncrement() == 0 ? "0" : "999", "X-RateLimit-Reset", "" + reset));
        CallRequest probe = new MdblistIntegration().probe(settings());
        assertThat(fixture.calls().call(probe, CallContext.job("r")).ok()).isTrue();

        assertThat(fixture.calls().call(probe, CallContext.job("r")).ok()).isTrue();

        assertThat(slept).contains(Duration.ofSeconds(20));
        assertThat(fixture.server.requests()).hasSize(2);
    }

    @Test
    void openai_remaining_requests_zero_holds_callers_for_the_stated_reset() {
        start(new OpenaiIntegration());
        AtomicInteger n = new AtomicInteger();
        fixture.server.answer("/models", r -> Response.json(200, "{\"data\":[]}", "x-ratelimit-limit-requests", "500",
                "x-ratelimit-remaining-requests", n.getAndIncrement() == 0 ? "0" : "499",
                "x-ratelimit-reset-requests", "6s"));
        CallRequest probe = new OpenaiIntegration().probe(settings());
        fixture.calls().call(probe, CallContext.job("r"));

        fixture.calls().call(probe, CallContext.job("r"));

        assertThat(slept).contains(Duration.ofSeconds(6));
        assertThat(fixture.server.requests().get(1).header("authorization")).isEqualTo("Bearer k-123");
    }

    @Test
    void trakt_x_ratelimit_json_on_a_429_holds_callers_until_its_until() {
        start(new TraktIntegration());
        Instant until = fixture.clock.instant().plusSeconds(45);
        AtomicInteger n = new AtomicInteger();
        fixture.server.answer("/genres", r -> n.getAndIncrement() == 0
                ? Response.json(429, "", "X-Ratelimit", "{\"name\":\"UNAUTHED_API_GET_LIMIT\",\"period\":300,"
                        + "\"limit\":1000,\"remaining\":0,\"until\":\"" + until + "\"}")
                : Response.json(200, "[]"));
        CallRequest probe = new TraktIntegration().probe(settings());
        fixture.calls().call(probe, CallContext.job("r"));

        assertThat(fixture.calls().call(probe, CallContext.job("r")).ok()).isTrue();

        assertThat(slept).contains(Duration.ofSeconds(45));
        assertThat(fixture.server.lastRequest().header("trakt-api-key")).isEqualTo("client-1");
    }

    @Test
    void a_429_despite_pacing_halves_the_rate_which_recovers_after_a_quiet_spell() {
        AtomicInteger n = new AtomicInteger();
        start(new TmdbIntegration()).server.answer("/3/", r -> n.getAndIncrement() == 1
                ? Response.json(429, "{\"status_code\":25,\"status_message\":\"Too many\"}", "Retry-After", "1")
                : Response.json(200, TMDB_OK));
        double full = pacer.readsPerSecond(ServiceId.TMDB);
        tmdb("/movie/1", CallContext.job("r"));
        tmdb("/movie/2", CallContext.job("r"));

        assertThat(pacer.readsPerSecond(ServiceId.TMDB)).isCloseTo(full / 2, org.assertj.core.data.Offset.offset(0.1));
        fixture.clock.advance(Duration.ofSeconds(12));
        assertThat(pacer.readsPerSecond(ServiceId.TMDB)).isBetween(full / 2 + 1, full - 1);
        fixture.clock.advance(Duration.ofSeconds(30));
        assertThat(pacer.readsPerSecond(ServiceId.TMDB)).isCloseTo(full, org.assertj.core.data.Offset.offset(0.1));
        assertThat(full).isCloseTo(40 * 0.97, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void trakt_writes_are_paced_at_one_per_second_apart_from_its_gets() {
        start(new TraktIntegration()).server.answer(Response.json(201, "{}"));
        URI uri = URI.create(fixture.server.baseUrl() + "/sync/history");
        CallRequest write = CallRequest.post(ServiceId.TRAKT, uri, "{}").build();
        CallRequest read = new TraktIntegration().probe(settings());
        fixture.calls().call(write, CallContext.job("r"));
        fixture.calls().call(read, CallContext.job("r"));
        assertThat(slept).isEmpty();

        fixture.calls().call(write, CallContext.job("r"));

        assertThat(slept).hasSize(1);
        assertThat(slept.get(0).toMillis()).isBetween(1000L, 1040L);
        assertThat(fixture.server.requests()).extracting(r -> r.method()).containsExactly("POST", "GET", "POST");
    }

    @Test
    void an_open_breaker_refuses_job_calls_but_lets_a_probe_through_whose_pass_closes_it() {
        AtomicInteger down = new AtomicInteger(1);
        start(new TmdbIntegration()).server.answer("/3/", r -> down.get() == 1
                ? Response.json(503, "{\"status_code\":9,\"status_message\":\"Service offline.\"}")
                : Response.json(200, TMDB_OK));
        for (int i = 0; i < 10; i++) {
            tmdb("/movie/" + i, CallContext.job("r"));
        }
        assertThat(pacer.circuit(ServiceId.TMDB)).isEqualTo("open");

        CallResult refused = tmdb("/movie/9", CallContext.job("r"));
        assertThat(((Outcome.NotSent) refused.outcome()).reason()).isEqualTo(Outcome.NotSent.Reason.CIRCUIT_OPEN);
        assertThat(fixture.server.requests()).hasSize(10);

        down.set(0);
        assertThat(tmdb("/authentication", CallContext.probe()).ok()).isTrue();
        assertThat(pacer.circuit(ServiceId.TMDB)).isEqualTo("closed");
        assertThat(tmdb("/movie/9", CallContext.job("r")).ok()).isTrue();
        List<String> paths = new ArrayList<>();
        fixture.server.requests().forEach(r -> paths.add(r.path()));
        assertThat(paths.subList(10, 12)).containsExactly("/3/authentication", "/3/movie/9");
        assertThat(refusals).containsExactly("circuit_open");
    }

    @Test
    void rates_and_quota_limits_can_be_overridden_from_the_environment() {
        PacingSettings env = PacingSettings.fromEnvironment(Map.of("APERTURE_RATE_TRAKT", "500/5m",
                "APERTURE_QUOTA_OMDB", "100000", "APERTURE_PACING_HEADROOM", "1"));
        PacingPolicy trakt = env.apply(ServiceId.TRAKT, new TraktIntegration().pacing());
        assertThat(trakt.reads()).isEqualTo(new PacingPolicy.Rate(500, Duration.ofMinutes(5), 1));
        assertThat(trakt.writes()).isEqualTo(PacingPolicy.Rate.perSecond(1));
        assertThat(env.apply(ServiceId.OMDB, new dev.aperture.integrations.omdb.OmdbIntegration().pacing())
                .quota().limit()).hasValue(100_000);
        assertThat(env.headroom()).isEqualTo(1.0);
    }
}
