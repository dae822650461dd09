package dev.aperture.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.Calls;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.HttpWire;
import dev.aperture.calls.Pacing;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.mdblist.MdblistIntegration;
import dev.aperture.integrations.tmdb.TmdbIntegration;
import dev.aperture.secrets.Secret;
import dev.aperture.store.Database;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.MutableClock;
import dev.aperture.testing.TestDatabases;
import dev.aperture.web.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every row of docs/alert-states.md: real MDBList and TMDb classifiers behind the real pipeline, fake
 * providers on loopback answering their documented errors, the alert store on SQLite and PostgreSQL.
 */
@Execution(ExecutionMode.CONCURRENT)
class AlertStatesTest {

    private static final String MDBLIST_KEY = "k3yfr0mmdbl1st0000000000";
    private static final String TMDB_KEY = "0123456789abcdef0123456789abcdef";
    /** GET /user (https://mdblist.docs.apiary.io/, "User"): the key's daily limit and use. */
    private static final String MDBLIST_USER = "{\"api_requests\":1000,\"api_requests_count\":12,\"user_id\":4242,"
            + "\"patron_status\":\"active_patron\"}";
    /** Over the daily limit (providers.md, MDBList): 429 with Retry-After = seconds to the reset. */
    private static final Response MDBLIST_LIMIT = Response.json(429, "{\"error\":\"Daily API limit exceeded!\"}",
            "Retry-After", "3600", "X-RateLimit-Limit", "1000", "X-RateLimit-Remaining", "0");
    /** Invalid key (providers.md, MDBList): 401 with {"error": …}. */
    private static final Response MDBLIST_BAD_KEY = Response.json(401, "{\"error\":\"Invalid API key\"}");
    /** Outage (providers.md, MDBList: 500/502). */
    private static final Response MDBLIST_DOWN = Response.json(502, "{\"error\":\"Bad Gateway\"}");
    /** A website instead of the API at the base URL: a configuration problem about the address. */
    private static final Response WEBSITE = Response.html(200, "<!doctype html><html><title>MDBList</title></html>");
    /** TMDb errors (developer.themoviedb.org/docs/errors): 7 invalid key (401), 25 over the limit (429), 34 (404). */
    private static final Response TMDB_BAD_KEY = Response.json(401, tmdbError(7, "Invalid API key: You must be "
            + "granted a valid key."));
    private static final Response TMDB_LIMIT = Response.json(429, tmdbError(25, "Your request count (#) is over the "
            + "allowed limit of (40)."));
    private static final Response TMDB_MISSING = Response.json(404, tmdbError(34, "The resource you requested "
            + "could not be found."));
    private static final Response TMDB_DOWN = Response.json(503, tmdbError(9, "Service offline."));

    private final FakeServer mdblistServer = new FakeServer();
    private final FakeServer tmdbServer = new FakeServer();
    private final MdblistIntegration mdblist = new MdblistIntegration();
    private final TmdbIntegration tmdb = new TmdbIntegration();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T15:09:26Z"));
    private TestDatabases.Target target;
    private Database db;
    private AlertStore book;
    private Calls calls;

    private void open(TestDatabases kind) {
        target = kind.create();
        db = target.open();
        book = new AlertStore(db, clock, AlertListener.NONE, Json.newMapper());
        Superseding superseding = new Superseding(book::ongoing, book::end);
        calls = new Calls(Map.of(ServiceId.MDBLIST, mdblist.classifier(), ServiceId.TMDB, tmdb.classifier()),
                Map.of(ServiceId.MDBLIST, false, ServiceId.TMDB, false),
                new HttpWire(Duration.ofSeconds(2), Duration.ofSeconds(5), 1 << 20), Pacing.NONE, book,
                superseding, clock, List::of);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        if (target != null) {
            target.close();
        }
        mdblistServer.close();
        tmdbServer.close();
    }

    private static String tmdbError(int code, String message) {
        return "{\"success\":false,\"status_code\":" + code + ",\"status_message\":\"" + message + "\"}";
    }

    private Settings mdblistSettings() {
        return Settings.empty().with(Field.BASE_URL, mdblistServer.baseUrl())
                .withSecret(Field.API_KEY, Secret.of(MDBLIST_KEY));
    }

    private Settings tmdbSettings() {
        return Settings.empty().with(Field.BASE_URL, tmdbServer.baseUrl() + "/3")
                .withSecret(Field.API_KEY, Secret.of(TMDB_KEY));
    }

    /** MDBList's health-check probe (GET /user) answered with {@code answer}. */
    private CallResult probeMdblist(Response answer) {
        mdblistServer.answer("/user", answer);
        clock.advance(Duration.ofSeconds(30));
        return calls.call(mdblist.probe(mdblistSettings()), CallContext.probe());
    }

    private CallResult testMdblist(Response answer) {
        mdblistServer.answer("/user", answer);
        clock.advance(Duration.ofSeconds(30));
        return calls.call(mdblist.probe(mdblistSettings()), CallContext.test(true));
    }

    private CallResult tmdbJob(String path, Response answer) {
        tmdbServer.answer("/3" + path, answer);
        clock.advance(Duration.ofSeconds(30));
        return calls.call(tmdb.get(tmdbSettings(), path, Map.of()), CallContext.job("run-1"));
    }

    private List<ErrorType> openTypes(ServiceId service) {
        return book.ongoing(service.id()).stream().map(Alert::type).sorted().toList();
    }

    private Alert ended(ServiceId service, ErrorType type) {
        return book.history(Optional.of(service.id()), 50).stream().filter(a -> a.type() == type)
                .findFirst().orElseThrow(() -> new AssertionError("no ended " + type + " alert of " + service));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void an_outage_ends_with_the_rate_limit_answer_that_proved_the_service_reachable(TestDatabases kind) {
        open(kind);
        probeMdblist(MDBLIST_DOWN);
        assertThat(openTypes(ServiceId.MDBLIST)).containsExactly(ErrorType.OUTAGE);

        probeMdblist(MDBLIST_LIMIT);

        assertThat(openTypes(ServiceId.MDBLIST)).containsExactly(ErrorType.RATE_LIMIT);
        Alert outage = ended(ServiceId.MDBLIST, ErrorType.OUTAGE);
        assertThat(outage.endedBy()).isEqualTo("rate limit answer 429 from MDBList (health check)");
        assertThat(outage.resolution()).isEqualTo(Resolution.HEALTH_CHECK);
        assertThat(outage.resolvedAt()).isEqualTo(clock.instant());
        assertThat(mdblistServer.lastRequest().query()).contains("apikey=" + MDBLIST_KEY);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void an_authentication_failure_ends_an_outage_and_a_wrong_address_but_is_no_proof_of_the_key(TestDatabases kind) {
        open(kind);
        probeMdblist(WEBSITE);
        assertThat(openTypes(ServiceId.MDBLIST)).containsExactly(ErrorType.CONFIGURATION);

        probeMdblist(MDBLIST_BAD_KEY);

        assertThat(openTypes(ServiceId.MDBLIST)).containsExactly(ErrorType.AUTHENTICATION);
        assertThat(ended(ServiceId.MDBLIST, ErrorType.CONFIGURATION).endedBy())
                .isEqualTo("authentication failure answer 401 from MDBList (health check)");

        probeMdblist(MDBLIST_DOWN);
        // The provider's outage answer says nothing about the key: both stay until an answer disproves one.
        assertThat(openTypes(ServiceId.MDBLIST)).containsExactly(ErrorType.AUTHENTICATION, ErrorType.OUTAGE);

        probeMdblist(MDBLIST_BAD_KEY);

        assertThat(openTypes(ServiceId.MDBLIST)).containsExactly(ErrorType.AUTHENTICATION);
        assertThat(ended(ServiceId.MDBLIST, ErrorType.OUTAGE).endedBy())
                .isEqualTo("authentication failure answer 401 from MDBList (health check)");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_website_at_the_address_is_not_the_api_answering_so_it_ends_no_outage(TestDatabases kind) {
        open(kind);
        probeMdblist(MDBLIST_DOWN);

        probeMdblist(WEBSITE);

        assertThat(openTypes(ServiceId.MDBLIST)).containsExactly(ErrorType.OUTAGE, ErrorType.CONFIGURATION);

        probeMdblist(MDBLIST_DOWN);

        // The provider's own JSON, even an outage, proves the address: the configuration alert ends.
        assertThat(openTypes(ServiceId.MDBLIST)).containsExactly(ErrorType.OUTAGE);
        assertThat(ended(ServiceId.MDBLIST, ErrorType.CONFIGURATION).endedBy())
                .isEqualTo("outage answer 502 from MDBList (health check)");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void mdblist_checks_the_key_before_its_daily_limit_so_a_limit_answer_ends_an_authentication_alert(
            TestDatabases kind) {
        open(kind);
        testMdblist(MDBLIST_BAD_KEY);

        testMdblist(MDBLIST_LIMIT);

        assertThat(openTypes(ServiceId.MDBLIST)).containsExactly(ErrorType.RATE_LIMIT);
        Alert auth = ended(ServiceId.MDBLIST, ErrorType.AUTHENTICATION);
        assertThat(auth.endedBy()).isEqualTo("rate limit answer 429 from MDBList (Test Connection)");
        assertThat(auth.resolution()).isEqualTo(Resolution.TEST_CONNECTION);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void tmdbs_rate_limit_comes_from_its_cdn_before_the_key_so_the_authentication_alert_stays(TestDatabases kind) {
        open(kind);
        tmdbJob("/movie/550", TMDB_BAD_KEY);

        tmdbJob("/movie/550", TMDB_LIMIT);

        assertThat(openTypes(ServiceId.TMDB)).containsExactly(ErrorType.AUTHENTICATION, ErrorType.RATE_LIMIT);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_per_item_miss_proves_the_key_and_ends_authentication_and_outage(TestDatabases kind) {
        open(kind);
        tmdbJob("/movie/550", TMDB_BAD_KEY);
        tmdbJob("/movie/550", TMDB_DOWN);
        assertThat(openTypes(ServiceId.TMDB)).containsExactly(ErrorType.AUTHENTICATION, ErrorType.OUTAGE);

        tmdbJob("/movie/999999999", TMDB_MISSING);

        assertThat(openTypes(ServiceId.TMDB)).isEmpty();
        assertThat(ended(ServiceId.TMDB, ErrorType.AUTHENTICATION).endedBy())
                .isEqualTo("\"not found\" answer 404 from TMDb (job run)");
        assertThat(ended(ServiceId.TMDB, ErrorType.AUTHENTICATION).resolution()).isEqualTo(Resolution.JOB);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_rate_limit_ends_at_its_reset_when_the_next_answer_is_not_another_limit(TestDatabases kind) {
        open(kind);
        probeMdblist(MDBLIST_LIMIT);
        Instant reset = book.ongoing("mdblist").get(0).resetAt();
        assertThat(reset).isEqualTo(clock.instant().plusSeconds(3600));

        // Before the reset a passing probe proves nothing about the quota (it may not count against it).
        probeMdblist(Response.json(200, MDBLIST_USER));
        assertThat(openTypes(ServiceId.MDBLIST)).containsExactly(ErrorType.RATE_LIMIT);

        clock.set(reset);
        probeMdblist(MDBLIST_DOWN);

        assertThat(openTypes(ServiceId.MDBLIST)).containsExactly(ErrorType.OUTAGE);
        assertThat(ended(ServiceId.MDBLIST, ErrorType.RATE_LIMIT).endedBy())
                .isEqualTo("outage answer 502 from MDBList (health check)");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void another_limit_after_the_reset_keeps_the_rate_limit_open_with_the_new_reset(TestDatabases kind) {
        open(kind);
        probeMdblist(MDBLIST_LIMIT);
        String id = book.ongoing("mdblist").get(0).id();
        clock.advance(Duration.ofHours(2));

        probeMdblist(MDBLIST_LIMIT);

        List<Alert> open = book.ongoing("mdblist");
        assertThat(open).extracting(Alert::id).containsExactly(id);
        assertThat(open.get(0).resetAt()).isEqualTo(clock.instant().plusSeconds(3600));
        assertThat(open.get(0).count()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_success_ends_everything_service_level_but_not_a_lists_problem(TestDatabases kind) {
        open(kind);
        mdblistServer.answer("/lists/", Response.json(404, "{\"error\":\"List not found\"}"));
        calls.call(mdblist.listItems(mdblistSettings(), "12345"), CallContext.job("run-1"));
        probeMdblist(MDBLIST_BAD_KEY);
        probeMdblist(MDBLIST_DOWN);
        assertThat(openTypes(ServiceId.MDBLIST)).containsExactly(ErrorType.AUTHENTICATION, ErrorType.OUTAGE,
                ErrorType.CONFIGURATION);

        probeMdblist(Response.json(200, MDBLIST_USER));

        List<Alert> open = book.ongoing("mdblist");
        assertThat(open).extracting(Alert::type, Alert::subject).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ErrorType.CONFIGURATION, "12345"));
        assertThat(ended(ServiceId.MDBLIST, ErrorType.AUTHENTICATION).endedBy())
                .isEqualTo("successful answer 200 from MDBList (health check)");

        mdblistServer.answer("/lists/", Response.json(200, "{\"movies\":[],\"shows\":[]}"));
        clock.advance(Duration.ofMinutes(1));
        calls.call(mdblist.listItems(mdblistSettings(), "12345"), CallContext.job("run-2"));

        assertThat(openTypes(ServiceId.MDBLIST)).isEmpty();
        assertThat(book.history(Optional.of("mdblist"), 10).get(0).endedBy())
                .isEqualTo("successful answer 200 from MDBList for 12345 (job run)");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void four_alert_types_are_never_open_at_once_when_the_latest_answers_contradict_them(TestDatabases kind) {
        open(kind);
        probeMdblist(WEBSITE);
        probeMdblist(MDBLIST_BAD_KEY);
        probeMdblist(MDBLIST_DOWN);
        probeMdblist(MDBLIST_LIMIT);

        assertThat(openTypes(ServiceId.MDBLIST)).containsExactly(ErrorType.RATE_LIMIT);

        tmdbServer.answer("/3/authentication", WEBSITE);
        calls.call(tmdb.probe(tmdbSettings()), CallContext.probe());
        tmdbJob("/movie/550", TMDB_BAD_KEY);
        tmdbJob("/movie/550", TMDB_DOWN);
        tmdbJob("/movie/550", TMDB_LIMIT);

        // TMDb's limit is its CDN's: the key is still in doubt, the address and the service are not.
        assertThat(openTypes(ServiceId.TMDB)).containsExactly(ErrorType.AUTHENTICATION, ErrorType.RATE_LIMIT);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void the_quota_warning_outlives_successes_until_its_window_resets(TestDatabases kind) {
        open(kind);
        Instant midnight = Instant.parse("2026-03-15T00:00:00Z");
        book.record(new dev.aperture.calls.Occurrence(ServiceId.MDBLIST, new dev.aperture.calls.Outcome.Failure(
                ErrorType.RATE_LIMIT, "quota_nearly_used", null, "MDBList has used 900 of its 1000 requests",
                "space out jobs").withResetAt(midnight).withSubject("quota"),
                new dev.aperture.calls.RequestDetails("GET", "(quota of mdblist)", Map.of(), null, "", 0), null,
                clock.instant()), 1);

        probeMdblist(Response.json(200, MDBLIST_USER));
        assertThat(book.ongoing("mdblist")).extracting(Alert::subject).containsExactly("quota");

        clock.set(midnight);
        probeMdblist(Response.json(200, MDBLIST_USER));
        assertThat(book.ongoing("mdblist")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_test_of_unsaved_settings_ends_nothing(TestDatabases kind) {
        open(kind);
        probeMdblist(MDBLIST_DOWN);
        mdblistServer.answer("/user", Response.json(200, MDBLIST_USER));

        calls.call(mdblist.probe(mdblistSettings()), CallContext.test(false));

        assertThat(openTypes(ServiceId.MDBLIST)).containsExactly(ErrorType.OUTAGE);
    }
}
